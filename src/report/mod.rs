//! Renderers. Each takes checked files (profile, diagnostics and their resolved places) and only
//! formats them: nothing here detects anything.
//!
//! A [`CheckedFile`] no longer holds its document: the places a renderer needs (line, page,
//! heading, the excerpt and the text around it) are resolved once, so a batch of hundreds of
//! reports keeps only its findings in memory. The terminal renderer, which quotes the document
//! itself, runs while the document is still there.

pub mod csv;
pub mod explain;
pub mod html;
pub mod json;
pub mod sarif;
pub mod snippet;
pub mod summary;
pub mod terminal;

use crate::check::Outcome;
use crate::diagnostic::{Diagnostic, Tally};
use crate::document::{Document, Format};
use crate::profile::Profile;
use serde::Serialize;
use std::ops::Range;

/// One checked file, ready to render.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    /// The path as the user gave it ("-" for standard input).
    pub path: String,
    pub format: Format,
    /// The unit's name from the front matter (`enhet`), if it gives one.
    pub unit: Option<String>,
    pub profile: Profile,
    pub findings: Vec<Finding>,
    /// The requirement keys that were checked, in pack order.
    pub requirements: Vec<String>,
}

/// A diagnostic with its places resolved against the document.
#[derive(Debug, Clone)]
pub struct Finding {
    pub diagnostic: Diagnostic,
    pub location: Location,
    /// One per `diagnostic.labels`, in the same order.
    pub labels: Vec<Location>,
}

/// Where a span is, in every way a reader may look for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub heading: Option<String>,
    /// The page of a PDF (1-based).
    pub page: Option<u32>,
    /// The paragraph (stycke) of a Word or OpenDocument file (1-based).
    pub paragraph: Option<u32>,
    /// The text at the location, shortened.
    pub excerpt: String,
    /// The text just before and after the excerpt in the same paragraph, for highlighting it
    /// in its context (HTML).
    #[serde(skip)]
    pub context: (String, String),
}

/// A path as a URI reference (SARIF artifacts, LSP documents): relative paths stay relative, absolute ones become file URIs.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A file that could not be checked.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Failure {
    pub path: String,
    pub error: String,
}

impl CheckedFile {
    /// Resolves an outcome against its document; the document can be dropped afterwards.
    pub fn new(path: String, doc: &Document, profile: Profile, outcome: Outcome) -> CheckedFile {
        let findings = outcome
            .diagnostics
            .into_iter()
            .map(|d| Finding {
                location: Location::of(doc, &d.span, d.heading.clone()),
                labels: d
                    .labels
                    .iter()
                    .map(|l| Location::of(doc, &l.span, None))
                    .collect(),
                diagnostic: d,
            })
            .collect();
        CheckedFile {
            path,
            format: doc.format,
            unit: doc.front_matter.unit.clone(),
            profile,
            findings,
            requirements: outcome.requirements,
        }
    }

    /// What the summary calls the document: the unit's name, else the file's name.
    pub fn name(&self) -> &str {
        match self.unit.as_deref() {
            Some(u) if !u.trim().is_empty() => u.trim(),
            _ => self
                .path
                .rsplit(['/', '\\'])
                .next()
                .filter(|n| !n.is_empty())
                .unwrap_or(&self.path),
        }
    }

    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.findings.iter().map(|f| &f.diagnostic)
    }

    pub fn tally(&self) -> Tally {
        let mut t = Tally::default();
        t.add(self.diagnostics());
        t
    }
}

impl Location {
    pub fn of(doc: &Document, span: &Range<usize>, heading: Option<String>) -> Location {
        let (line, column) = doc.line_col(span.start);
        let (end_line, end_column) = doc.line_col(span.end);
        let origin = doc.origin_at(span.start);
        Location {
            start: span.start,
            end: span.end,
            line,
            column,
            end_line,
            end_column,
            heading,
            page: origin.page,
            paragraph: origin.paragraph,
            excerpt: excerpt(&doc.source, span),
            context: context(doc, span),
        }
    }

    /// "sida 3", "stycke 12" or "rad 40", for a reader of the original file.
    pub fn place(&self) -> String {
        match (self.page, self.paragraph) {
            (Some(p), _) => format!("sida {p}"),
            (None, Some(n)) => format!("stycke {n}"),
            (None, None) => format!("rad {}", self.line),
        }
    }
}

/// The text of a span on one line, at most 160 characters.
pub fn excerpt(source: &str, span: &Range<usize>) -> String {
    let text = source.get(span.clone()).unwrap_or("");
    shorten(&one_line(head(text, 4 * 160)), 160, false)
}

/// At most the first `max` bytes of `text` (whole characters), so that a span or paragraph
/// of megabytes is never copied whole only to be shortened.
fn head(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// At most the last `max` bytes of `text` (whole characters).
fn tail(text: &str, max: usize) -> &str {
    let mut start = text.len().saturating_sub(max);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

/// Up to 120 characters on each side of the span, within its paragraph.
fn context(doc: &Document, span: &Range<usize>) -> (String, String) {
    let Some(block) = doc
        .blocks
        .iter()
        .find(|b| b.span.start <= span.start && span.start < b.span.end.max(b.span.start + 1))
    else {
        return Default::default();
    };
    let before = doc.source.get(block.span.start..span.start).unwrap_or("");
    let after = doc
        .source
        .get(span.end.min(block.span.end)..block.span.end)
        .unwrap_or("");
    (
        shorten(&one_line(tail(before, 4 * 120)), 120, true),
        shorten(&one_line(head(after, 4 * 120)), 120, false),
    )
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` characters, cut at the front (`from_end`) or the back, marked with "…".
fn shorten(text: &str, max: usize, from_end: bool) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    if from_end {
        let tail: String = text.chars().skip(count - max).collect();
        format!("…{tail}")
    } else {
        let head: String = text.chars().take(max).collect();
        format!("{head}…")
    }
}

pub fn tally(files: &[CheckedFile]) -> Tally {
    let mut t = Tally::default();
    for f in files {
        t.add(f.diagnostics());
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            uri("rapporter/Åby skola.docx"),
            "rapporter/%C3%85by%20skola.docx"
        );
        assert_eq!(uri("/tmp/a.md"), "file:///tmp/a.md");
        assert_eq!(uri("mapp\\b.md"), "mapp/b.md");
    }

    #[test]
    fn shorten_marks_the_cut() {
        assert_eq!(shorten("åäö", 3, false), "åäö");
        assert_eq!(shorten("åäöx", 3, false), "åäö…");
        assert_eq!(shorten("åäöx", 3, true), "…äöx");
    }

    #[test]
    fn context_stays_within_the_paragraph() {
        let (doc, _) = Document::parse(
            "# Rubrik\n\nFörsta meningen. Andra meningen här.\n\nNästa stycke.\n",
            Format::Markdown,
        );
        let start = doc.source.find("Andra").unwrap();
        let span = start..start + "Andra meningen".len();
        let loc = Location::of(&doc, &span, None);
        assert_eq!(loc.excerpt, "Andra meningen");
        assert_eq!(loc.context.0, "Första meningen.");
        assert_eq!(loc.context.1, "här.");
    }
}
