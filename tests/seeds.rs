//! The four real municipal documents in `../shared/seeds/`, with expectations justified from
//! their text. The seeds live beside the repository; the tests say so and stop if they are gone.

use skalint::check::{self, Options};
use skalint::document::{Document, Format};
use skalint::profile::{self, Kind, Level, Overrides};
use skalint::rules::RulePack;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn seed(name: &str) -> (profile::Profile, Vec<skalint::Diagnostic>, Document) {
    let path = PathBuf::from("../shared/seeds").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} must be checked out beside the repo: {e}",
            path.display()
        )
    });
    let (doc, _) = Document::parse(&text, Format::Text);
    let profile = profile::detect(&doc, &Overrides::default());
    let pack = RulePack::embedded().expect("pack");
    let diags = check::check(&doc, &profile, &pack, &Options::default());
    (profile, diags, doc)
}

fn keys(diags: &[skalint::Diagnostic]) -> BTreeSet<&str> {
    diags.iter().map(|d| d.requirement.as_str()).collect()
}

/// Svenljunga's "Plan för systematiskt kvalitetsarbete 2025": the nämnd's plan. It lists the
/// allmänna råd's parts, "Huvudmannens rutiner för klagomål" among them, and names the routine
/// in its table of contents, but describes no complaint routine of its own.
#[test]
fn svenljunga_plan_lists_the_complaint_routine_but_describes_none() {
    let (p, diags, doc) = seed("svenljunga-2025-plan-for-ska.txt");
    assert_eq!(p.kind.value, Kind::Plan, "{}", p.kind.reason);
    assert_eq!(p.level.value, Level::Huvudman, "{}", p.level.reason);
    let k = keys(&diags);
    assert!(k.contains("klagomalsrutin"), "{k:?}");
    // A plan is not yet followed up: no follow-up, analysis, samband or brister is asked of it.
    for na in [
        "uppfoljning",
        "analys-orsaker",
        "samband",
        "atgarder-brister",
    ] {
        assert!(!k.contains(na), "{na} does not apply to a plan");
    }
    // It quotes 4 kap. 3–6 §§, but also sets out nämndens insatser ("Åtgärder: …"), relates
    // the work to läroplanernas mål, and is dated and decided (2025-04-01, § 49).
    for present in ["insatser", "nationella-mal", "dokumentation", "planering"] {
        assert!(!k.contains(present), "{present} is shown in the plan");
    }
    // The finding points at a heading of the document, not at line 1.
    let f = diags
        .iter()
        .find(|d| d.requirement == "klagomalsrutin")
        .unwrap();
    assert!(doc.line_col(f.span.start).0 > 1);
}

/// Alingsås 2020: a tjänsteskrivelse on how the huvudman's quality work will be structured.
/// It says nothing about complaints, and it describes the structure rather than analysing
/// any result.
#[test]
fn alingsas_assignment_has_no_complaint_routine_and_no_analysis() {
    let (p, diags, _) = seed("alingsas-2020-uppdrag-huvudmannens-ska.txt");
    assert_eq!(p.level.value, Level::Huvudman, "{}", p.level.reason);
    let k = keys(&diags);
    assert!(
        k.contains("klagomalsrutin") && k.contains("analys-orsaker"),
        "{k:?}"
    );
    // "vetenskaplig grund och beprövad erfarenhet" is named for the work itself.
    assert!(!k.contains("vetenskaplig-grund"), "{k:?}");
}

/// "Uppföljning Analysrapport VÅR" (2024): the förvaltning reports that the analysis report was
/// never completed and is replaced by an action plan still to be written: no analysis of causes
/// and no decided insatser.
#[test]
fn analysrapport_var_has_neither_analysis_nor_insatser() {
    let (p, diags, _) = seed("analysrapport-var-uppfoljning-2024.txt");
    assert_eq!(p.level.value, Level::Huvudman, "{}", p.level.reason);
    let k = keys(&diags);
    for key in ["analys-orsaker", "insatser", "klagomalsrutin"] {
        assert!(k.contains(key), "{key} missing from {k:?}");
    }
}

/// "Styrnings- och uppföljningsprocessen": a process description at nämnd level, with no word
/// about complaints or about research.
#[test]
fn styrningsprocessen_names_no_complaints_or_research() {
    let (p, diags, _) = seed("styrnings-och-uppfoljningsprocessen.txt");
    assert_eq!(p.level.value, Level::Huvudman, "{}", p.level.reason);
    let k = keys(&diags);
    for key in ["klagomalsrutin", "vetenskaplig-grund"] {
        assert!(k.contains(key), "{key} missing from {k:?}");
    }
    // Goals are set for every year ("Nya mål för kommande verksamhetsår sätts …").
    assert!(!k.contains("planering"), "{k:?}");
}
