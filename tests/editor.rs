//! `skalint lsp` with a real editor as the client: Neovim, headless, runs
//! `tests/editor/nvim_lsp.lua` on a fixture report and writes what it received. The findings
//! must be the ones `skalint check --format json` gives for the same file, at the same lines
//! and columns (Neovim counts UTF-16, the JSON characters: the same for Swedish text).
//!
//! `.ci/run` installs Neovim (Debian `neovim`); elsewhere the test says so and passes.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const REPORT: &str = "fixtures/reports/grundskola-brister.md";

fn nvim_available() -> bool {
    Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn neovim_shows_the_findings_of_check() {
    if !common::tool_ready(nvim_available(), "Neovim (nvim)") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // A copy, so that the editor's buffer can never be written over the fixture.
    let file = dir.path().join("rapport.md");
    std::fs::copy(REPORT, &file).unwrap();
    let out = dir.path().join("nvim.out");
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-u", "NONE", "-n", "-c"])
        .arg(format!(
            "luafile {}",
            Path::new("tests/editor/nvim_lsp.lua").display()
        ))
        .env("SKALINT_BIN", env!("CARGO_BIN_EXE_skalint"))
        .env("SKALINT_FILE", &file)
        .env("SKALINT_OUT", &out)
        .env("XDG_STATE_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("Neovim did not finish in 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let got = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(status.success(), "nvim failed:\n{got}");

    // What the command line reports for the same file.
    let json = Command::new(env!("CARGO_BIN_EXE_skalint"))
        .args(["check", "--no-config", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let mut expected: Vec<(u64, u64, String, u64)> = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let severity = match f["severity"].as_str().unwrap() {
                "error" => 1,
                "warning" => 2,
                _ => 3,
            };
            (
                f["location"]["line"].as_u64().unwrap(),
                f["location"]["column"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
                severity,
            )
        })
        .collect();
    expected.sort_by(|a, b| (a.0, &a.2).cmp(&(b.0, &b.2)));
    let expected: Vec<String> = expected
        .into_iter()
        .map(|(l, c, r, s)| format!("open {l}:{c} {r} {s}"))
        .collect();
    let opened: Vec<&str> = got.lines().filter(|l| l.starts_with("open ")).collect();
    assert!(!expected.is_empty());
    assert_eq!(opened, expected, "\n{got}");

    assert!(
        got.lines()
            .any(|l| l.starts_with("hover ") && l.contains("Analys av orsaker: saknas")),
        "{got}"
    );
    assert!(got.contains("action Infoga rubrik och vägledning för analys av orsaker"));
    assert!(got.contains("action Stäng av SKA103 för det här dokumentet"));
    // After the rektor wrote the analysis, only that finding is gone (and the samband that
    // was blamed on it).
    let after = got
        .lines()
        .find_map(|l| l.strip_prefix("after-edit "))
        .unwrap_or_else(|| panic!("{got}"));
    let after: Vec<&str> = after.split(' ').collect();
    assert!(!after.contains(&"SKA103"));
    assert!(
        after.contains(&"SKA108") && after.contains(&"SKA121"),
        "{after:?}"
    );
    // The buffer was never written: the file on disk is the fixture.
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        std::fs::read_to_string(REPORT).unwrap()
    );
}
