//! Generated report corpora for the benchmarks: realistic text built from the fixture reports,
//! lengthened to a given number of pages and written as Markdown or Word.

#![allow(dead_code)] // each bench uses part of it

use skalint::template::{WordStyle, word};

/// About 3,000 characters make a printed page of report text.
pub const PAGE: usize = 3_000;

/// The fixtures' unit reports, complete and deficient: a batch holds both.
pub const UNIT_REPORTS: [&str; 6] = [
    include_str!("../../fixtures/reports/grundskola-komplett.md"),
    include_str!("../../fixtures/reports/grundskola-brister.md"),
    include_str!("../../fixtures/reports/forskola-komplett.md"),
    include_str!("../../fixtures/reports/gymnasieskola-komplett.md"),
    include_str!("../../fixtures/reports/gymnasieskola-brister.md"),
    include_str!("../../fixtures/reports/komvux-komplett.md"),
];

/// The body of a report without its front matter.
pub fn body(report: &str) -> &str {
    match report.strip_prefix("---\n") {
        Some(rest) => rest.split_once("\n---\n").map_or(rest, |(_, b)| b),
        None => report,
    }
}

/// `parts`' bodies, one after the other as sections of one report under `title`, until the
/// text is `bytes` long; their top headings become third-level ones.
pub fn long_report(title: &str, parts: &[&str], bytes: usize) -> String {
    let mut out = format!("# {title}\n\n");
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(&format!("\n## Del {}\n\n", i + 1));
        out.push_str(&body(parts[i % parts.len()]).replace("\n# ", "\n### "));
        i += 1;
    }
    out
}

/// Markdown as a Word file: headings in heading styles, block quotes as Quote, the rest as
/// paragraphs (table rows become paragraphs of their cells).
pub fn markdown_to_docx(markdown: &str) -> Vec<u8> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, paragraphs: &mut Vec<(WordStyle, String)>| {
        if !current.trim().is_empty() {
            paragraphs.push((WordStyle::Normal, current.trim().to_string()));
        }
        current.clear();
    };
    for line in markdown.lines() {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if hashes > 0 && line[hashes..].starts_with(' ') {
            flush(&mut current, &mut paragraphs);
            let style = if hashes == 1 {
                WordStyle::Title
            } else {
                WordStyle::Heading((hashes - 1) as u8)
            };
            paragraphs.push((style, line[hashes + 1..].to_string()));
        } else if let Some(q) = line.strip_prefix("> ") {
            flush(&mut current, &mut paragraphs);
            paragraphs.push((WordStyle::Quote, q.to_string()));
        } else if line.trim().is_empty() || line.starts_with("- ") || line.starts_with('|') {
            flush(&mut current, &mut paragraphs);
            let cells: Vec<&str> = line
                .trim_start_matches("- ")
                .split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty() && !c.chars().all(|ch| ch == '-'))
                .collect();
            if !cells.is_empty() {
                current.push_str(&cells.join(" – "));
                flush(&mut current, &mut paragraphs);
            }
        } else {
            current.push(' ');
            current.push_str(line);
        }
    }
    flush(&mut current, &mut paragraphs);
    word(paragraphs).expect("a generated Word file")
}
