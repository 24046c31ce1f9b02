//! `skalint.toml`: a förvaltning's settings for its folders of reports. Found in the checked
//! folder or above it (or given with `--config`), validated against `docs/config.schema.json`;
//! errors point at the line with miette, as rule-file errors do.

use crate::profile::{Defaults, Kind, Level, SchoolForm};
use crate::rules::spans;
use crate::rules::{FileKind, RuleError, RulePack, Severity, Source};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "skalint.toml";
pub const SCHEMA: &str = include_str!("../docs/config.schema.json");

/// The file's content, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    pub level: Option<String>,
    pub kind: Option<String>,
    #[serde(default)]
    pub school_forms: Vec<String>,
    pub fail_on: Option<Severity>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub rules: Vec<String>,
    #[serde(default)]
    pub disable: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
}

/// A configuration read from disk.
#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub config: Config,
    text: String,
}

/// The nearest `skalint.toml` in `start` (a folder, or a file's folder) or a folder above it.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = if start.is_dir() {
        start.to_path_buf()
    } else {
        start.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let start = if start.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        start
    };
    let abs = std::fs::canonicalize(&start).ok()?;
    abs.ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
}

impl Loaded {
    pub fn read(path: &Path) -> Result<Loaded, RuleError> {
        let text = std::fs::read_to_string(path).map_err(|e| RuleError::io(path, e))?;
        Loaded::parse(path, text)
    }

    pub fn parse(path: &Path, text: String) -> Result<Loaded, RuleError> {
        let src = Source {
            name: path.display().to_string(),
            text: text.as_str().into(),
            kind: FileKind::Config,
        };
        let schema: serde_json::Value = serde_json::from_str(SCHEMA)
            .map_err(|e| RuleError::internal(format!("config schema: {e}")))?;
        let validator = jsonschema::validator_for(&schema)
            .map_err(|e| RuleError::internal(format!("config schema: {e}")))?;
        spans::validate(&src, &validator)?;
        let config: Config = spans::parse_typed(&src)?;
        Ok(Loaded {
            path: path.to_path_buf(),
            config,
            text,
        })
    }

    fn source(&self) -> Source<'_> {
        Source {
            name: self.path.display().to_string(),
            text: self.text.as_str().into(),
            kind: FileKind::Config,
        }
    }

    /// The folder relative paths in the file are resolved against.
    pub fn dir(&self) -> PathBuf {
        self.path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// The local rule folders, resolved against the file's folder.
    pub fn rule_dirs(&self) -> Vec<PathBuf> {
        self.config
            .rules
            .iter()
            .map(|r| self.dir().join(r))
            .collect()
    }

    pub fn defaults(&self) -> Defaults {
        let c = &self.config;
        Defaults {
            level: c.level.as_deref().and_then(Level::parse),
            kind: c.kind.as_deref().and_then(Kind::parse),
            school_forms: c
                .school_forms
                .iter()
                .filter_map(|s| SchoolForm::parse(s))
                .collect(),
        }
    }

    /// Every name in `disable` and `severity` must be a rule id or requirement key of the
    /// pack: a typo would otherwise switch nothing off, silently.
    pub fn check_names(&self, pack: &RulePack) -> Result<(), RuleError> {
        let known = |n: &str| !pack.find(n).is_empty();
        let src = self.source();
        for (i, name) in self.config.disable.iter().enumerate() {
            if !known(name) {
                return Err(RuleError::at_key(
                    &src,
                    &["disable", &i.to_string()],
                    unknown(name),
                ));
            }
        }
        for name in self.config.severity.keys() {
            if !known(name) {
                return Err(RuleError::at_key(&src, &["severity", name], unknown(name)));
            }
        }
        Ok(())
    }
}

fn unknown(name: &str) -> String {
    format!("ingen regel eller kravnyckel heter «{name}»; `skalint rules` listar regler och krav")
}

/// The commented starter file `skalint init` writes.
pub const STARTER: &str = r#"# skalint.toml: inställningar för granskningen av rapporterna i den här mappen och
# mapparna under den. skalint hittar filen när du granskar en mapp här, eller anger den med
# --config. Flaggor på kommandoraden går före det som står här.

# Standardvärden för dokument som inte själva anger nivå, slag och skolform i front matter.
# Utan dem avgör skalint det utifrån texten.
# level = "enhet"                   # enhet eller huvudman
# kind = "rapport"                  # rapport, plan eller klagomalsrutin
# school-forms = ["grundskola"]     # t.ex. förskola, fritidshem, gymnasieskola, komvux

# Vilken allvarlighet som ger slutstatus 1: error (standard), warning eller info.
# fail-on = "error"

# Filer och mappar som inte ska granskas (mönster som i .gitignore, inom de granskade mapparna).
exclude = ["arkiv/", "*utkast*"]

# Egna regler, t.ex. kommunens krav på en viss rubrik eller mall: mappar med .toml-filer,
# räknat från den här filens mapp. Egna kravnycklar börjar med lokal-.
# rules = ["regler"]

# Regler eller krav som inte ska granskas (regel-id eller kravnyckel, se `skalint rules`).
# disable = ["arshjul"]

# Ändrad allvarlighet för enskilda regler eller krav: error, warning eller info.
# [severity]
# vetenskaplig-grund = "error"
# SKA117 = "info"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Loaded, RuleError> {
        Loaded::parse(Path::new("skalint.toml"), text.to_string())
    }

    #[test]
    fn the_starter_file_is_valid() {
        let l = parse(STARTER).unwrap();
        assert_eq!(l.config.exclude, ["arkiv/", "*utkast*"]);
        let uncommented: String = STARTER
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|r| r.contains(" = ") || r.starts_with('['))
                    .unwrap_or(l)
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let l = parse(&uncommented).unwrap();
        l.check_names(&RulePack::embedded().unwrap()).unwrap();
        assert_eq!(l.defaults().level, Some(Level::Enhet));
        assert_eq!(l.defaults().school_forms, [SchoolForm::Grundskola]);
        assert_eq!(l.config.severity["SKA117"], Severity::Info);
    }

    #[test]
    fn schema_errors_point_at_the_line() {
        let err = parse("level = \"enhet\"\nschool-forms = [\"universitet\"]\n").unwrap_err();
        let report = format!("{:?}", miette::Report::new(err));
        assert!(report.contains("docs/config.schema.json"), "{report}");
        let err = parse("levle = \"enhet\"\n").unwrap_err();
        match err.kind() {
            crate::rules::RuleErrorKind::Schema { labels, .. } => {
                assert_eq!(labels[0].offset(), 0);
                assert!(labels[0].label().unwrap().contains("levle"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_rule_names_are_errors() {
        let l = parse("disable = [\"SKA999\"]\n").unwrap();
        let err = l.check_names(&RulePack::embedded().unwrap()).unwrap_err();
        assert!(err.to_string().contains("SKA999") || format!("{err:?}").contains("SKA999"));
    }

    #[test]
    fn found_in_a_folder_above() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        assert_eq!(find(&sub), None);
        std::fs::write(dir.path().join(FILE_NAME), "").unwrap();
        let found = find(&sub.join("rapport.md")).unwrap();
        assert_eq!(
            found,
            std::fs::canonicalize(dir.path()).unwrap().join(FILE_NAME)
        );
    }
}
