//! The pages of `skalint serve`, in Swedish, built with maud: the form, the checklist of a
//! checked document, and the error pages. They format a [`CheckedFile`]; nothing here detects
//! anything. No inline script or style (the Content-Security-Policy forbids them): the
//! stylesheet and the small script are served by the server itself.

use super::Settings;
use super::form::Choice;
use crate::profile::{Decision, Kind, Level, SchoolForm, Source};
use crate::report::explain::capitalized;
use crate::report::html::{cell_class, finding, plural};
use crate::report::summary::{Cell, Matrix};
use crate::report::{CheckedFile, Finding};
use crate::review::Setup;
use maud::{DOCTYPE, Markup, html};

/// The accepted file types, for the file picker.
const ACCEPT: &str = ".docx,.odt,.pdf,.md,.markdown,.txt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text,application/pdf,text/markdown,text/plain";

fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="sv" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " – skalint" }
                link rel="icon" href="/favicon.svg" type="image/svg+xml";
                link rel="stylesheet" href="/stil.css";
                script src="/skalint.js" defer {}
            }
            body.serve {
                a.skip href="#innehall" { "Hoppa till innehållet" }
                header.site {
                    p.brand { a href="/" { "skalint" } " · granskning av systematiskt kvalitetsarbete" }
                }
                main #innehall tabindex="-1" { (body) }
                footer {
                    p {
                        "Dokumentet granskas i minnet på den här servern och sparas inte: när sidan har visats finns det inte kvar. "
                        "Granskningen följer skollagen (2010:800) 4 kap. och Skolverkets allmänna råd om systematiskt kvalitetsarbete (SKOLFS 2012:98). "
                        "skalint " (env!("CARGO_PKG_VERSION")) "."
                    }
                }
            }
        }
    }
}

fn level_name(l: Level) -> &'static str {
    match l {
        Level::Enhet => "Enhet (skola eller förskola)",
        Level::Huvudman => "Huvudman (kommun, region eller enskild huvudman)",
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Rapport => "Kvalitetsrapport",
        Kind::Plan => "Plan för kvalitetsarbetet",
        Kind::Klagomalsrutin => "Rutin för klagomål",
    }
}

/// The form, with `values` chosen. `id` keeps the ids unique if a page had two.
fn form(values: &Choice, settings: &Settings, intro: Option<Markup>) -> Markup {
    let mb = settings.max_upload / (1024 * 1024);
    html! {
        form.granska method="post" action="/granska" enctype="multipart/form-data" {
            @if let Some(intro) = intro { (intro) }
            div.drop {
                label for="fil" { "Välj dokumentet" }
                p.hint #fil-hjalp {
                    "Word (.docx), OpenDocument (.odt), PDF, Markdown (.md) eller text (.txt), högst " (mb) " MB. "
                    "Du kan också dra filen hit."
                }
                input #fil type="file" name="fil" accept=(ACCEPT) aria-describedby="fil-hjalp";
                p.chosen aria-live="polite" {}
            }
            div.paste {
                label for="text" { "… eller klistra in texten" }
                p.hint #text-hjalp { "Används om du inte har valt någon fil." }
                textarea #text name="text" rows="6" aria-describedby="text-hjalp" { (values.text) }
            }
            fieldset.profile {
                legend { "Vilket slags dokument är det?" }
                p.hint { "skalint avgör det från dokumentet. Ändra här om det blir fel." }
                div.field {
                    label for="niva" { "Nivå" }
                    select #niva name="niva" {
                        option value="auto" selected[values.level.is_none()] { "Avgör från dokumentet" }
                        @for l in [Level::Enhet, Level::Huvudman] {
                            option value=(l.name()) selected[values.level == Some(l)] { (level_name(l)) }
                        }
                    }
                }
                div.field {
                    label for="typ" { "Dokumentslag" }
                    select #typ name="typ" {
                        option value="auto" selected[values.kind.is_none()] { "Avgör från dokumentet" }
                        @for k in [Kind::Rapport, Kind::Plan, Kind::Klagomalsrutin] {
                            option value=(k.name()) selected[values.kind == Some(k)] { (kind_name(k)) }
                        }
                    }
                }
                fieldset.forms {
                    legend { "Skolform" }
                    p.hint { "Välj en eller flera. Väljer du ingen avgörs skolformen från dokumentet." }
                    ul {
                        @for (i, f) in SchoolForm::ALL.iter().enumerate() {
                            li {
                                input type="checkbox" id={ "skolform-" (i) } name="skolform" value=(f.name())
                                    checked[values.school_forms.contains(f)];
                                label for={ "skolform-" (i) } { (capitalized(f.name())) }
                            }
                        }
                    }
                }
            }
            p { button type="submit" { "Granska" } }
        }
    }
}

/// The start page.
pub fn front(values: &Choice, settings: &Settings) -> Markup {
    layout(
        "Granska kvalitetsarbetet",
        html! {
            h1 { "Granska dokumentationen av ert kvalitetsarbete" }
            p.lead {
                "Välj er kvalitetsrapport, plan eller rutin för klagomål, eller klistra in texten, och tryck på "
                strong { "Granska" } ". Du får en checklista över allt som skollagen och Skolverkets allmänna råd kräver "
                "av dokumentet: vad som finns, vad som saknas och hur du kompletterar det, med texten i ert dokument där det gäller."
            }
            (form(values, settings, None))
        },
    )
}

/// An error page: what went wrong, and the form to try again.
pub fn error(title: &str, message: &str, values: &Choice, settings: &Settings) -> Markup {
    layout(
        title,
        html! {
            div.problem role="alert" {
                h1 { (title) }
                p { (message) }
            }
            h2 { "Försök igen" }
            (form(values, settings, None))
        },
    )
}

fn reason<T>(d: &Decision<T>) -> String {
    let why = match d.source {
        Source::Flag => "vald i formuläret".into(),
        Source::Config => format!("förvaltningens inställning ({})", d.reason),
        _ => d.reason.clone(),
    };
    if d.is_sure() {
        why
    } else {
        format!("osäkert: {why}")
    }
}

/// One row of the checklist.
struct Row<'a> {
    key: &'a str,
    title: String,
    cell: Cell,
    findings: Vec<&'a Finding>,
    citation: Option<&'a crate::rules::Citation>,
}

fn rows<'a>(file: &'a CheckedFile, setup: &'a Setup) -> Vec<Row<'a>> {
    Matrix::new(&setup.pack)
        .columns
        .into_iter()
        .filter_map(|c| {
            let cell = Cell::of(file, &c.key);
            if cell == Cell::NotApplicable {
                return None;
            }
            let key = file.requirements.iter().find(|k| **k == c.key)?;
            let rules: Vec<_> = setup
                .pack
                .rules
                .iter()
                .filter(|r| &r.def.requirement == key && r.applies_to(&file.profile))
                .collect();
            let mut titles: Vec<&str> = Vec::new();
            for r in &rules {
                if !titles.contains(&r.def.title.as_str()) {
                    titles.push(&r.def.title);
                }
            }
            let title = if titles.is_empty() {
                c.title.clone()
            } else {
                titles.join(" / ")
            };
            Some(Row {
                key,
                title: capitalized(&title),
                cell,
                findings: file
                    .findings
                    .iter()
                    .filter(|f| &f.diagnostic.requirement == key)
                    .collect(),
                citation: rules.first().map(|r| &r.def.citation),
            })
        })
        .collect()
}

/// The result: what the document was read as, the checklist, and the form to check again.
pub fn result(
    file: &CheckedFile,
    warnings: &[String],
    setup: &Setup,
    choice: &Choice,
    settings: &Settings,
) -> Markup {
    let rows = rows(file, setup);
    let missing = rows.iter().filter(|r| r.cell == Cell::MissingError).count();
    let advice = rows
        .iter()
        .filter(|r| r.cell == Cell::MissingWarning)
        .count();
    let present = rows.len() - missing - advice;
    let name = super::shown(file);
    let p = &file.profile;
    let forms: Vec<String> = p
        .school_forms
        .value
        .iter()
        .map(|f| capitalized(f.name()))
        .collect();
    let again = Choice {
        level: Some(p.level.value),
        kind: Some(p.kind.value),
        school_forms: p.school_forms.value.clone(),
        text: choice.text.clone(),
    };
    let pasted = !choice.text.trim().is_empty() && file.path == super::form::PASTED;
    layout(
        &format!("Granskning av {name}"),
        html! {
            h1 #resultat tabindex="-1" { "Granskning av " (name) }
            p.lead.summary {
                @if rows.is_empty() {
                    "Inga krav gäller ett dokument av det här slaget. Kontrollera nivå, dokumentslag och skolform nedan."
                } @else if missing + advice == 0 {
                    "Alla " (rows.len()) " krav som gäller dokumentet är uppfyllda."
                } @else {
                    (plural(missing, "krav saknas", "krav saknas")) ", "
                    (plural(advice, "bör kompletteras", "bör kompletteras")) " och "
                    (plural(present, "är uppfyllt", "är uppfyllda")) ", av "
                    (rows.len()) " krav som gäller dokumentet."
                }
            }
            p.print-hint { "Vill du spara granskningen? Skriv ut sidan eller spara den som PDF med webbläsarens Skriv ut (Ctrl+P)." }
            section.profile-read aria-labelledby="last-som" {
                h2 #last-som { "Så har dokumentet lästs" }
                dl {
                    dt { "Nivå" }
                    dd { (level_name(p.level.value)) span.reason { " – " (reason(&p.level)) } }
                    dt { "Dokumentslag" }
                    dd { (kind_name(p.kind.value)) span.reason { " – " (reason(&p.kind)) } }
                    dt { @if forms.len() == 1 { "Skolform" } @else { "Skolformer" } }
                    dd { (forms.join(", ")) span.reason { " – " (reason(&p.school_forms)) } }
                }
                @if p.level.is_sure() && p.kind.is_sure() && p.school_forms.is_sure() {
                    p.hint { "Stämmer det inte? Ändra det under " a href="#igen" { "Granska igen" } "." }
                } @else {
                    p.hint.confirm { strong { "Kontrollera att det stämmer:" } " skalint är inte säker på det som är markerat osäkert. Stämmer det inte, välj rätt under " a href="#igen" { "Granska igen" } " och granska en gång till; valen är redan ifyllda." }
                }
                @if !warnings.is_empty() {
                    h3 { "Att känna till" }
                    ul.notes { @for w in warnings { li { (w) } } }
                }
            }
            section.checklist aria-labelledby="checklista" {
                h2 #checklista { "Checklista" }
                p.legend {
                    span.status.present { "✓ Uppfyllt" } ": dokumentet visar delen. "
                    span.status.missing-error { "✗ Saknas" } ": skollagen kräver delen (ett ska-krav). "
                    span.status.missing-warning { "! Bör kompletteras" } ": de allmänna råden rekommenderar delen."
                }
                ol.krav {
                    @for (i, r) in rows.iter().enumerate() {
                        li.krav id={ "krav-" (r.key) } data-krav=(r.key) data-status=(cell_class(r.cell)) {
                            h3 {
                                span class={ "status " (cell_class(r.cell)) } {
                                    span aria-hidden="true" { (r.cell.symbol()) " " }
                                    (capitalized(r.cell.verdict()))
                                }
                                span.sr { ": " }
                                " " span.title { (r.title) }
                            }
                            @if r.findings.is_empty() {
                                @if let Some(c) = r.citation {
                                    p.citation { "Krav: " a href=(c.url) { (c.text) } }
                                }
                            } @else {
                                ol.findings aria-label={ "Anmärkningar för krav " (i + 1) } {
                                    @for f in &r.findings { (finding(f)) }
                                }
                            }
                        }
                    }
                }
            }
            section.again #igen aria-labelledby="igen-rubrik" {
                h2 #igen-rubrik { "Granska igen" }
                (form(&again, settings, Some(html! {
                    p.hint {
                        "Nivå, dokumentslag och skolform är ifyllda så som skalint läste dokumentet. Ändra det som är fel och tryck på Granska. "
                        @if pasted {
                            "Den inklistrade texten finns kvar i textrutan."
                        } @else {
                            strong { "Välj filen igen" } ": av integritetsskäl sparas den inte mellan granskningarna."
                        }
                    }
                })))
                p { a href="/" { "Granska ett annat dokument" } }
            }
        },
    )
}
