//! A förvaltning's batch review: 1,000 generated unit reports (every other one Markdown, the
//! rest Word; 5–40 pages each, complete and deficient) checked by the `skalint` binary with one
//! thread per core, as `skalint check DIR` runs.
//!
//! `cargo bench --bench batch` prints, for 250 and 1,000 documents, documents per second and
//! the run's peak memory (max RSS of the process). Memory that stays flat as the batch grows
//! shows that the review streams; the target is ≥ 200 reports/s on 2 cores.
//! `SKALINT_BENCH_DOCS=N` changes the batch size.

use std::path::Path;
use std::time::Duration;

mod corpus;
mod process;

/// Writes `n` reports into `dir`; returns their total size in bytes.
fn generate(dir: &Path, n: usize) -> u64 {
    let mut total = 0u64;
    for i in 0..n {
        // 5..=40 pages, spread over the batch without a pattern that follows the format.
        let pages = 5 + (i * 7 + i / 36) % 36;
        let base = corpus::UNIT_REPORTS[i % corpus::UNIT_REPORTS.len()];
        let front = base
            .strip_prefix("---\n")
            .and_then(|r| r.split_once("\n---\n"))
            .map(|(f, _)| f)
            .unwrap_or("");
        let title = format!("Enhet {i:04}: kvalitetsrapport läsåret 2025/26");
        let parts = [
            base,
            corpus::UNIT_REPORTS[(i / 6) % corpus::UNIT_REPORTS.len()],
        ];
        let text = corpus::long_report(&title, &parts, pages * corpus::PAGE);
        let (name, bytes) = if i % 2 == 0 {
            (
                format!("enhet-{i:04}.md"),
                format!("---\n{front}\n---\n\n{text}").into_bytes(),
            )
        } else {
            (
                format!("enhet-{i:04}.docx"),
                corpus::markdown_to_docx(&text),
            )
        };
        total += bytes.len() as u64;
        std::fs::write(dir.join(name), bytes).expect("write a generated report");
    }
    total
}

/// Runs the binary to completion; returns the wall time and its peak RSS in KiB.
fn run(args: &[&str]) -> (Duration, i64) {
    let r = process::run(args);
    assert!(r.code <= 1, "skalint failed with status {}", r.code);
    (r.elapsed, r.peak_kib)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and only wants to
    // know that this builds and runs, so it gets a small batch.
    let benching = std::env::args().any(|a| a == "--bench");
    let full: usize = std::env::var("SKALINT_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if benching { 1_000 } else { 20 });
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "batch review, {cores} cores, skalint {}",
        env!("CARGO_PKG_VERSION")
    );
    for n in [full / 4, full] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let bytes = generate(dir.path(), n);
        let folder = dir.path().to_str().expect("a UTF-8 path");
        let out = dir.path().join("granskning");
        let mut times = Vec::new();
        let mut peak = 0;
        for format in ["csv", "csv", "csv"] {
            let (t, rss) = run(&[
                "check",
                "--no-config",
                "--format",
                format,
                "-o",
                out.to_str().unwrap(),
                folder,
            ]);
            times.push(t);
            peak = peak.max(rss);
        }
        let t = median(times);
        let (t_html, rss_html) = run(&[
            "check",
            "--no-config",
            "--format",
            "html",
            "-o",
            out.to_str().unwrap(),
            folder,
        ]);
        println!(
            "{n:>5} reports ({:.0} MiB): summary (csv) {:>7.1} reports/s, {:>6.1} MiB/s, peak {:>5.1} MiB \
             | html report {:>7.1} reports/s, peak {:>5.1} MiB",
            bytes as f64 / 1048576.0,
            n as f64 / t.as_secs_f64(),
            bytes as f64 / 1048576.0 / t.as_secs_f64(),
            peak as f64 / 1024.0,
            n as f64 / t_html.as_secs_f64(),
            rss_html as f64 / 1024.0,
        );
    }
}
