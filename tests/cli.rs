//! The command line as a user meets it: exit codes, formats, standard input, bad input and bad
//! rule files.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;

fn skalint() -> Command {
    let mut c = Command::cargo_bin("skalint").expect("binary built");
    c.env("NO_COLOR", "1");
    c
}

const COMPLETE: &str = "fixtures/reports/grundskola-komplett.md";
const DEFICIENT: &str = "fixtures/reports/grundskola-brister.md";

#[test]
fn exit_0_for_a_complete_report_and_1_for_a_deficient_one() {
    skalint()
        .args(["check", COMPLETE])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 fel, 0 varningar"));
    skalint()
        .args(["check", DEFICIENT])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("SKA103"));
}

#[test]
fn warnings_fail_only_when_denied() {
    // The komvux report lacks only warning-level parts.
    let file = "fixtures/reports/komvux-brister.txt";
    skalint()
        .args(["check", file])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("varning"));
    skalint()
        .args(["check", "--deny", "warnings", file])
        .assert()
        .code(1);
}

#[test]
fn usage_and_input_errors_exit_2() {
    skalint()
        .args(["check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ingen fil att granska"));
    skalint()
        .args(["check", "--level", "kommun", COMPLETE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("okänd nivå"));
    skalint()
        .args(["check", "finns-inte.md"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("filen finns inte"));
    skalint().args(["explain", "SKA999"]).assert().code(2);
}

#[test]
fn flag_errors_and_help_are_in_swedish() {
    skalint()
        .args(["check", "--levl", "enhet", COMPLETE])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("okänd flagga --levl")
                .and(predicate::str::contains("menade du --level")),
        );
    skalint()
        .args(["chek"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("okänt kommando"));
    skalint().args(["check", "--help"]).assert().code(0).stdout(
        predicate::str::contains("Användning: skalint check")
            .and(predicate::str::contains("Flaggor:")),
    );
}

#[test]
fn a_failure_is_reported_and_the_other_files_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("rapport.md");
    fs::write(&bin, b"%PDF-1.7\n\x00\x01binary").unwrap();
    let out = skalint()
        .args([
            "check",
            "--format",
            "json",
            DEFICIENT,
            bin.to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
    assert_eq!(v["failures"][0]["path"], bin.to_str().unwrap());
    assert!(v["failures"][0]["error"].as_str().unwrap().contains("PDF"));
}

#[test]
fn bad_input_gets_a_clear_swedish_error() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 4] = [
        ("tom.txt", b"", "tom"),
        ("okand.txt", b"abc \x81\x8d\x90 def", "UTF-8"),
        ("nul.txt", b"ab\0cd", "binär"),
        ("gammal.doc", b"\xd0\xcf\x11\xe0 rest", ".docx"),
    ];
    for (name, bytes, says) in cases {
        let p = dir.path().join(name);
        fs::write(&p, bytes).unwrap();
        skalint()
            .args(["check", p.to_str().unwrap()])
            .assert()
            .code(2)
            .stdout(predicate::str::contains(says));
    }
}

#[test]
fn a_100_mb_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("stor.txt");
    fs::File::create(&big)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    skalint()
        .args(["check", big.to_str().unwrap(), DEFICIENT])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("för stor").and(predicate::str::contains("SKA103")));
}

#[test]
fn office_findings_say_page_and_paragraph() {
    skalint()
        .args(["check", "fixtures/office/grundskola-brister.pdf"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("= sida 3, under rubriken: Analys"));
    let out = skalint()
        .args([
            "check",
            "--format",
            "json",
            "fixtures/office/grundskola-brister.docx",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v["files"][0];
    assert_eq!(f["format"], "docx");
    assert!(
        f["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["location"]["paragraph"].as_u64().is_some())
    );
}

#[test]
fn stdin_is_read_with_a_dash() {
    let text = fs::read_to_string(DEFICIENT).unwrap();
    skalint()
        .args(["check", "-", "--format", "json"])
        .write_stdin(text)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("\"path\": \"-\"")
                .and(predicate::str::contains("analys-orsaker")),
        );
}

#[test]
fn json_report_validates_against_its_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string("docs/report.schema.json").unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for args in [
        vec![
            "check",
            "--format",
            "json",
            DEFICIENT,
            "fixtures/reports/forskola-brister.txt",
        ],
        vec![
            "check",
            "--format",
            "json",
            "--level",
            "huvudman",
            "fixtures/reports/huvudman-brister.md",
            "saknas.md",
        ],
    ] {
        let out = skalint().args(&args).output().unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
}

#[test]
fn json_locations_count_characters_after_swedish_letters() {
    let out = skalint()
        .args(["check", "--format", "json", DEFICIENT])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let src = fs::read_to_string(DEFICIENT).unwrap();
    for f in v["files"][0]["findings"].as_array().unwrap() {
        let loc = &f["location"];
        let start = loc["start"].as_u64().unwrap() as usize;
        let line = loc["line"].as_u64().unwrap() as usize;
        let col = loc["column"].as_u64().unwrap() as usize;
        let line_text = src.lines().nth(line - 1).unwrap();
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        assert_eq!(
            src[line_start..start].chars().count() + 1,
            col,
            "{line_text}"
        );
    }
}

#[test]
fn flags_override_detection_and_the_json_says_so() {
    let out = skalint()
        .args([
            "check",
            "--format",
            "json",
            "--school-form",
            "komvux",
            "--kind",
            "rapport",
            COMPLETE,
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v["files"][0];
    assert_eq!(f["school_forms"], serde_json::json!(["komvux"]));
    assert_eq!(f["detected"]["school_forms"]["source"], "flag");
    assert_eq!(f["detected"]["level"]["source"], "front-matter");
    // Komvux has no vårdnadshavare to involve.
    assert!(
        !out.stdout
            .windows(26)
            .any(|w| w == b"delaktighet-vardnadshavare")
    );
}

#[test]
fn disable_switches_a_rule_off_and_its_dependents_do_not_blame_it() {
    let out = skalint()
        .args([
            "check",
            "--format",
            "json",
            "--disable",
            "SKA103",
            DEFICIENT,
        ])
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(!s.contains("\"SKA103\""));
    assert!(!s.contains("bygger på analys-orsaker"));
}

#[test]
fn rules_and_explain_list_the_pack() {
    skalint()
        .args(["rules"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("SKA103").and(predicate::str::contains("analys-orsaker")));
    skalint()
        .args(["explain", "analys-orsaker"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("2022").and(predicate::str::contains("Uppfyller inte kravet")),
        );
    let out = skalint()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 23);
}

#[test]
fn the_embedded_example_runs() {
    skalint()
        .args(["check", "--exempel"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("granskad som rapport"));
}

#[test]
fn a_broken_rule_file_points_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = fs::read_to_string("rules/SKA121-vetenskaplig-grund-saknas.toml").unwrap();
    // A schema violation: an unknown severity, on line 4.
    let bad = good
        .replace("id = \"SKA121\"", "id = \"KOM001\"")
        .replace(
            "name = \"vetenskaplig-grund-saknas\"",
            "name = \"lokal-regel\"",
        )
        .replace("severity = \"warning\"", "severity = \"varning\"");
    fs::write(dir.path().join("KOM001.toml"), &bad).unwrap();
    skalint()
        .args(["check", "--rules", dir.path().to_str().unwrap(), COMPLETE])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("KOM001.toml")
                .and(predicate::str::contains("varning"))
                .and(predicate::str::contains(":4:")),
        );

    // A bad regular expression points at the pattern.
    let bad = good
        .replace("id = \"SKA121\"", "id = \"KOM002\"")
        .replace(
            "name = \"vetenskaplig-grund-saknas\"",
            "name = \"lokal-regel\"",
        )
        .replace("{vetenskap}", "forskning(");
    fs::remove_file(dir.path().join("KOM001.toml")).unwrap();
    fs::write(dir.path().join("KOM002.toml"), &bad).unwrap();
    skalint()
        .args(["check", "--rules", dir.path().to_str().unwrap(), COMPLETE])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("ogiltigt mönster")
                .and(predicate::str::contains("forskning(")),
        );

    // TOML syntax.
    fs::write(dir.path().join("KOM002.toml"), "id = \"KOM002\n").unwrap();
    skalint()
        .args(["rules", "--rules", dir.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("KOM002.toml"));
}

#[test]
fn a_local_rule_pack_adds_a_demand() {
    let dir = tempfile::tempdir().unwrap();
    let rule = r#"
id = "KOM101"
name = "verksamhetsuppfoljning-saknas"
requirement = "lokal-verksamhetsuppfoljning"
severity = "error"
title = "avsnittet Verksamhetsuppföljning"
citation = { text = "Kommunens anvisningar för kvalitetsrapporter (lokala regler)", url = "https://example.org/anvisningar" }
message = "Rapporten saknar kommunens avsnitt Verksamhetsuppföljning."
help = "Lägg till avsnittet Verksamhetsuppföljning enligt kommunens mall."
explanation = "Kommunens mall kräver ett avsnitt om verksamhetsuppföljning."
evidence = [{ all = [['\w+']], within = ['(?i)verksamhetsuppföljning'] }]

[examples]
good = ["Verksamheten har följts upp."]
bad = ["Ingenting."]
"#;
    fs::write(dir.path().join("KOM101.toml"), rule).unwrap();
    skalint()
        .args(["check", "--rules", dir.path().to_str().unwrap(), COMPLETE])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("KOM101"));
}
