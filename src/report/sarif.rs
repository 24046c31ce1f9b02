//! SARIF 2.1.0 (`--format sarif`), for code-scanning dashboards and other tools that read
//! static-analysis results. A test validates the output against the official OASIS schema.
//!
//! Lines and columns only mean something in a text file, so Markdown and plain-text results
//! carry a region; Word, OpenDocument and PDF results name the page or paragraph in the message
//! and in `properties` instead.

use super::{CheckedFile, Failure, Location, uri};
use crate::document::Format;
use crate::rules::{RulePack, Severity};
use serde_json::{Value, json};
use std::collections::HashMap;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn physical(file: &CheckedFile, index: usize, at: &Location) -> Value {
    let mut loc = json!({
        "artifactLocation": { "uri": uri(&file.path), "index": index },
    });
    if matches!(file.format, Format::Markdown | Format::Text) {
        loc["region"] = json!({
            "startLine": at.line,
            "startColumn": at.column,
            "endLine": at.end_line,
            "endColumn": at.end_column,
            "snippet": { "text": at.excerpt },
        });
    }
    loc
}

fn properties(at: &Location) -> Value {
    let mut p = serde_json::Map::new();
    if let Some(page) = at.page {
        p.insert("page".into(), page.into());
    }
    if let Some(n) = at.paragraph {
        p.insert("paragraph".into(), n.into());
    }
    if let Some(h) = &at.heading {
        p.insert("heading".into(), h.clone().into());
    }
    p.insert("excerpt".into(), at.excerpt.clone().into());
    Value::Object(p)
}

pub fn render(files: &[CheckedFile], failures: &[Failure], pack: &RulePack) -> String {
    let mut rules: Vec<_> = pack.rules.iter().collect();
    rules.sort_by(|a, b| a.def.id.cmp(&b.def.id));
    let index: HashMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.def.id.as_str(), i))
        .collect();
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|r| {
            let d = &r.def;
            json!({
                "id": d.id,
                "name": d.name,
                "shortDescription": { "text": d.title },
                "fullDescription": { "text": d.explanation.trim() },
                "helpUri": d.citation.url,
                "help": { "text": d.help },
                "defaultConfiguration": { "level": level(d.severity) },
                "properties": { "requirement": d.requirement, "citation": d.citation.text },
            })
        })
        .collect();

    let mut artifacts = Vec::new();
    let mut results = Vec::new();
    for (i, file) in files.iter().enumerate() {
        artifacts.push(json!({
            "location": { "uri": uri(&file.path) },
            "properties": { "format": file.format.name(), "unit": file.unit },
        }));
        for f in &file.findings {
            let d = &f.diagnostic;
            let at = &f.location;
            let place = match &at.heading {
                Some(h) => format!("{}, under rubriken «{h}»", at.place()),
                None => at.place(),
            };
            let related: Vec<Value> = d
                .labels
                .iter()
                .zip(&f.labels)
                .enumerate()
                .map(|(n, (l, loc))| {
                    json!({
                        "id": n,
                        "message": { "text": l.message },
                        "physicalLocation": physical(file, i, loc),
                    })
                })
                .collect();
            let mut result = json!({
                "ruleId": d.rule,
                "ruleIndex": index.get(d.rule.as_str()).copied().unwrap_or(0),
                "level": level(d.severity),
                "kind": "fail",
                "message": { "text": format!("{} ({place}). Så rättar du: {}", d.message, d.help) },
                "locations": [{ "physicalLocation": physical(file, i, at) }],
                "partialFingerprints": {
                    // Stable while the text at the place is: moves with edits elsewhere.
                    "skalint/v1": format!("{}:{}", d.rule, at.excerpt),
                },
                "properties": properties(at),
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            results.push(result);
        }
    }
    let notifications: Vec<Value> = failures
        .iter()
        .map(|f| {
            json!({
                "level": "error",
                "message": { "text": format!("{}: {}", f.path, f.error) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&f.path) } } }],
            })
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "skalint",
                "version": env!("CARGO_PKG_VERSION"),
                "language": "sv-SE",
                "rules": descriptors,
            }},
            "invocations": [{
                "executionSuccessful": failures.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "language": "sv-SE",
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}
