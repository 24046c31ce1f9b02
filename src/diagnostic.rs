//! The plain values detection produces and every renderer formats.

use crate::rules::{Citation, Severity};
use serde::Serialize;
use std::ops::Range;

/// Why a finding was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// No evidence for the part was found; the span is where it was expected.
    Missing,
    /// The document says itself that the part is missing; the span is that sentence.
    Admitted,
    /// One insats lacks what every insats should show; the span is the insats.
    Insats,
    /// The part builds on another part that is missing.
    Dependent,
}

/// A secondary place that explains the finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: String,
    pub requirement: String,
    pub severity: Severity,
    pub kind: FindingKind,
    /// Short name of the part, e.g. "analys av orsaker".
    pub title: String,
    pub message: String,
    pub help: String,
    pub citation: Citation,
    /// Byte span in the normalised document text.
    pub span: Range<usize>,
    /// The heading the span stands under (or is), as written in the document.
    pub heading: Option<String>,
    /// What the primary span is, in a few words.
    pub label: String,
    pub labels: Vec<Label>,
}

/// Counts findings and turns them into the exit status (0, 1), beside the renderers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Tally {
    pub fn add<'a>(&mut self, diags: impl IntoIterator<Item = &'a Diagnostic>) {
        for d in diags {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }

    /// Whether any finding is at or above `level`.
    pub fn fails(&self, level: Severity) -> bool {
        match level {
            Severity::Error => self.errors > 0,
            Severity::Warning => self.errors + self.warnings > 0,
            Severity::Info => self.errors + self.warnings + self.infos > 0,
        }
    }
}
