//! Speed of the checker on a long report: parsing, detection and checking of a ~100-page
//! Markdown report built from the fixtures, with the rule pack loaded once.
//!
//! `cargo bench --bench check` prints the throughput (MiB/s) of each stage.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use skalint::check::{self, Options};
use skalint::document::{Document, Format};
use skalint::profile::{self, Overrides};
use skalint::rules::RulePack;
use std::hint::black_box;

mod corpus;

/// About 100 pages of realistic report text.
fn long_report(parts: &[&str]) -> String {
    corpus::long_report(
        "Kvalitetsrapport läsåret 2024/25",
        parts,
        100 * corpus::PAGE,
    )
}

/// A complete report: evidence is found early, as in most real reports.
const COMPLETE: [&str; 4] = [
    include_str!("../fixtures/reports/grundskola-komplett.md"),
    include_str!("../fixtures/reports/gymnasieskola-brister.md"),
    include_str!("../fixtures/reports/huvudman-komplett.md"),
    include_str!("../fixtures/reports/forskola-komplett.md"),
];

/// The worst case: a long results annex that lacks almost every part, so every rule reads the
/// whole document.
const DEFICIENT: [&str; 1] = [include_str!(
    "../../shared/dev-eval/docs/14-tallbackaskolan-resultat-2023-24.md"
)];

fn pipeline(text: &str, pack: &RulePack) -> Vec<skalint::Diagnostic> {
    let (doc, _) = Document::parse(text, Format::Markdown);
    let profile = profile::detect(&doc, &Overrides::default());
    check::check(&doc, &profile, pack, &Options::default())
}

fn bench(c: &mut Criterion) {
    let pack = RulePack::embedded().expect("rule pack");
    let text = long_report(&COMPLETE);
    let mut group = c.benchmark_group("100-page report");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);

    group.bench_function("parse", |b| {
        b.iter(|| Document::parse(black_box(&text), Format::Markdown))
    });
    let (doc, _) = Document::parse(&text, Format::Markdown);
    let profile = profile::detect(&doc, &Overrides::default());
    group.bench_function("check", |b| {
        b.iter(|| check::check(black_box(&doc), &profile, &pack, &Options::default()))
    });
    group.bench_function("parse+detect+check", |b| {
        b.iter(|| pipeline(black_box(&text), &pack))
    });
    group.finish();

    let text = long_report(&DEFICIENT);
    let mut group = c.benchmark_group("100-page report lacking most parts");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("parse+detect+check", |b| {
        b.iter(|| pipeline(black_box(&text), &pack))
    });
    group.finish();

    // Reading a ~28-page report in each format (the same text), as a rektor's file would be.
    let mut group = c.benchmark_group("28-page report, read");
    group.sample_size(10);
    for (name, bytes) in [
        (
            "markdown",
            &include_bytes!("../fixtures/bench/lang-rapport.md")[..],
        ),
        (
            "docx",
            &include_bytes!("../fixtures/bench/lang-rapport.docx")[..],
        ),
        (
            "pdf",
            &include_bytes!("../fixtures/bench/lang-rapport.pdf")[..],
        ),
    ] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        let file = format!("lang-rapport.{name}");
        group.bench_function(name, |b| {
            b.iter(|| skalint::document::load(black_box(bytes), &file).expect("loads"))
        });
    }
    group.finish();

    c.bench_function("load rule pack", |b| {
        b.iter(|| RulePack::embedded().expect("pack"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
