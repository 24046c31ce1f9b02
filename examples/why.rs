//! Developer tool: the sentences that count as evidence for a rule's first signal.
//! `cargo run --release --example why -- FILE SKA106`
use skalint::rules::RulePack;

fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let id = std::env::args().nth(2).expect("a rule id");
    let bytes = std::fs::read(&path).expect("readable");
    let (doc, _) = skalint::document::load(&bytes, &path).expect("loads");
    let pack = RulePack::embedded().expect("pack");
    let rule = pack.rules.iter().find(|r| r.def.id == id).expect("rule");
    for (n, signal) in rule.signals.iter().enumerate() {
        for s in &doc.sentences {
            let text = doc.sentence_text(s);
            if signal.groups.iter().all(|&g| pack.groups[g].is_match(text)) {
                println!("signal {n}: {text}");
            }
        }
    }
}
