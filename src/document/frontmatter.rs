//! Front matter: `---` (simple YAML) or `+++` (TOML) at the top of a document.
//!
//! Only a handful of keys matter, each accepted under its Swedish and English name, so that a
//! rektor can write `niva: enhet` and a developer `level = "enhet"`.

use super::ParseIssue;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub level: Option<String>,
    pub school_forms: Vec<String>,
    pub kind: Option<String>,
    pub unit: Option<String>,
    pub period: Option<String>,
    /// Rule ids or requirement keys switched off for this document.
    pub disable: Vec<String>,
    /// Byte length of the front matter block, 0 when there is none.
    pub len: usize,
}

/// Splits front matter off the source; returns it and where the body starts.
pub(super) fn split(source: &str, issues: &mut Vec<ParseIssue>) -> (FrontMatter, usize) {
    for fence in ["---", "+++"] {
        let Some(rest) = source.strip_prefix(fence) else {
            continue;
        };
        let Some(rest) = rest
            .strip_prefix('\n')
            .or_else(|| rest.strip_prefix("\r\n"))
        else {
            continue;
        };
        let open = source.len() - rest.len();
        let mut at = open;
        for line in rest.split_inclusive('\n') {
            if line.trim_end() == fence {
                let body = &source[open..at];
                let end = at + line.len();
                let mut fm = if fence == "+++" {
                    parse_toml(body, issues)
                } else {
                    parse_yaml(body)
                };
                fm.len = end;
                return (fm, end);
            }
            at += line.len();
        }
    }
    (FrontMatter::default(), 0)
}

fn apply(fm: &mut FrontMatter, key: &str, values: Vec<String>) {
    let first = values.first().cloned();
    match key.trim().to_lowercase().replace(['_', ' '], "-").as_str() {
        "niva" | "nivå" | "level" => fm.level = first,
        "skolformer" | "skolform" | "school-forms" | "school-form" => fm.school_forms = values,
        "typ" | "kind" | "dokumenttyp" | "dokumentslag" => fm.kind = first,
        "enhet" | "unit" | "skolenhet" | "förskoleenhet" | "namn" => fm.unit = first,
        "period" | "läsår" | "år" => fm.period = first,
        "skalint-disable" | "disable" | "skalint-av" => fm.disable = values,
        _ => {}
    }
}

fn parse_yaml(body: &str) -> FrontMatter {
    let mut fm = FrontMatter::default();
    let mut pending: Option<(String, Vec<String>)> = None;
    for line in body.lines() {
        if let Some(item) = line.trim_start().strip_prefix("- ") {
            if let Some((_, items)) = pending.as_mut() {
                items.push(unquote(item));
            }
            continue;
        }
        if let Some((key, items)) = pending.take() {
            apply(&mut fm, &key, items);
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if value.is_empty() {
            pending = Some((key.to_string(), Vec::new()));
        } else if let Some(list) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            let items = list
                .split(',')
                .map(unquote)
                .filter(|s| !s.is_empty())
                .collect();
            apply(&mut fm, key, items);
        } else {
            apply(&mut fm, key, vec![unquote(value)]);
        }
    }
    if let Some((key, items)) = pending {
        apply(&mut fm, &key, items);
    }
    fm
}

fn unquote(s: &str) -> String {
    s.trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .trim()
        .to_string()
}

fn parse_toml(body: &str, issues: &mut Vec<ParseIssue>) -> FrontMatter {
    let mut fm = FrontMatter::default();
    match body.parse::<toml::Table>() {
        Ok(table) => {
            for (key, value) in table {
                let values = match value {
                    toml::Value::String(s) => vec![s],
                    toml::Value::Array(a) => a
                        .into_iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect(),
                    other => vec![other.to_string()],
                };
                apply(&mut fm, &key, values);
            }
        }
        Err(e) => issues.push(ParseIssue {
            message: format!("front matter (TOML) kunde inte läsas: {}", e.message()),
        }),
    }
    fm
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_yaml_and_toml_front_matter() {
        let mut issues = Vec::new();
        let src = "---\nniva: enhet\nskolformer: [förskola, fritidshem]\nenhet: \"Lärkan\"\n---\n# Rubrik\n";
        let (fm, body) = split(src, &mut issues);
        assert_eq!(fm.level.as_deref(), Some("enhet"));
        assert_eq!(fm.school_forms, ["förskola", "fritidshem"]);
        assert_eq!(fm.unit.as_deref(), Some("Lärkan"));
        assert_eq!(&src[body..], "# Rubrik\n");

        let src = "+++\nlevel = \"huvudman\"\nschool_forms = [\"grundskola\"]\n+++\nText\n";
        let (fm, _) = split(src, &mut issues);
        assert_eq!(fm.level.as_deref(), Some("huvudman"));
        assert_eq!(fm.school_forms, ["grundskola"]);
        assert!(issues.is_empty());
    }

    #[test]
    fn yaml_block_lists() {
        let mut issues = Vec::new();
        let (fm, _) = split(
            "---\nskolformer:\n  - grundskola\n  - fritidshem\n---\n",
            &mut issues,
        );
        assert_eq!(fm.school_forms, ["grundskola", "fritidshem"]);
    }

    #[test]
    fn a_rule_line_is_not_front_matter() {
        let mut issues = Vec::new();
        let (fm, body) = split("---\nbara text utan slut\n", &mut issues);
        assert_eq!(fm, FrontMatter::default());
        assert_eq!(body, 0);
    }
}
