//! `skalint.toml`: found above the checked folder, its defaults, switches, levels, exclude globs
//! and local rule packs applied; errors pointing at the line; `skalint init`.
//!
//! Fixture: `fixtures/config/kommun/` (a kommun's config, a local rule, two unit reports and an
//! archive folder the config excludes).

mod common;

use common::skalint;
use skalint::rules::RulePack;
use std::path::Path;

const KOMMUN: &str = "fixtures/config/kommun";

fn run_json(args: &[&str]) -> (serde_json::Value, i32) {
    let out = skalint().args(args).output().unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    (v, out.status.code().unwrap())
}

fn file<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("{name} not in the report"))
}

fn rules_of(file: &serde_json::Value) -> Vec<(String, String)> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// How many documents a requirement was checked in, from the JSON summary.
fn checked_count(report: &serde_json::Value, key: &str) -> u64 {
    report["summary"]["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["requirement"] == key)
        .map(|r| r["checked"].as_u64().unwrap())
        .unwrap_or(0)
}

#[test]
fn the_config_above_the_folder_is_found_and_applied() {
    let (report, code) = run_json(&["check", "--format", "json", &format!("{KOMMUN}/rapporter")]);
    assert_eq!(code, 1);
    assert_eq!(report["files"].as_array().unwrap().len(), 2);

    let ek = file(&report, "ekbacken.md");
    assert_eq!(rules_of(ek), [], "complete by the kommun's own demands");
    assert_eq!(ek["detected"]["level"]["source"], "config");
    assert_eq!(ek["detected"]["school_forms"]["source"], "config");

    let tall = file(&report, "tallbacken.md");
    let found = rules_of(tall);
    assert!(
        found.contains(&("LOK001".into(), "error".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("SKA121".into(), "error".into())),
        "re-levelled from warning: {found:?}"
    );
    // Switched off: the requirement is not checked at all, so no document counts for it.
    assert_eq!(checked_count(&report, "arshjul"), 0);
    assert_eq!(checked_count(&report, "lokal-verksamhetsuppfoljning"), 2);

    // The root folder: the archive is excluded by the config.
    let (report, _) = run_json(&["check", "--format", "json", KOMMUN]);
    assert_eq!(report["files"].as_array().unwrap().len(), 2);
}

#[test]
fn without_the_config_the_defaults_apply() {
    let (report, _) = run_json(&["check", "--no-config", "--format", "json", KOMMUN]);
    assert_eq!(
        report["files"].as_array().unwrap().len(),
        3,
        "archive included"
    );
    assert_eq!(checked_count(&report, "arshjul"), 3);
    let ek = file(&report, "ekbacken.md");
    assert_eq!(rules_of(ek), []);
    assert_eq!(ek["detected"]["level"]["source"], "text");
    let tall = file(&report, "tallbacken.md");
    assert!(rules_of(tall).contains(&("SKA121".into(), "warning".into())));
    assert!(!rules_of(tall).iter().any(|(r, _)| r == "LOK001"));
}

#[test]
fn flags_win_over_the_config() {
    let (report, _) = run_json(&[
        "check",
        "--format",
        "json",
        "--school-form",
        "gymnasieskola",
        &format!("{KOMMUN}/rapporter/ekbacken.md"),
    ]);
    let ek = file(&report, "ekbacken.md");
    assert_eq!(ek["detected"]["school_forms"]["source"], "flag");
    assert_eq!(ek["school_forms"], serde_json::json!(["gymnasieskola"]));
}

#[test]
fn fail_on_warning_in_the_config_sets_the_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("skalint.toml");
    std::fs::write(&cfg, "fail-on = \"warning\"\n").unwrap();
    // Warnings only (vetenskaplig grund, insatsernas uppföljning).
    let report = "fixtures/reports/komvux-brister.txt";
    skalint()
        .args(["check", "--no-config", report])
        .assert()
        .code(0);
    skalint()
        .args(["check", "--config"])
        .arg(&cfg)
        .arg(report)
        .assert()
        .code(1);
}

#[test]
fn the_local_rule_has_working_examples() {
    let pack = RulePack::with_dirs(&[Path::new(KOMMUN).join("regler")]).unwrap();
    let rule = pack.find("LOK001")[0];
    assert_eq!(rule.def.requirement, "lokal-verksamhetsuppfoljning");
    let failures = skalint::check::verify_examples(&pack, rule);
    assert!(failures.is_empty(), "{failures:?}");
}

fn config_error(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("skalint.toml"), text).unwrap();
    std::fs::copy(
        "fixtures/reports/grundskola-komplett.md",
        dir.path().join("r.md"),
    )
    .unwrap();
    let out = skalint()
        .env("NO_COLOR", "1")
        .args(["check"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a bad config is an input error");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn config_errors_point_at_the_line() {
    let err = config_error("# kommunens inställningar\nlevel = \"skola\"\n");
    assert!(err.contains("skalint.toml"), "{err}");
    assert!(err.contains("config.schema.json"), "{err}");
    assert!(
        err.contains("2 │ level = \"skola\""),
        "the line is shown: {err}"
    );

    let err = config_error("exlude = [\"arkiv/\"]\n");
    assert!(err.contains("okänd nyckel: exlude"), "{err}");

    let err = config_error("disable = [\"arshjul\", \"SKA999\"]\n");
    assert!(err.contains("SKA999"), "{err}");
    assert!(err.contains("1 │ disable"), "{err}");

    let err = config_error("level = \"enhet\n");
    assert!(err.contains("kunde inte läsas"), "TOML syntax: {err}");

    let err = config_error("rules = [\"finns-inte\"]\n");
    assert!(err.contains("finns-inte"), "{err}");
}

#[test]
fn init_writes_a_starter_config_once() {
    let dir = tempfile::tempdir().unwrap();
    skalint().arg("init").arg(dir.path()).assert().code(0);
    let path = dir.path().join("skalint.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("exclude"));
    assert!(text.contains("skolform"), "commented in Swedish");

    let out = skalint().arg("init").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("finns redan"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "not overwritten"
    );
    skalint()
        .args(["init", "--force"])
        .arg(dir.path())
        .assert()
        .code(0);

    // The starter config is valid as written.
    std::fs::copy(
        "fixtures/reports/grundskola-komplett.md",
        dir.path().join("r.md"),
    )
    .unwrap();
    skalint().arg("check").arg(dir.path()).assert().code(0);
}
