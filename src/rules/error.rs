//! Errors in rule files, rendered by miette with the offending line underlined.

use super::Source;
use miette::{Diagnostic, LabeledSpan, NamedSource};
use std::ops::Range;
use std::path::Path;

#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum RuleError {
    #[error("regelfilen {name} kunde inte läsas: {message}")]
    #[diagnostic(
        code(skalint::regelfil::syntax),
        help("Rätta TOML-syntaxen på den markerade raden.")
    )]
    Syntax {
        name: String,
        message: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("{message}")]
        span: Option<miette::SourceSpan>,
    },

    #[error("regelfilen {name} följer inte schemat (rules/rule.schema.json)")]
    #[diagnostic(
        code(skalint::regelfil::schema),
        help("Jämför med en av de inbyggda reglerna i rules/ och med rules/rule.schema.json.")
    )]
    Schema {
        name: String,
        #[source_code]
        src: NamedSource<String>,
        #[label(collection)]
        labels: Vec<LabeledSpan>,
    },

    #[error("regelfilen {name}: {message}")]
    #[diagnostic(code(skalint::regelfil::varde))]
    Value {
        name: String,
        message: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("här")]
        span: Range<usize>,
    },

    #[error("regelkatalogen {path} kunde inte läsas: {source}")]
    #[diagnostic(code(skalint::regelfil::io))]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },

    #[error("internt fel i regelpaketet: {0}")]
    #[diagnostic(code(skalint::regelfil::internt))]
    Internal(String),
}

impl RuleError {
    pub(super) fn syntax(src: &Source, span: Option<Range<usize>>, message: String) -> RuleError {
        RuleError::Syntax {
            name: src.name.clone(),
            message,
            src: NamedSource::new(&src.name, src.text.to_string()),
            span: span.map(Into::into),
        }
    }

    pub(super) fn schema(src: &Source, labels: Vec<(Range<usize>, String)>) -> RuleError {
        RuleError::Schema {
            name: src.name.clone(),
            src: NamedSource::new(&src.name, src.text.to_string()),
            labels: labels
                .into_iter()
                .map(|(s, m)| LabeledSpan::new_with_span(Some(m), s))
                .collect(),
        }
    }

    /// An error about the value at a key path, e.g. `["evidence", "0", "all", "1"]`.
    pub(super) fn at_key(src: &Source, path: &[&str], message: String) -> RuleError {
        let span = toml::de::DeTable::parse(&src.text)
            .ok()
            .and_then(|t| {
                let p: Vec<String> = path.iter().map(|s| s.to_string()).collect();
                super::spans::span_of(&t, &p, false)
            })
            .unwrap_or(0..0);
        RuleError::Value {
            name: src.name.clone(),
            message,
            src: NamedSource::new(&src.name, src.text.to_string()),
            span,
        }
    }

    pub(super) fn io(path: &Path, source: std::io::Error) -> RuleError {
        RuleError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    pub(super) fn internal(message: String) -> RuleError {
        RuleError::Internal(message)
    }
}
