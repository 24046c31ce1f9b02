//! Developer tool: how long each term group of the rule pack takes to scan a long report.
//! `cargo run --release --example group_cost -- FILE`
use skalint::rules::RulePack;
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let text = std::fs::read_to_string(path).expect("readable");
    let pack = RulePack::embedded().expect("pack");
    if let Some(p) = std::env::args().nth(2) {
        let w = skalint::rules::Words::new_for_tools(&p).expect("pattern");
        let t = Instant::now();
        let n = w.starts(&text).count();
        println!("{:.2} ms, {n} matches", t.elapsed().as_secs_f64() * 1000.0);
        return;
    }
    let mut costs: Vec<(f64, usize)> = pack
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let t = Instant::now();
            let _matches = g.starts(&text).count();
            (t.elapsed().as_secs_f64() * 1000.0, i)
        })
        .collect();
    costs.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, i) in costs.iter().take(15) {
        println!(
            "{ms:8.2} ms  group {i}: {}",
            pack.groups[*i]
                .pattern()
                .chars()
                .take(100)
                .collect::<String>()
        );
    }
    println!("total {:.1} ms", costs.iter().map(|c| c.0).sum::<f64>());
}
