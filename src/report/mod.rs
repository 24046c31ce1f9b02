//! Renderers. Each takes checked files (document, profile, diagnostics) and only formats them:
//! nothing here detects anything.

pub mod json;
pub mod terminal;

use crate::diagnostic::{Diagnostic, Tally};
use crate::document::Document;
use crate::profile::Profile;

/// One checked file, ready to render.
pub struct CheckedFile {
    /// The path as the user gave it ("-" for standard input).
    pub path: String,
    pub document: Document,
    pub profile: Profile,
    pub diagnostics: Vec<Diagnostic>,
}

/// A file that could not be checked.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Failure {
    pub path: String,
    pub error: String,
}

pub fn tally(files: &[CheckedFile]) -> Tally {
    let mut t = Tally::default();
    for f in files {
        t.add(&f.diagnostics);
    }
    t
}
