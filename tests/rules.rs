//! The rule pack's conventions and every rule's examples, checked on each `cargo test`.
//!
//! A bad example must make its rule report exactly one finding, a good example none (as Biome's
//! `expect_diagnostic`). The conventions keep the pack in step with the catalogue.

use skalint::check::verify_examples;
use skalint::profile::{Kind, Level, Profile, SchoolForm};
use skalint::rules::{REQUIREMENTS, RulePack, Severity};
use std::collections::{BTreeMap, BTreeSet};

fn pack() -> RulePack {
    RulePack::embedded().expect("the embedded rule pack loads")
}

#[test]
fn every_example_behaves() {
    let pack = pack();
    let failures: Vec<String> = pack
        .rules
        .iter()
        .flat_map(|rule| verify_examples(&pack, rule))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The check can fail: a rule whose "good" example lacks the evidence is caught.
#[test]
fn a_wrong_example_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("rules/SKA117-arshjul-saknas.toml").unwrap();
    let text = text
        .replace("id = \"SKA117\"", "id = \"LOK901\"")
        .replace("name = \"arshjul-saknas\"", "name = \"arshjul-kopia\"")
        .replace(
            "good = [\"Kvalitetsarbetet följer ett årshjul",
            "good = [\"Det nationella provet i matematik genomfördes i maj.\", \"Kvalitetsarbetet följer ett årshjul",
        );
    std::fs::write(dir.path().join("kopia.toml"), text).unwrap();
    let pack = RulePack::with_dirs(&[dir.path()]).unwrap();
    let copy = pack.find("LOK901")[0];
    let failures = verify_examples(&pack, copy);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].contains("good example"));
}

#[test]
fn the_pack_covers_every_requirement_of_the_catalogue() {
    let pack = pack();
    let covered: BTreeSet<&str> = pack
        .rules
        .iter()
        .map(|r| r.def.requirement.as_str())
        .collect();
    let missing: Vec<&&str> = REQUIREMENTS
        .iter()
        .filter(|k| !covered.contains(**k))
        .collect();
    assert!(missing.is_empty(), "no rule for {missing:?}");
    assert_eq!(REQUIREMENTS.len(), 22);
}

#[test]
fn severities_follow_the_catalogue() {
    // `ska` of the law → error; `bör` of the advice (and klagomal-hantering) → warning.
    let errors = [
        "planering",
        "uppfoljning",
        "analys-orsaker",
        "insatser",
        "delaktighet-personal",
        "delaktighet-elever",
        "delaktighet-vardnadshavare",
        "nationella-mal",
        "dokumentation",
        "atgarder-brister",
        "klagomalsrutin",
    ];
    for rule in &pack().rules {
        let want = if errors.contains(&rule.def.requirement.as_str()) {
            Severity::Error
        } else {
            Severity::Warning
        };
        assert_eq!(
            rule.def.severity, want,
            "{} ({})",
            rule.def.id, rule.def.requirement
        );
    }
}

#[test]
fn levels_follow_the_catalogue() {
    let enhet_only = [
        "delaktighet-personal",
        "delaktighet-elever",
        "delaktighet-vardnadshavare",
        "klagomal-enhet",
        "rektor-ansvar",
    ];
    let huvudman_only = [
        "atgarder-brister",
        "klagomalsrutin",
        "klagomal-hantering",
        "resursfordelning",
    ];
    for rule in &pack().rules {
        let levels = &rule.def.applies.levels;
        let key = rule.def.requirement.as_str();
        if enhet_only.contains(&key) {
            assert_eq!(levels, &[Level::Enhet], "{}", rule.def.id);
        } else if huvudman_only.contains(&key) {
            assert_eq!(levels, &[Level::Huvudman], "{}", rule.def.id);
        } else {
            assert!(levels.is_empty(), "{} applies to both levels", rule.def.id);
        }
    }
}

#[test]
fn rules_have_unique_ids_names_and_cite_their_source() {
    let pack = pack();
    let mut ids = BTreeMap::new();
    for rule in &pack.rules {
        let d = &rule.def;
        assert!(
            ids.insert(d.id.clone(), ()).is_none(),
            "duplicate id {}",
            d.id
        );
        assert!(d.citation.url.starts_with("https://"), "{}", d.id);
        assert!(
            d.citation.text.contains("Skollagen") || d.citation.text.contains("allmänna råd"),
            "{}",
            d.id
        );
        // Messages are Swedish sentences: capital first letter, full stop at the end.
        for text in [&d.message, &d.help] {
            assert!(
                text.chars().next().is_some_and(char::is_uppercase),
                "{}: {text}",
                d.id
            );
            assert!(text.ends_with('.'), "{}: {text}", d.id);
        }
        assert!(
            !d.examples.good.is_empty() && !d.examples.bad.is_empty(),
            "{}",
            d.id
        );
        assert!(
            rule.origin.contains(&d.id),
            "{} lives in a file named after it ({})",
            d.id,
            rule.origin
        );
    }
    let names: BTreeSet<&str> = pack.rules.iter().map(|r| r.def.name.as_str()).collect();
    assert_eq!(names.len(), pack.rules.len(), "rule names are unique");
}

#[test]
fn komvux_is_not_asked_about_vardnadshavare_and_forskola_gets_barn() {
    let pack = pack();
    let profile = |form| Profile::given(Level::Enhet, Kind::Rapport, vec![form]);
    let applying = |form| -> BTreeSet<String> {
        pack.rules
            .iter()
            .filter(|r| r.applies_to(&profile(form)))
            .map(|r| r.def.id.clone())
            .collect()
    };
    let komvux = applying(SchoolForm::Komvux);
    assert!(!komvux.contains("SKA108"));
    let forskola = applying(SchoolForm::Forskola);
    assert!(forskola.contains("SKA107") && !forskola.contains("SKA106"));
    let grundskola = applying(SchoolForm::Grundskola);
    assert!(grundskola.contains("SKA106") && !grundskola.contains("SKA107"));
}

#[test]
fn the_schema_file_is_the_one_the_pack_validates_against() {
    let on_disk = std::fs::read_to_string("rules/rule.schema.json").expect("schema on disk");
    assert_eq!(on_disk, skalint::rules::RULE_SCHEMA);
    let files = std::fs::read_dir("rules")
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "toml")
        })
        .count();
    assert_eq!(
        files,
        pack().rules.len() + 3,
        "every rules/*.toml but the vocabulary, the template and the profile cues is one rule"
    );
}

#[test]
fn every_gap_pattern_is_a_negation() {
    // The engine tries gap patterns only on negated sentences (principles.negation).
    let pack = pack();
    for rule in &pack.rules {
        for gap in &rule.def.gaps {
            assert!(
                pack.principles.negation.is_match(gap),
                "{}: gap pattern without a negation: {gap}",
                rule.def.id
            );
        }
    }
}

#[test]
fn every_term_of_the_vocabulary_is_used() {
    let vocab = std::fs::read_to_string("rules/vocabulary.toml").unwrap();
    let table: toml::Table = vocab.parse().unwrap();
    let rules: String = std::fs::read_dir("rules")
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    for term in table["terms"].as_table().unwrap().keys() {
        assert!(
            rules.contains(&format!("{{{term}}}")),
            "term {{{term}}} is never used"
        );
    }
}
