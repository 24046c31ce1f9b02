//! Whole reports in `fixtures/reports/`, complete and deficient side by side: skalint must
//! find exactly the parts `expected.toml` says are missing, and detect level and kind itself.

use skalint::check::{self, Options};
use skalint::document::{Document, Format};
use skalint::profile::{self, Kind, Level, Overrides, SchoolForm};
use skalint::rules::RulePack;
use std::collections::BTreeSet;
use std::path::Path;

#[derive(serde::Deserialize)]
struct Expected {
    report: Vec<Report>,
}

#[derive(serde::Deserialize)]
struct Report {
    file: String,
    level: String,
    kind: String,
    school_forms: Vec<String>,
    missing: Vec<String>,
}

fn expected() -> Vec<Report> {
    let text = std::fs::read_to_string("fixtures/reports/expected.toml").expect("expected.toml");
    toml::from_str::<Expected>(&text)
        .expect("expected.toml parses")
        .report
}

fn found(path: &Path, overrides: &Overrides) -> (profile::Profile, BTreeSet<String>) {
    let text = std::fs::read_to_string(path).expect("fixture readable");
    let (doc, issues) = Document::parse(&text, Format::from_path(&path.display().to_string()));
    assert!(issues.is_empty(), "{}: {issues:?}", path.display());
    let profile = profile::detect(&doc, overrides);
    let pack = RulePack::embedded().expect("pack");
    let diags = check::check(&doc, &profile, &pack, &Options::default());
    (profile, diags.into_iter().map(|d| d.requirement).collect())
}

#[test]
fn every_fixture_is_listed() {
    let listed: BTreeSet<String> = expected().into_iter().map(|r| r.file).collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir("fixtures/reports")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "expected.toml")
        .collect();
    assert_eq!(listed, on_disk);
}

#[test]
fn detected_profile_and_findings_match_expectations() {
    let mut failures = Vec::new();
    for r in expected() {
        let path = Path::new("fixtures/reports").join(&r.file);
        let (profile, missing) = found(&path, &Overrides::default());
        if profile.level.value.name() != r.level || profile.kind.value.name() != r.kind {
            failures.push(format!(
                "{}: detected {} {} ({}; {}), expected {} {}",
                r.file,
                profile.level.value,
                profile.kind.value,
                profile.level.reason,
                profile.kind.reason,
                r.level,
                r.kind
            ));
        }
        let want: BTreeSet<String> = r.missing.iter().cloned().collect();
        if missing != want {
            failures.push(format!(
                "{}: reported {missing:?}, expected {want:?}",
                r.file
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn flags_give_the_same_findings_as_detection() {
    for r in expected() {
        let path = Path::new("fixtures/reports").join(&r.file);
        let overrides = Overrides {
            level: Level::parse(&r.level),
            kind: Kind::parse(&r.kind),
            school_forms: r
                .school_forms
                .iter()
                .filter_map(|f| SchoolForm::parse(f))
                .collect(),
            ..Default::default()
        };
        let (profile, missing) = found(&path, &overrides);
        assert_eq!(profile.level.source, profile::Source::Flag);
        let want: BTreeSet<String> = r.missing.iter().cloned().collect();
        assert_eq!(missing, want, "{}", r.file);
    }
}

#[test]
fn a_complete_report_checked_as_the_wrong_school_form_changes_what_applies() {
    // The förskola report speaks of barn; checked as grundskola it is asked about elever.
    let path = Path::new("fixtures/reports/forskola-komplett.md");
    let overrides = Overrides {
        school_forms: vec![SchoolForm::Grundskola],
        ..Default::default()
    };
    let (_, missing) = found(path, &overrides);
    assert!(missing.contains("delaktighet-elever"), "{missing:?}");
}
