//! Human output in the style of rustc, rendered with ariadne on byte spans.

use super::summary::{Cell, Matrix};
use super::{CheckedFile, Failure, Finding};
use crate::diagnostic::Tally;
use crate::document::Document;
use crate::profile::Profile;
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

/// Renders one finding; help and citation follow in Swedish below ariadne's snippet.
/// `doc` is the document the finding was made in: ariadne quotes its text.
pub fn render_finding(doc: &Document, path: &str, finding: &Finding, style: &Style) -> String {
    let d = &finding.diagnostic;
    let id = path;
    let spans: Vec<_> = std::iter::once(d.span.clone())
        .chain(d.labels.iter().map(|l| l.span.clone()))
        .collect();
    let snippet = super::snippet::cut(doc, &spans);
    let source = Source::from(snippet.text.as_str());
    let config = Config::default()
        .with_index_type(IndexType::Byte)
        .with_color(style.color);
    let primary = snippet.spans[0].clone();
    let mut report = Report::build(kind(d.severity), (id, primary.clone()))
        .with_config(config)
        .with_code(&d.rule)
        .with_message(&d.message)
        .with_label(
            Label::new((id, primary))
                .with_message(&d.label)
                .with_color(color(d.severity)),
        );
    for (l, span) in d.labels.iter().zip(&snippet.spans[1..]) {
        report = report.with_label(
            Label::new((id, span.clone()))
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
    // ariadne's header gives the place in the snippet; on a cut line that is not the column
    // in the document.
    let (line, col) = doc.line_col(d.span.start);
    out = with_place(&out, id, line, col);
    let at = &finding.location;
    let place = match (at.page, at.paragraph) {
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

/// The first `[ id:line:col ]` of ariadne's output with the document's own line and column.
fn with_place(out: &str, id: &str, line: usize, col: usize) -> String {
    let open = format!("[ {id}:");
    let Some(start) = out.find(&open) else {
        return out.to_string();
    };
    let Some(len) = out[start..].find(" ]") else {
        return out.to_string();
    };
    format!(
        "{}[ {id}:{line}:{col}{}",
        &out[..start],
        &out[start + len..]
    )
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

/// Every finding of one file, in order.
pub fn render_file(doc: &Document, file: &CheckedFile, style: &Style) -> String {
    let mut out = String::new();
    for f in &file.findings {
        out.push_str(&render_finding(doc, &file.path, f, style));
        out.push('\n');
    }
    out
}

/// What follows the files: the files that could not be read, the matrix of a multi-file run
/// and the closing line.
pub fn render_end(files: &Tallied, failures: &[Failure], matrix: Option<&Matrix>) -> String {
    let mut out = String::new();
    for fail in failures {
        let _ = writeln!(out, "fel: {}: {}", fail.path, fail.error);
    }
    if let Some(m) = matrix {
        out.push_str(&render_matrix(m));
    }
    out.push_str(&summary(files, failures));
    out
}

/// The narrow matrix: one character per requirement, numbered columns, then the totals with
/// the keys' names.
pub fn render_matrix(m: &Matrix) -> String {
    let mut out = String::new();
    let used = m.used_columns();
    if m.rows.is_empty() || used.is_empty() {
        return out;
    }
    let width = m
        .rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(8, 40);
    let _ = writeln!(
        out,
        "Sammanställning ({} finns, {} saknas (fel), {} saknas (varning), {} gäller inte):\n",
        Cell::Present.symbol(),
        Cell::MissingError.symbol(),
        Cell::MissingWarning.symbol(),
        Cell::NotApplicable.symbol()
    );
    let _ = write!(out, "{:width$} ", "");
    for n in 1..=used.len() {
        let _ = write!(out, "{n:>3}");
    }
    out.push('\n');
    for row in &m.rows {
        let name: String = if row.name.chars().count() > width {
            let mut n: String = row.name.chars().take(width - 1).collect();
            n.push('…');
            n
        } else {
            row.name.clone()
        };
        let _ = write!(out, "{name:width$} ");
        for &c in &used {
            let _ = write!(out, "  {}", row.cells[c].symbol());
        }
        out.push('\n');
    }
    out.push('\n');
    for (n, &c) in used.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>3}  {:<28} {}",
            n + 1,
            m.columns[c].key,
            m.sentence(c)
        );
    }
    out.push('\n');
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What the closing line counts: findings over all files, and the one file's profile when
/// there was just one.
#[derive(Debug, Clone, Default)]
pub struct Tallied {
    pub tally: Tally,
    pub files: usize,
    pub only: Option<Profile>,
}

impl Tallied {
    pub fn add(&mut self, file: &CheckedFile) {
        self.tally.add(file.diagnostics());
        self.files += 1;
        self.only = (self.files == 1).then(|| file.profile.clone());
    }
}

/// The closing line: how many findings in how many files.
pub fn summary(files: &Tallied, failures: &[Failure]) -> String {
    let t = files.tally;
    let mut s = format!(
        "{}, {} i {}",
        plural(t.errors, "fel", "fel"),
        plural(t.warnings, "varning", "varningar"),
        plural(files.files, "granskad fil", "granskade filer"),
    );
    if !failures.is_empty() {
        let _ = write!(
            s,
            "; {} kunde inte läsas",
            plural(failures.len(), "fil", "filer")
        );
    }
    if let Some(p) = &files.only {
        let forms: Vec<&str> = p.school_forms.value.iter().map(|f| f.name()).collect();
        let unsure = |sure: bool| if sure { "" } else { " (osäkert)" };
        let _ = write!(
            s,
            " (granskad som {}{}, nivå {}{}, {}{})",
            p.kind.value,
            unsure(p.kind.is_sure()),
            p.level.value,
            unsure(p.level.is_sure()),
            forms.join(", "),
            unsure(p.school_forms.is_sure())
        );
        if !(p.kind.is_sure() && p.level.is_sure() && p.school_forms.is_sure()) {
            s.push_str("; stämmer det inte, ange --kind, --level eller --school-form");
        }
    }
    s.push('\n');
    s
}
