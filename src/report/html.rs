//! One self-contained HTML report (`--format html`): the summary matrix, then each document's
//! findings with its own text highlighted, the citation and the help. No scripts and no network
//! resources, so it can be mailed, opened offline and printed to PDF for the nämnd.

use super::summary::{Cell, Matrix};
use super::{CheckedFile, Failure, Finding, Location};
use crate::rules::Severity;
use maud::{DOCTYPE, Markup, PreEscaped, html};

/// The report's stylesheet; `skalint serve` serves it too, under its own additions.
pub const CSS: &str = include_str!("report.css");

/// Today's date (UTC), or the one `SOURCE_DATE_EPOCH` gives, for reproducible reports.
pub fn today() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

pub fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

pub fn cell_class(c: Cell) -> &'static str {
    match c {
        Cell::Present => "present",
        Cell::MissingError => "missing-error",
        Cell::MissingWarning => "missing-warning",
        Cell::NotApplicable => "not-applicable",
    }
}

/// "1 fel", "3 varningar".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Where a finding is, in Swedish: "sida 4, under rubriken «Analys»".
pub fn place(at: &Location) -> String {
    match &at.heading {
        Some(h) => format!("{}, under rubriken «{h}»", at.place()),
        None => at.place(),
    }
}

/// The excerpt in its paragraph, highlighted.
pub fn excerpt(at: &Location) -> Markup {
    html! {
        blockquote.excerpt {
            @if !at.context.0.is_empty() { span.context { (at.context.0) " " } }
            mark { (at.excerpt) }
            @if !at.context.1.is_empty() { span.context { " " (at.context.1) } }
        }
    }
}

fn matrix_table(m: &Matrix) -> Markup {
    let used = m.used_columns();
    html! {
        table.matrix {
            caption { "Vilka delar som finns och saknas, per dokument och krav" }
            thead {
                tr {
                    th scope="col" { "Dokument" }
                    @for (n, &c) in used.iter().enumerate() {
                        th scope="col" title=(m.columns[c].title) {
                            span.colno { (n + 1) }
                            span.colname { (m.columns[c].key) }
                        }
                    }
                }
            }
            tbody {
                @for (r, row) in m.rows.iter().enumerate() {
                    tr {
                        th scope="row" { a href={ "#dok-" (r + 1) } { (row.name) } }
                        @for &c in &used {
                            @let cell = row.cells[c];
                            td class={ "cell " (cell_class(cell)) } data-cell=(cell_class(cell)) {
                                span aria-hidden="true" { (cell.symbol()) }
                                span.sr { (cell.label()) }
                            }
                        }
                    }
                }
            }
            tfoot {
                tr {
                    th scope="row" { "Saknas" }
                    @for &c in &used {
                        @let t = m.total(c);
                        td.total { (t.missing()) "/" (t.checked) }
                    }
                }
            }
        }
    }
}

/// One finding: what is missing, where, the text there highlighted, how to fix it and the
/// demand behind it.
pub fn finding(f: &Finding) -> Markup {
    let d = &f.diagnostic;
    html! {
        li class={ "finding " (severity_class(d.severity)) } {
            p.head {
                span.badge { (d.severity.label()) }
                " "
                code { (d.rule) }
                " "
                strong { (d.message) }
            }
            p.place { (place(&f.location)) }
            (excerpt(&f.location))
            @if !d.labels.is_empty() {
                ul.related {
                    @for (l, at) in d.labels.iter().zip(&f.labels) {
                        li { (l.message) " (" (at.place()) "): " q { (at.excerpt) } }
                    }
                }
            }
            p.help { strong { "Så rättar du: " } (d.help) }
            p.citation {
                "Krav: "
                a href=(d.citation.url) { (d.citation.text) }
                " (" code { (d.requirement) } ")"
            }
        }
    }
}

fn document(n: usize, file: &CheckedFile) -> Markup {
    let t = file.tally();
    let p = &file.profile;
    let forms: Vec<&str> = p.school_forms.value.iter().map(|f| f.name()).collect();
    html! {
        section.document id={ "dok-" (n) } {
            h2 { (file.name()) }
            dl.meta {
                dt { "Fil" } dd { code { (file.path) } }
                dt { "Granskad som" } dd { (p.kind.value) ", nivå " (p.level.value) ", " (forms.join(", ")) }
                dt { "Resultat" } dd {
                    (plural(t.errors, "fel", "fel")) ", "
                    (plural(t.warnings + t.infos, "varning", "varningar"))
                }
            }
            @if file.findings.is_empty() {
                p.ok { "Inga anmärkningar: alla krav som gäller dokumentet finns med." }
            } @else {
                ol.findings {
                    @for f in &file.findings { (finding(f)) }
                }
            }
        }
    }
}

/// The whole report. `date` is shown in the heading (see [`today`]).
pub fn render(files: &[CheckedFile], failures: &[Failure], matrix: &Matrix, date: &str) -> String {
    let used = matrix.used_columns();
    let errors: usize = files.iter().map(|f| f.tally().errors).sum();
    let markup = html! {
        (DOCTYPE)
        html lang="sv" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content={ "skalint " (env!("CARGO_PKG_VERSION")) };
                title { "Granskning av systematiskt kvalitetsarbete – skalint" }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { "Granskning av systematiskt kvalitetsarbete" }
                    p.lead {
                        (plural(files.len(), "dokument", "dokument")) " granskade med skalint "
                        (env!("CARGO_PKG_VERSION")) " den " (date)
                        " mot skollagen (2010:800) 4 kap. och Skolverkets allmänna råd (SKOLFS 2012:98). "
                        (plural(errors, "fel", "fel")) " sammanlagt."
                    }
                }
                main {
                    section #sammanstallning {
                        h2 { "Sammanställning" }
                        @if used.is_empty() {
                            p { "Inga dokument kunde granskas." }
                        } @else {
                            p.legend {
                                span.cell.present { "✓" } " finns · "
                                span.cell.missing-error { "✗" } " saknas (fel) · "
                                span.cell.missing-warning { "!" } " saknas (varning) · "
                                span.cell.not-applicable { "–" } " gäller inte"
                            }
                            (matrix_table(matrix))
                            h3 { "Per krav" }
                            ol.totals {
                                @for &c in &used {
                                    li class=@if matrix.total(c).missing() > 0 { "lacking" } @else { "complete" } {
                                        (matrix.sentence(c))
                                    }
                                }
                            }
                        }
                    }
                    @if !failures.is_empty() {
                        section #ej-lasta {
                            h2 { "Filer som inte kunde läsas" }
                            ul {
                                @for f in failures { li { code { (f.path) } ": " (f.error) } }
                            }
                        }
                    }
                    @for (n, file) in files.iter().enumerate() { (document(n + 1, file)) }
                }
                footer {
                    p { "Rapporten är skapad lokalt av skalint. Den innehåller utdrag ur de granskade dokumenten; hantera den som dokumenten själva." }
                }
            }
        }
    };
    markup.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_415), (2025, 11, 23));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
