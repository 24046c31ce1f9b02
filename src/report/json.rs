//! The JSON report (`--format json`), described by `docs/report.schema.json`.

use super::{CheckedFile, Failure};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rules::Citation;
use serde::Serialize;

#[derive(Serialize)]
pub struct Report<'a> {
    pub skalint: &'static str,
    pub files: Vec<FileReport<'a>>,
    pub failures: &'a [Failure],
}

#[derive(Serialize)]
pub struct FileReport<'a> {
    pub path: &'a str,
    pub format: &'static str,
    pub kind: &'static str,
    pub level: &'static str,
    pub school_forms: Vec<&'static str>,
    pub unit: Option<&'a str>,
    pub detected: &'a crate::profile::Profile,
    pub findings: Vec<Finding<'a>>,
}

#[derive(Serialize)]
pub struct Finding<'a> {
    pub rule: &'a str,
    pub requirement: &'a str,
    pub severity: &'static str,
    pub kind: crate::diagnostic::FindingKind,
    pub title: &'a str,
    pub message: &'a str,
    /// What the primary location is, in a few words.
    pub label: &'a str,
    pub help: &'a str,
    pub citation: &'a Citation,
    pub location: Location<'a>,
    pub labels: Vec<LabelOut<'a>>,
}

#[derive(Serialize)]
pub struct Location<'a> {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub heading: Option<&'a str>,
    /// The page of a PDF (1-based).
    pub page: Option<u32>,
    /// The paragraph (stycke) of a Word or OpenDocument file (1-based).
    pub paragraph: Option<u32>,
    /// The text at the location, shortened.
    pub excerpt: String,
}

#[derive(Serialize)]
pub struct LabelOut<'a> {
    pub message: &'a str,
    pub location: Location<'a>,
}

pub fn location<'a>(
    doc: &Document,
    span: &std::ops::Range<usize>,
    heading: Option<&'a str>,
) -> Location<'a> {
    let (line, column) = doc.line_col(span.start);
    let (end_line, end_column) = doc.line_col(span.end);
    Location {
        start: span.start,
        end: span.end,
        line,
        column,
        end_line,
        end_column,
        heading,
        page: doc.origin_at(span.start).page,
        paragraph: doc.origin_at(span.start).paragraph,
        excerpt: excerpt(&doc.source, span),
    }
}

/// The text of a span on one line, at most 160 characters.
pub fn excerpt(source: &str, span: &std::ops::Range<usize>) -> String {
    let text = source.get(span.clone()).unwrap_or("");
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = one_line.chars().take(160).collect();
    if out.len() < one_line.len() {
        out.push('…');
    }
    out
}

fn finding<'a>(doc: &Document, d: &'a Diagnostic) -> Finding<'a> {
    Finding {
        rule: &d.rule,
        requirement: &d.requirement,
        severity: d.severity.name(),
        kind: d.kind,
        title: &d.title,
        message: &d.message,
        label: &d.label,
        help: &d.help,
        citation: &d.citation,
        location: location(doc, &d.span, d.heading.as_deref()),
        labels: d
            .labels
            .iter()
            .map(|l| LabelOut {
                message: &l.message,
                location: location(doc, &l.span, None),
            })
            .collect(),
    }
}

pub fn render(files: &[CheckedFile], failures: &[Failure]) -> String {
    let report = Report {
        skalint: env!("CARGO_PKG_VERSION"),
        files: files
            .iter()
            .map(|f| FileReport {
                path: &f.path,
                format: f.document.format.name(),
                kind: f.profile.kind.value.name(),
                level: f.profile.level.value.name(),
                school_forms: f
                    .profile
                    .school_forms
                    .value
                    .iter()
                    .map(|s| s.name())
                    .collect(),
                unit: f.document.front_matter.unit.as_deref(),
                detected: &f.profile,
                findings: f
                    .diagnostics
                    .iter()
                    .map(|d| finding(&f.document, d))
                    .collect(),
            })
            .collect(),
        failures,
    };
    let mut s =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
