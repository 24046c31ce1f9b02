//! Hostile and odd input through the command line: a file can fail, the process never does.
//! Deeply nested documents of every format, alone and in a batch with `-o`; a FIFO named as a
//! report; links in a folder; one enormous line. Memory and time are benchmark figures
//! (`benches/`), not asserted here; what is asserted is that every run ends with its own
//! status, says what happened in Swedish, and keeps its output bounded.

mod common;

use common::hostile;
use common::skalint;
use std::time::Duration;

/// A run that would hang or abort fails the test instead of the suite.
const LIMIT: Duration = Duration::from_secs(120);

/// `skalint check ARGS`, within [`LIMIT`].
fn check<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> std::process::Output {
    skalint()
        .arg("check")
        .args(args)
        .timeout(LIMIT)
        .output()
        .unwrap()
}

fn status(o: &std::process::Output) -> i32 {
    o.status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {:?}", o.status))
}

#[test]
fn deep_nesting_in_each_format_fails_that_file_only() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in hostile::all() {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let out = check(&[&path]);
        let code = status(&out);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if name.ends_with(".md") {
            // Markdown nesting is read without recursion: the text is simply checked.
            assert!(matches!(code, 0 | 1), "{name}: {code}\n{text}");
        } else if name != "djup-innehall.pdf" {
            assert_eq!(code, 2, "{name}\n{text}");
            assert!(text.contains("för djupt nästlat"), "{name}: {text}");
        } else {
            // A content stream's nesting is not recursed into: read, or refused, never a crash.
            assert!(matches!(code, 0..=2), "{name}: {code}\n{text}");
        }
    }
}

#[test]
fn a_batch_with_hostile_files_still_reports_the_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("rapporter");
    std::fs::create_dir(&reports).unwrap();
    for (name, bytes) in hostile::all() {
        std::fs::write(reports.join(name), bytes).unwrap();
    }
    std::fs::copy(
        "fixtures/reports/grundskola-brister.md",
        reports.join("grundskola.md"),
    )
    .unwrap();
    let report = dir.path().join("granskning.json");
    let out = check(&[
        "--format".as_ref(),
        "json".as_ref(),
        "-o".as_ref(),
        report.as_os_str(),
        reports.as_os_str(),
    ]);
    assert_eq!(status(&out), 2, "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let files = json["files"].as_array().unwrap();
    let good = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("grundskola.md"))
        .expect("the good report is in the batch's output");
    let found: std::collections::BTreeSet<String> = good["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["requirement"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(found, common::expected_missing("grundskola-brister.md"));
    let failed: Vec<&str> = json["failures"]
        .as_array()
        .map(|e| e.iter().filter_map(|f| f["path"].as_str()).collect())
        .unwrap_or_default();
    for name in ["djup.docx", "djup.odt", "djup.pdf"] {
        assert!(
            failed.iter().any(|p| p.ends_with(name)),
            "{name} is reported as unreadable: {failed:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_named_as_a_report_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("rapport.md");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let out = check(&[
        fifo.as_os_str(),
        "fixtures/reports/grundskola-komplett.md".as_ref(),
    ]);
    assert_eq!(status(&out), 2);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("ingen vanlig fil"), "{text}");
    assert!(
        text.contains(" i 1 granskad fil"),
        "the other file is checked: {text}"
    );
}

#[cfg(unix)]
#[test]
fn links_in_a_folder_are_followed_and_what_is_skipped_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("rapporter");
    std::fs::create_dir(&reports).unwrap();
    let original = std::fs::canonicalize("fixtures/reports/grundskola-brister.md").unwrap();
    std::os::unix::fs::symlink(&original, reports.join("norra.md")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("borta.md"), reports.join("södra.md")).unwrap();
    std::fs::write(reports.join("gammal.doc"), b"\xd0\xcf\x11\xe0").unwrap();
    let out = check(&[&reports]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        status(&out),
        2,
        "the broken link is an error\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("norra.md"),
        "the linked report is checked: {stdout}"
    );
    assert!(stdout.contains("SKA103"), "{stdout}");
    assert!(
        stdout.contains("södra.md"),
        "the broken link is named: {stdout}"
    );
    assert!(
        stderr.contains("gammal.doc") && stderr.contains("gammalt Word-format"),
        "{stderr}"
    );
}

#[test]
fn one_enormous_line_gives_bounded_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("en-rad.txt");
    let line = "Skolan har följt upp resultaten och eleverna har deltagit i arbetet. ";
    let text = line.repeat(4_000_000 / line.len());
    std::fs::write(&path, &text).unwrap();
    let out = check(&[&path]);
    assert!(matches!(status(&out), 0 | 1));
    // Each finding shows a window around its place, never the whole 4 MB line.
    assert!(
        out.stdout.len() < 100 * 1024,
        "{} bytes of output",
        out.stdout.len()
    );
    let json = check(&["--format".as_ref(), "json".as_ref(), path.as_os_str()]);
    assert!(json.stdout.len() < 100 * 1024, "{}", json.stdout.len());
}

#[test]
fn os_errors_are_said_in_swedish() {
    let long = "x".repeat(300) + ".md";
    let out = check(&[&long]);
    assert_eq!(status(&out), 2);
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(!text.contains("os error"), "{text}");
    assert!(text.contains("namnet är för långt"), "{text}");
}
