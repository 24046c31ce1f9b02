//! Maps JSON Schema errors (instance paths) back to byte spans in the TOML source.

use super::{RuleError, Source};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Parses a file into its typed form; a serde error keeps toml's span.
pub(crate) fn parse_typed<T: serde::de::DeserializeOwned>(src: &Source) -> Result<T, RuleError> {
    toml::from_str(&src.text).map_err(|e| RuleError::syntax(src, e.span(), e.message().to_string()))
}

/// Validates a rule file against the schema; all violations are reported at once.
pub(crate) fn validate(src: &Source, validator: &jsonschema::Validator) -> Result<(), RuleError> {
    let table = DeTable::parse(&src.text)
        .map_err(|e| RuleError::syntax(src, e.span(), e.message().to_string()))?;
    let json: serde_json::Value = toml::from_str(&src.text)
        .map_err(|e| RuleError::syntax(src, e.span(), e.message().to_string()))?;
    let mut labels = Vec::new();
    for err in validator.iter_errors(&json) {
        let path: Vec<String> = err
            .instance_path()
            .iter()
            .map(|seg| match seg {
                jsonschema::paths::LocationSegment::Property(p) => p.to_string(),
                jsonschema::paths::LocationSegment::Index(i) => i.to_string(),
            })
            .collect();
        let mut span = span_of(&table, &path, false);
        let message = match err.kind() {
            jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } => {
                if let Some(key) = unexpected.first() {
                    let mut p = path.clone();
                    p.push(key.clone());
                    span = span_of(&table, &p, true).or(span);
                }
                format!("okänd nyckel: {}", unexpected.join(", "))
            }
            jsonschema::error::ValidationErrorKind::Required { property } => {
                format!("nyckeln {property} saknas")
            }
            _ => err.to_string(),
        };
        let where_ = if path.is_empty() {
            String::new()
        } else {
            format!(" (vid {})", path.join("."))
        };
        labels.push((span.unwrap_or(0..0), format!("{message}{where_}")));
    }
    if labels.is_empty() {
        Ok(())
    } else {
        Err(RuleError::schema(src, labels))
    }
}

/// The span of the value (or, with `key`, of the key) at `path`.
pub(crate) fn span_of(
    table: &Spanned<DeTable>,
    path: &[String],
    key: bool,
) -> Option<Range<usize>> {
    let mut current: Option<&Spanned<DeValue>> = None;
    let mut span = table.span();
    let mut tbl = Some(table.get_ref());
    for (i, seg) in path.iter().enumerate() {
        let last = i + 1 == path.len();
        if let Some(t) = tbl {
            let (k, v) = t
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == seg.as_str())?;
            span = if last && key { k.span() } else { v.span() };
            current = Some(v);
        } else if let Some(DeValue::Array(arr)) = current.map(Spanned::get_ref) {
            let v = arr.get(seg.parse::<usize>().ok()?)?;
            span = v.span();
            current = Some(v);
        } else {
            return Some(span);
        }
        tbl = match current.map(Spanned::get_ref) {
            Some(DeValue::Table(t)) => Some(t),
            _ => None,
        };
    }
    Some(span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_value_and_key_spans() {
        let src = "id = \"X\"\n[[evidence]]\nall = [[\"a\", \"b(\"]]\n";
        let table = DeTable::parse(src).unwrap();
        let path: Vec<String> = ["evidence", "0", "all", "0", "1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let span = span_of(&table, &path, false).unwrap();
        assert_eq!(&src[span], "\"b(\"");
        let span = span_of(&table, &["id".to_string()], true).unwrap();
        assert_eq!(&src[span], "id");
    }
}
