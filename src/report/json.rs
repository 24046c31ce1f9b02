//! The JSON report (`--format json`), described by `docs/report.schema.json`.

use super::{CheckedFile, Failure, Location, summary::Matrix};
use crate::diagnostic::FindingKind;
use crate::rules::Citation;
use serde::Serialize;

#[derive(Serialize)]
pub struct Report<'a> {
    pub skalint: &'static str,
    pub files: Vec<FileReport<'a>>,
    pub failures: &'a [Failure],
    /// Per requirement key, how many documents lack it (multi-file runs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Summary<'a>>,
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
    pub kind: FindingKind,
    pub title: &'a str,
    pub message: &'a str,
    /// What the primary location is, in a few words.
    pub label: &'a str,
    pub help: &'a str,
    pub citation: &'a Citation,
    pub location: &'a Location,
    pub labels: Vec<LabelOut<'a>>,
}

#[derive(Serialize)]
pub struct LabelOut<'a> {
    pub message: &'a str,
    pub location: &'a Location,
}

#[derive(Serialize)]
pub struct Summary<'a> {
    pub documents: usize,
    pub requirements: Vec<KeyTotal<'a>>,
}

#[derive(Serialize)]
pub struct KeyTotal<'a> {
    pub requirement: &'a str,
    pub title: &'a str,
    /// Documents the requirement applies to.
    pub checked: usize,
    /// Of those, documents with an error finding for it.
    pub missing_error: usize,
    /// Of those, documents with only warning (or info) findings for it.
    pub missing_warning: usize,
}

fn file_report(f: &CheckedFile) -> FileReport<'_> {
    FileReport {
        path: &f.path,
        format: f.format.name(),
        kind: f.profile.kind.value.name(),
        level: f.profile.level.value.name(),
        school_forms: f
            .profile
            .school_forms
            .value
            .iter()
            .map(|s| s.name())
            .collect(),
        unit: f.unit.as_deref(),
        detected: &f.profile,
        findings: f
            .findings
            .iter()
            .map(|x| {
                let d = &x.diagnostic;
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
                    location: &x.location,
                    labels: d
                        .labels
                        .iter()
                        .zip(&x.labels)
                        .map(|(l, location)| LabelOut {
                            message: &l.message,
                            location,
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

/// The whole report; `matrix` adds the per-requirement totals of a multi-file run.
pub fn render(files: &[CheckedFile], failures: &[Failure], matrix: Option<&Matrix>) -> String {
    let summary = matrix.map(|m| Summary {
        documents: m.rows.len(),
        requirements: m
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let t = m.total(i);
                KeyTotal {
                    requirement: &c.key,
                    title: &c.title,
                    checked: t.checked,
                    missing_error: t.missing_error,
                    missing_warning: t.missing_warning,
                }
            })
            .collect(),
    });
    let report = Report {
        skalint: env!("CARGO_PKG_VERSION"),
        files: files.iter().map(file_report).collect(),
        failures,
        summary,
    };
    let mut s =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
