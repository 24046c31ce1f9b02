//! Developer tool: the blocks skalint reads from a file, one a line, with kind and origin.
//! `cargo run --release --example dump -- FILE`
fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let bytes = std::fs::read(&path).expect("readable");
    match skalint::document::load(&bytes, &path) {
        Ok((doc, issues)) => {
            for i in issues {
                eprintln!("issue: {}", i.message);
            }
            for b in &doc.blocks {
                let q = if b.quoted { " quoted" } else { "" };
                println!("{:?}{q} {:?}: {}", b.kind, b.origin, b.text);
            }
        }
        Err(e) => eprintln!("error: {e}"),
    }
}
