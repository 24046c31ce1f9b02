//! Human output in the style of rustc, rendered with ariadne on byte spans.

use super::{CheckedFile, Failure};
use crate::diagnostic::{Diagnostic, Tally};
use crate::rules::Severity;
use ariadne::{Color, Config, IndexType, Label, Report, ReportKind, Source};
use std::fmt::Write as _;

pub struct Style {
    pub color: bool,
}

fn kind(sev: Severity) -> ReportKind<'static> {
    match sev {
        Severity::Error => ReportKind::Custom("fel", Color::Red),
        Severity::Warning => ReportKind::Custom("varning", Color::Yellow),
        Severity::Info => ReportKind::Custom("info", Color::Blue),
    }
}

fn color(sev: Severity) -> Color {
    match sev {
        Severity::Error => Color::Red,
        Severity::Warning => Color::Yellow,
        Severity::Info => Color::Blue,
    }
}

/// Renders one diagnostic; help and citation follow in Swedish below ariadne's snippet.
pub fn render_diagnostic(file: &CheckedFile, d: &Diagnostic, style: &Style) -> String {
    let id = file.path.as_str();
    let source = Source::from(file.document.source.as_str());
    let config = Config::default()
        .with_index_type(IndexType::Byte)
        .with_color(style.color);
    let mut report = Report::build(kind(d.severity), (id, d.span.clone()))
        .with_config(config)
        .with_code(&d.rule)
        .with_message(&d.message)
        .with_label(
            Label::new((id, d.span.clone()))
                .with_message(&d.label)
                .with_color(color(d.severity)),
        );
    for l in &d.labels {
        report = report.with_label(
            Label::new((id, l.span.clone()))
                .with_message(&l.message)
                .with_color(Color::Cyan),
        );
    }
    let mut buf = Vec::new();
    if report.finish().write((id, source), &mut buf).is_err() {
        buf.clear();
    }
    let mut out = String::from_utf8_lossy(&buf).into_owned();
    if !style.color {
        // ariadne colours a custom report kind even with colour off.
        out = strip_ansi(&out);
    }
    let origin = file.document.origin_at(d.span.start);
    let place = match (origin.page, origin.paragraph) {
        (Some(p), _) => format!("sida {p}"),
        (None, Some(n)) => format!("stycke {n}"),
        (None, None) => String::new(),
    };
    match (&d.heading, place.is_empty()) {
        (Some(h), true) => {
            let _ = writeln!(out, "  = under rubriken: {h}");
        }
        (Some(h), false) => {
            let _ = writeln!(out, "  = {place}, under rubriken: {h}");
        }
        (None, false) => {
            let _ = writeln!(out, "  = {place}");
        }
        (None, true) => {}
    }
    let _ = writeln!(out, "  = hjälp: {}", d.help);
    let _ = writeln!(
        out,
        "  = krav: {} ({}) {}",
        d.citation.text, d.requirement, d.citation.url
    );
    out
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

pub fn render(files: &[CheckedFile], failures: &[Failure], style: &Style) -> String {
    let mut out = String::new();
    for f in files {
        for d in &f.diagnostics {
            out.push_str(&render_diagnostic(f, d, style));
            out.push('\n');
        }
    }
    for fail in failures {
        let _ = writeln!(out, "fel: {}: {}", fail.path, fail.error);
    }
    out.push_str(&summary(files, failures));
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The closing line: how many findings in how many files.
pub fn summary(files: &[CheckedFile], failures: &[Failure]) -> String {
    let mut t = Tally::default();
    for f in files {
        t.add(&f.diagnostics);
    }
    let mut s = format!(
        "{}, {} i {}",
        plural(t.errors, "fel", "fel"),
        plural(t.warnings, "varning", "varningar"),
        plural(files.len(), "granskad fil", "granskade filer"),
    );
    if !failures.is_empty() {
        let _ = write!(
            s,
            "; {} kunde inte läsas",
            plural(failures.len(), "fil", "filer")
        );
    }
    if files.len() == 1 {
        let p = &files[0].profile;
        let forms: Vec<&str> = p.school_forms.value.iter().map(|f| f.name()).collect();
        let _ = write!(
            s,
            " (granskad som {}, nivå {}, {})",
            p.kind.value,
            p.level.value,
            forms.join(", ")
        );
    }
    s.push('\n');
    s
}
