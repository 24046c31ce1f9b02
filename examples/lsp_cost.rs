//! Where a language-server re-check spends its time on a long report:
//! `cargo run --release --example lsp_cost -- FILE [REPEAT]`.
//!
//! `SKALINT_PHASE=NAME` (e.g. "whole check") repeats only that phase and skips the per-rule
//! table, so that `valgrind --tool=callgrind` run with REPEAT 1 and 5 gives the instructions
//! of one phase in steady state (the first call also pays for lazily compiled patterns).

use skalint::document::{Document, Format};
use skalint::lsp::Checked;
use skalint::lsp::position::{Encoding, LineIndex, SourceMap};
use skalint::review::Setup;
use std::sync::Arc;
use std::time::Instant;

fn time<T>(name: &str, n: u32, mut f: impl FnMut() -> T) -> T {
    let n = match std::env::var("SKALINT_PHASE") {
        Ok(only) if only != name => 1,
        _ => n,
    };
    let start = Instant::now();
    let mut out = None;
    for _ in 0..n {
        out = Some(f());
    }
    println!(
        "{name:<24} {:>8.2} ms",
        start.elapsed().as_secs_f64() * 1e3 / n as f64
    );
    out.expect("n > 0")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: lsp_cost FILE [REPEAT]");
    let n: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let text = std::fs::read_to_string(&path).expect("a UTF-8 file");
    let setup = Arc::new(Setup::configured(None, Default::default()).expect("setup"));
    let (doc, _) = time("parse", n, || Document::parse(&text, Format::Markdown));
    let profile = time("detect profile", n, || {
        skalint::profile::detect(&doc, &setup.overrides)
    });
    time("check", n, || {
        skalint::check::run(&doc, &profile, &setup.pack, &setup.options)
    });
    time("source map", n, || SourceMap::new(&text));
    time("line index", n, || LineIndex::new(&text));
    let checked = time("whole check", n, || {
        Checked::new(&text, Format::Markdown, setup.clone())
    });
    let d = time("to LSP diagnostics", n, || {
        checked.diagnostics("file:///r.md", &text, Encoding::Utf16)
    });
    println!("{} diagnostics, {} bytes", d.len(), text.len());
    if std::env::var_os("SKALINT_PHASE").is_some() {
        return;
    }
    // Each rule alone (its own scans, nothing shared), the costliest first.
    let mut per_rule: Vec<(f64, String)> = setup
        .pack
        .rules
        .iter()
        .map(|r| {
            let start = Instant::now();
            for _ in 0..n {
                skalint::check::check_rule(&doc, &setup.pack, r);
            }
            (
                start.elapsed().as_secs_f64() * 1e3 / n as f64,
                r.def.id.clone(),
            )
        })
        .collect();
    per_rule.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, id) in per_rule.iter().take(8) {
        println!("  {id:<8} {ms:>8.2} ms alone");
    }
}
