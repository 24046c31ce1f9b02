//! Förvaltningens granskning: folders of reports checked at once, the summary matrix and the
//! report formats (JSON, CSV, SARIF, HTML) on the fixture reports.

mod common;

use common::{expected, skalint};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn json_of(args: &[&str]) -> (serde_json::Value, i32) {
    let out = skalint().args(args).output().unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (v, out.status.code().unwrap())
}

/// (rule, start, end) of every finding of every file, by path.
fn findings(report: &serde_json::Value) -> BTreeMap<String, Vec<(String, u64, u64)>> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let list = f["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| {
                    (
                        x["rule"].as_str().unwrap().to_string(),
                        x["location"]["start"].as_u64().unwrap(),
                        x["location"]["end"].as_u64().unwrap(),
                    )
                })
                .collect();
            (f["path"].as_str().unwrap().to_string(), list)
        })
        .collect()
}

#[test]
fn a_folder_gives_the_same_findings_as_each_file_alone_in_a_stable_order() {
    let (batch, code) = json_of(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "fixtures/reports",
    ]);
    assert_eq!(code, 1);
    let paths: Vec<&str> = batch["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(
        paths, sorted,
        "files come in name order, whatever thread finished first"
    );
    assert_eq!(
        paths.len(),
        expected().len(),
        "every fixture report, nothing else"
    );
    let batch = findings(&batch);
    for path in paths {
        let (single, _) = json_of(&["check", "--no-config", "--format", "json", path]);
        assert_eq!(findings(&single)[path], batch[path], "{path}");
    }
    // The same with one thread: parallelism changes nothing.
    let (one, _) = json_of(&[
        "check",
        "--no-config",
        "-j",
        "1",
        "--format",
        "json",
        "fixtures/reports",
    ]);
    assert_eq!(findings(&one), batch);
}

#[test]
fn an_unreadable_file_is_reported_and_the_rest_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "fixtures/reports/grundskola-komplett.md",
        dir.path().join("a.md"),
    )
    .unwrap();
    std::fs::write(dir.path().join("b.docx"), b"PK\x03\x04 inte en zip").unwrap();
    std::fs::copy(
        "fixtures/reports/forskola-komplett.md",
        dir.path().join("c.md"),
    )
    .unwrap();
    std::fs::write(dir.path().join("bild.png"), b"\x89PNG").unwrap();
    let d = dir.path().to_str().unwrap();
    let (report, code) = json_of(&["check", "--no-config", "--format", "json", d]);
    assert_eq!(code, 2, "an unreadable file is an input error");
    assert_eq!(report["files"].as_array().unwrap().len(), 2);
    let failures = report["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 1);
    assert!(failures[0]["path"].as_str().unwrap().ends_with("b.docx"));

    let out = skalint()
        .args(["check", "--no-config", d])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("b.docx"), "{stdout}");
    assert!(stdout.contains("1 fil kunde inte läsas"), "{stdout}");
}

#[test]
fn exclude_and_hidden_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in [
        ("grundskola-brister.md", "skola/rapport.md"),
        ("grundskola-brister.md", "arkiv/2019.md"),
        ("grundskola-brister.md", ".utkast/rapport.md"),
        ("grundskola-brister.md", "skola/rapport-utkast.md"),
    ] {
        let to = dir.path().join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(Path::new("fixtures/reports").join(from), to).unwrap();
    }
    let d = dir.path().to_str().unwrap();
    let (report, _) = json_of(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--exclude",
        "arkiv/",
        "--exclude",
        "*-utkast.md",
        d,
    ]);
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert!(paths[0].ends_with("skola/rapport.md"));

    let out = skalint()
        .args(["check", "--no-config", "--exclude", "a/{b", d])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ogiltigt mönster"));
}

#[test]
fn no_progress_bar_in_a_pipe_and_no_document_text_on_stderr() {
    let out = skalint()
        .args(["check", "--no-config", "fixtures/reports"])
        .output()
        .unwrap();
    // Standard error says only what was skipped, by name and reason.
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines,
        [
            "hoppades över: fixtures/reports/expected.toml: ett format som skalint inte läser (.md, .txt, .docx, .odt, .pdf)"
        ],
        "{stderr}"
    );
}

/// The CSV matrix says "saknas" exactly where the fixtures' expectations say a part is
/// missing, and Excel can read it: BOM, semicolons, Swedish letters intact.
#[test]
fn the_csv_matrix_matches_the_expected_missing_parts() {
    let out = skalint()
        .args([
            "check",
            "--no-config",
            "--format",
            "csv",
            "fixtures/reports",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stdout.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 BOM for Excel"
    );
    let text = String::from_utf8(out.stdout[3..].to_vec()).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&header[..4], ["Dokument", "Fil", "Nivå", "Skolformer"]);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    for e in expected() {
        let row = rows
            .iter()
            .find(|r| r[1].ends_with(&e.file))
            .unwrap_or_else(|| panic!("no row for {}", e.file));
        let missing: BTreeSet<&str> = header
            .iter()
            .zip(row)
            .skip(6)
            .filter(|(_, cell)| cell.starts_with("saknas"))
            .map(|(k, _)| k.as_str())
            .collect();
        let want: BTreeSet<&str> = e.missing.iter().map(String::as_str).collect();
        assert_eq!(missing, want, "{}", e.file);
    }
    let totals = rows.iter().find(|r| r[0] == "Antal som saknar").unwrap();
    let analys = header.iter().position(|h| h == "analys-orsaker").unwrap();
    let lacking = expected()
        .iter()
        .filter(|e| e.missing.iter().any(|m| m == "analys-orsaker"))
        .count();
    assert!(
        totals[analys].starts_with(&format!("{lacking} av ")),
        "{}",
        totals[analys]
    );
}

#[test]
fn the_terminal_summary_counts_units_lacking_each_part() {
    let out = skalint()
        .args(["check", "--no-config", "--summary", "fixtures/reports"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains("hjälp:"),
        "--summary leaves out the findings"
    );
    assert!(text.contains("Sammanställning"), "{text}");
    assert!(
        text.contains("Ängstugans förskola"),
        "unit name from front matter"
    );
    let lacking = expected()
        .iter()
        .filter(|e| e.missing.iter().any(|m| m == "delaktighet-personal"))
        .count();
    assert!(
        text.contains(&format!("{lacking} av ")) && text.contains("saknar personalens delaktighet"),
        "{text}"
    );
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/schemas/sarif-schema-2.1.0.json").unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let not_sarif = serde_json::json!({ "version": "2.0", "runs": [{ "results": [] }] });
    assert!(!validator.is_valid(&not_sarif), "the schema is enforced");
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("trasig rapport.docx");
    std::fs::write(&broken, b"PK\x03\x04").unwrap();
    let out = skalint()
        .args([
            "check",
            "--no-config",
            "--format",
            "sarif",
            "fixtures/reports",
            "fixtures/office/grundskola-brister.docx",
            "fixtures/office/grundskola-brister.pdf",
        ])
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"], "ruleIndex points at the rule");
    }
    let text_result = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "fixtures/reports/grundskola-brister.md"
        })
        .unwrap();
    assert!(
        text_result["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64() > Some(0)
    );
    let pdf_result = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "fixtures/office/grundskola-brister.pdf"
        })
        .unwrap();
    assert!(pdf_result["properties"]["page"].as_u64() > Some(0));
    assert_eq!(
        run["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "the unreadable file is a notification"
    );
}

#[test]
fn output_goes_to_a_file_atomically_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("granskning.html");
    std::fs::write(&target, "gammal").unwrap();
    let out = skalint()
        .args(["check", "--no-config", "--format", "html", "-o"])
        .arg(&target)
        .arg("fixtures/reports")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let html = std::fs::read_to_string(&target).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");

    // A folder that does not exist: nothing is written, the old file stays.
    let out = skalint()
        .args(["check", "--no-config", "--format", "csv", "-o"])
        .arg(dir.path().join("finns-inte/x.csv"))
        .arg("fixtures/reports/grundskola-komplett.md")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("kunde inte skriva"));
}

/// The HTML report stands alone: no scripts, no style sheets or images from elsewhere, and the
/// excerpt of the document is highlighted in its paragraph.
#[test]
fn the_html_report_is_self_contained() {
    let out = skalint()
        .env("SOURCE_DATE_EPOCH", "1763856000")
        .args([
            "check",
            "--no-config",
            "--format",
            "html",
            "fixtures/reports/grundskola-brister.md",
            "fixtures/reports/grundskola-komplett.md",
        ])
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.contains("<html lang=\"sv\">"));
    assert!(html.contains("den 2025-11-23"));
    for banned in ["<script", "<link", "<img", "<iframe", "@import", "url("] {
        assert!(!html.contains(banned), "{banned}");
    }
    assert_eq!(
        html.find("src="),
        None,
        "an external resource is referenced"
    );
    assert!(html.contains("<mark>"), "the excerpt is highlighted");
    assert!(html.contains("Så rättar du:"));
    assert!(html.contains("data-cell=\"missing-error\""));
    assert!(html.contains("Norrmyraskolan"));
}

/// Renders the HTML report in headless Chromium (Playwright): it draws, makes no network
/// request, the matrix shows the expected cells, and it prints to PDF. `.ci/run` installs
/// Chromium and playwright-core; outside CI the test says so and passes when they are absent.
#[test]
fn the_html_report_renders_in_chromium() {
    let script = Path::new("tests/browser/html_report.mjs");
    if !common::browser_ready(&["playwright-core"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("granskning.html");
    skalint()
        .args(["check", "--no-config", "--format", "html", "-o"])
        .arg(&html)
        .arg("fixtures/reports")
        .assert()
        .code(1);
    let mut rows = serde_json::Map::new();
    let keys_of_interest = ["analys-orsaker", "delaktighet-vardnadshavare", "planering"];
    for e in expected() {
        let name = match e.file.as_str() {
            "grundskola-brister.md" => "grundskola-brister.md",
            "grundskola-komplett.md" => "Norrmyraskolan",
            _ => continue,
        };
        let mut cells = serde_json::Map::new();
        for key in keys_of_interest {
            let cell = if e.missing.iter().any(|m| m == key) {
                "missing-error"
            } else {
                "present"
            };
            cells.insert(key.into(), cell.into());
        }
        cells.insert("resursfordelning".into(), "not-applicable".into());
        rows.insert(name.into(), cells.into());
    }
    assert_eq!(rows.len(), 2);
    let expected_path = dir.path().join("expected.json");
    std::fs::write(
        &expected_path,
        serde_json::json!({ "rows": rows }).to_string(),
    )
    .unwrap();
    let seen = common::run_node(
        script,
        &[
            html.as_os_str(),
            expected_path.as_os_str(),
            dir.path().as_os_str(),
        ],
    );
    assert_eq!(seen["rows"], 13);
    assert!(dir.path().join("report.pdf").metadata().unwrap().len() > 10_000);
}
