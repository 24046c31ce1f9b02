//! What the test binaries share (each says `mod common;`): the binary as a command, the
//! expectations of `fixtures/reports/expected.toml`, and the external tools (node, Chromium,
//! Neovim) that the browser and editor tests drive.

#![allow(dead_code)] // each test binary uses part of it

pub mod hostile;

use serde::Deserialize;
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::Path;

/// `skalint`, without colour, and without the `CI` variable (which the tests' CI has set)
/// so that it behaves as it does for a user.
pub fn skalint() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("skalint").unwrap();
    c.env_remove("CI").env("NO_COLOR", "1");
    c
}

#[derive(Deserialize)]
struct Expected {
    report: Vec<ExpectedReport>,
}

/// One fixture report of `fixtures/reports/expected.toml`, whose judgements are written by
/// hand, independently of the engine.
#[derive(Deserialize)]
pub struct ExpectedReport {
    pub file: String,
    pub missing: Vec<String>,
}

pub fn expected() -> Vec<ExpectedReport> {
    let text = std::fs::read_to_string("fixtures/reports/expected.toml").unwrap();
    toml::from_str::<Expected>(&text).unwrap().report
}

/// The requirement keys `expected.toml` says a fixture lacks.
pub fn expected_missing(file: &str) -> BTreeSet<String> {
    expected()
        .into_iter()
        .find(|r| r.file == file)
        .unwrap_or_else(|| panic!("{file} not in expected.toml"))
        .missing
        .into_iter()
        .collect()
}

/// Whether an external tool that a test drives is here. Outside CI a missing tool skips the
/// test, saying so; in CI, whose `.ci/run` installs them all, it fails the test.
pub fn tool_ready(ready: bool, what: &str) -> bool {
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have {what} (see .ci/run)"
        );
        eprintln!("skipped: {what} missing (bash .ci/run installs it)");
    }
    ready
}

/// Whether node, Debian's Chromium and the npm `packages` of `tests/browser` are installed.
pub fn browser_ready(packages: &[&str]) -> bool {
    let ready = packages
        .iter()
        .all(|p| Path::new("tests/browser/node_modules").join(p).is_dir())
        && Path::new("/usr/bin/chromium").exists()
        && std::process::Command::new("node")
            .arg("--version")
            .output()
            .is_ok();
    tool_ready(
        ready,
        &format!(
            "node, chromium and tests/browser/node_modules ({})",
            packages.join(", ")
        ),
    )
}

/// Runs a script of `tests/browser` with node and returns what it printed, as JSON; a script
/// that fails fails the test with its output.
pub fn run_node(script: &Path, args: &[&OsStr]) -> serde_json::Value {
    let out = std::process::Command::new("node")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
