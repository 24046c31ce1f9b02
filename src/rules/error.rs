//! Errors in rule files, rendered by miette with the offending line underlined.

use super::Source;
use miette::{Diagnostic, LabeledSpan, NamedSource};
use std::ops::Range;
use std::path::Path;

/// A rule pack that cannot be loaded. Boxed: it carries the file's text for the report, and
/// `Result`s on the happy path should stay small.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error(transparent)]
#[diagnostic(transparent)]
pub struct RuleError(Box<RuleErrorKind>);

impl From<RuleErrorKind> for RuleError {
    fn from(kind: RuleErrorKind) -> RuleError {
        RuleError(Box::new(kind))
    }
}

impl RuleError {
    pub fn kind(&self) -> &RuleErrorKind {
        &self.0
    }
}

#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum RuleErrorKind {
    #[error("{what} {name} kunde inte läsas: {message}")]
    #[diagnostic(
        code(skalint::regelfil::syntax),
        help("Rätta TOML-syntaxen på den markerade raden.")
    )]
    Syntax {
        what: &'static str,
        name: String,
        message: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("{message}")]
        span: Option<miette::SourceSpan>,
    },

    #[error("{what} {name} följer inte schemat ({schema})")]
    #[diagnostic(code(skalint::regelfil::schema))]
    Schema {
        what: &'static str,
        schema: &'static str,
        #[help]
        help: &'static str,
        name: String,
        #[source_code]
        src: NamedSource<String>,
        #[label(collection)]
        labels: Vec<LabeledSpan>,
    },

    #[error("{what} {name}: {message}")]
    #[diagnostic(code(skalint::regelfil::varde))]
    Value {
        what: &'static str,
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
    pub(crate) fn syntax(src: &Source, span: Option<Range<usize>>, message: String) -> RuleError {
        RuleErrorKind::Syntax {
            what: src.kind.what(),
            name: src.name.clone(),
            message,
            src: NamedSource::new(&src.name, src.text.to_string()),
            span: span.map(Into::into),
        }
        .into()
    }

    pub(crate) fn schema(src: &Source, labels: Vec<(Range<usize>, String)>) -> RuleError {
        RuleErrorKind::Schema {
            what: src.kind.what(),
            schema: src.kind.schema(),
            help: src.kind.help(),
            name: src.name.clone(),
            src: NamedSource::new(&src.name, src.text.to_string()),
            labels: labels
                .into_iter()
                .map(|(s, m)| LabeledSpan::new_with_span(Some(m), s))
                .collect(),
        }
        .into()
    }

    /// An error about the value at a key path, e.g. `["evidence", "0", "all", "1"]`.
    pub(crate) fn at_key(src: &Source, path: &[&str], message: String) -> RuleError {
        let span = toml::de::DeTable::parse(&src.text)
            .ok()
            .and_then(|t| {
                let p: Vec<String> = path.iter().map(|s| s.to_string()).collect();
                super::spans::span_of(&t, &p, false)
            })
            .unwrap_or(0..0);
        RuleErrorKind::Value {
            what: src.kind.what(),
            name: src.name.clone(),
            message,
            src: NamedSource::new(&src.name, src.text.to_string()),
            span,
        }
        .into()
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> RuleError {
        RuleErrorKind::Io {
            path: path.display().to_string(),
            source,
        }
        .into()
    }

    pub(crate) fn internal(message: String) -> RuleError {
        RuleErrorKind::Internal(message).into()
    }
}
