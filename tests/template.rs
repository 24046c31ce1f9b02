//! `skalint template`: the skeleton holds every part the profile demands; left empty, every
//! part is reported; filled in (fixtures/templates/*-ifylld.md), it passes.

mod common;

use common::skalint;
use skalint::check::{self, Options};
use skalint::document::{self, Document, Format};
use skalint::profile::{self, Kind, Level, Overrides, Profile, SchoolForm};
use skalint::rules::RulePack;
use skalint::template::{self, Skeleton};
use std::collections::BTreeSet;

/// The profiles the fixtures are written for, with their filled-in versions.
fn cases() -> Vec<(Profile, &'static str)> {
    vec![
        (
            template::profile(Level::Enhet, Kind::Rapport, vec![SchoolForm::Forskola]),
            "fixtures/templates/forskola-ifylld.md",
        ),
        (
            template::profile(Level::Enhet, Kind::Rapport, vec![SchoolForm::Grundskola]),
            "fixtures/templates/grundskola-ifylld.md",
        ),
        (
            template::profile(
                Level::Huvudman,
                Kind::Rapport,
                vec![SchoolForm::Forskola, SchoolForm::Grundskola],
            ),
            "fixtures/templates/huvudman-ifylld.md",
        ),
    ]
}

fn applicable(pack: &RulePack, profile: &Profile) -> BTreeSet<String> {
    pack.rules
        .iter()
        .filter(|r| r.applies_to(profile))
        .map(|r| r.def.id.clone())
        .collect()
}

/// The skeleton's own lines: front matter, headings and guide quotes.
fn skeleton_lines(text: &str) -> Vec<&str> {
    let mut in_front = false;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line == "---" && (i == 0 || in_front) {
            in_front = i == 0;
            out.push(line);
        } else if in_front || line.starts_with('#') || line.starts_with("> ") {
            out.push(line);
        }
    }
    out
}

#[test]
fn the_filled_in_templates_are_the_templates_and_pass() {
    let pack = RulePack::embedded().unwrap();
    let skeleton = Skeleton::embedded();
    for (profile, path) in cases() {
        let generated = template::markdown(&skeleton, &pack, &profile);
        let filled = std::fs::read_to_string(path).unwrap();
        assert_eq!(
            skeleton_lines(&filled),
            skeleton_lines(&generated),
            "{path} is the current template with text added (regenerate it if the template changed)"
        );
        assert!(filled.len() > generated.len() + 2000, "{path} is filled in");
        let (doc, _) = Document::parse(&filled, Format::Markdown);
        let detected = profile::detect(&doc, &Overrides::default());
        assert_eq!(detected.level.value, profile.level.value, "{path}");
        assert_eq!(
            detected.school_forms.value, profile.school_forms.value,
            "{path}"
        );
        let found = check::check(&doc, &detected, &pack, &Options::default());
        assert!(
            found.is_empty(),
            "{path}: {:?}",
            found.iter().map(|d| &d.rule).collect::<Vec<_>>()
        );
    }
}

#[test]
fn an_empty_template_reports_every_part() {
    let pack = RulePack::embedded().unwrap();
    let skeleton = Skeleton::embedded();
    for (profile, _) in cases() {
        let text = template::markdown(&skeleton, &pack, &profile);
        let (doc, _) = Document::parse(&text, Format::Markdown);
        let detected = profile::detect(&doc, &Overrides::default());
        assert_eq!(detected.kind.value, profile.kind.value);
        let found = check::check(&doc, &detected, &pack, &Options::default());
        let rules: BTreeSet<String> = found.iter().map(|d| d.rule.clone()).collect();
        assert_eq!(rules, applicable(&pack, &profile), "{text}");
        // Each part's findings point into the skeleton, most under the part's own heading.
        for section in skeleton.sections_for(&pack, &profile) {
            assert!(
                found
                    .iter()
                    .any(|d| d.heading.as_deref() == Some(section.heading.as_str())),
                "no finding under «{}»",
                section.heading
            );
        }
    }
}

#[test]
fn the_word_template_reads_as_the_same_skeleton() {
    let pack = RulePack::embedded().unwrap();
    let skeleton = Skeleton::embedded();
    for (profile, _) in cases() {
        let bytes = template::docx(&skeleton, &pack, &profile).unwrap();
        let (doc, issues) = document::load(&bytes, "mall.docx").unwrap();
        assert!(issues.is_empty());
        assert_eq!(doc.format, Format::Docx);
        let headings: Vec<&str> = doc
            .blocks
            .iter()
            .filter(|b| b.is_heading())
            .map(|b| b.text.as_str())
            .collect();
        let expected: Vec<&str> = skeleton
            .sections_for(&pack, &profile)
            .iter()
            .map(|s| s.heading.as_str())
            .collect();
        assert_eq!(&headings[headings.len() - expected.len()..], &expected[..]);
        assert!(
            doc.blocks.iter().any(|b| b.quoted),
            "guides in the Quote style"
        );
        // No front matter in Word: the title alone tells level and school forms.
        let detected = profile::detect(&doc, &Overrides::default());
        assert_eq!(detected.level.value, profile.level.value);
        assert_eq!(detected.school_forms.value, profile.school_forms.value);
        let found = check::check(&doc, &detected, &pack, &Options::default());
        let rules: BTreeSet<String> = found.iter().map(|d| d.rule.clone()).collect();
        assert_eq!(rules, applicable(&pack, &profile));
    }
}

#[test]
fn the_command_writes_md_and_docx_and_never_overwrites() {
    let out = skalint()
        .args(["template", "--school-form", "förskola"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("## Barnens delaktighet"));
    assert!(text.contains("skolformer: [förskola]"));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mall.docx");
    skalint()
        .args(["template", "--level", "huvudman", "--format", "docx", "-o"])
        .arg(&path)
        .assert()
        .code(0);
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"PK"));
    let out = skalint()
        .args(["template", "--format", "docx", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("finns redan"));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);

    skalint()
        .args(["check", "--no-config"])
        .arg(&path)
        .assert()
        .code(1);
}
