//! Plain text → blocks. Plain text has no markup, so headings are recognised by their shape:
//! numbered ("3.2 Analys"), UPPERCASE lines, and short title-like lines between blank lines.
//! Lines that start with `>` are quoted, as in e-mail and Markdown: a template's guide or a
//! passage quoted from elsewhere is not the writer's own account, so it is never evidence.

use super::{BlockKind, Builder};
use regex::Regex;
use std::sync::LazyLock;

static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+\p{Lu}").expect("valid regex"));
static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-–•*▪◦]|\d{1,2}[.)]|[a-zåäö][.)])\s+").expect("valid regex")
});
static TOC_ENTRY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\.{3,}|…+|\t)\s*\d{1,3}\s*$").expect("valid regex"));

#[derive(Debug, Clone, Copy, PartialEq)]
enum Line {
    Blank,
    Heading(u8),
    ListItem(usize),
    /// A `>` line; the marker's length.
    Quote(usize),
    Toc,
    Text,
}

pub(super) fn lower(source: &str, body_start: usize, out: &mut Builder) {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = body_start;
    for raw in source[body_start..].split_inclusive('\n') {
        lines.push((at, raw.trim_end_matches(['\n', '\r'])));
        at += raw.len();
    }
    let blank = |i: usize| lines.get(i).is_none_or(|(_, l)| l.trim().is_empty());
    let kinds: Vec<Line> = (0..lines.len())
        .map(|i| classify(lines[i].1, i == 0 || blank(i - 1), blank(i + 1)))
        .collect();

    // Whether the open paragraph is a quote.
    let mut quoting = false;
    for (i, &(start, line)) in lines.iter().enumerate() {
        let end = start + line.len();
        if quoting && !matches!(kinds[i], Line::Quote(_)) {
            out.end(start);
            quoting = false;
        }
        match kinds[i] {
            Line::Blank => out.end(start),
            Line::Quote(marker) => {
                if !quoting {
                    out.end(start);
                    out.start(BlockKind::Paragraph, start, true);
                    quoting = true;
                } else {
                    out.push(" ", start..start, false);
                }
                push_line(out, source, start + marker, end);
            }
            Line::Heading(level) => {
                out.start(BlockKind::Heading(level), start, false);
                push_line(out, source, start, end);
                out.end(end);
            }
            Line::Toc => {
                out.start(BlockKind::TocEntry, start, false);
                push_line(out, source, start, end);
                out.end(end);
            }
            Line::ListItem(marker) => {
                out.start(BlockKind::ListItem, start, false);
                push_line(out, source, start + marker, end);
            }
            Line::Text => {
                if !out.is_open() {
                    out.start(BlockKind::Paragraph, start, false);
                } else {
                    out.push(" ", start..start, false);
                }
                push_line(out, source, start, end);
            }
        }
    }
    out.end(source.len());
}

fn push_line(out: &mut Builder, source: &str, start: usize, end: usize) {
    let line = &source[start..end];
    let lead = line.len() - line.trim_start().len();
    let text = line.trim();
    if !text.is_empty() {
        out.push_exact(text, start + lead..start + lead + text.len());
    }
}

fn classify(line: &str, blank_before: bool, blank_after: bool) -> Line {
    let t = line.trim();
    if t.is_empty() {
        return Line::Blank;
    }
    if let Some(rest) = t.strip_prefix('>') {
        let marker = line.len() - rest.trim_start().len();
        return Line::Quote(marker);
    }
    if TOC_ENTRY.is_match(t) {
        return Line::Toc;
    }
    let chars = t.chars().count();
    let words = t.split_whitespace().count();
    let ends_open = !t.ends_with(['.', ',', ';', ':', '!', '?']);
    if let Some(m) = NUMBERED.captures(t)
        && chars <= 80
        && words <= 12
        && ends_open
    {
        let level = m[1].split('.').count().min(6) as u8;
        return Line::Heading(level);
    }
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 3 && chars <= 80 && letters.iter().all(|c| c.is_uppercase()) {
        return Line::Heading(1);
    }
    if let Some(m) = LIST_MARKER.find(line) {
        return Line::ListItem(m.end());
    }
    let starts_upper = t.chars().next().is_some_and(|c| c.is_uppercase());
    if blank_before && blank_after && starts_upper && chars <= 70 && words <= 10 && ends_open {
        return Line::Heading(2);
    }
    Line::Text
}

#[cfg(test)]
mod tests {
    use crate::document::{BlockKind, Document, Format};

    fn kinds(src: &str) -> Vec<(BlockKind, String)> {
        let (doc, _) = Document::parse(src, Format::Text);
        doc.blocks.into_iter().map(|b| (b.kind, b.text)).collect()
    }

    #[test]
    fn recognises_numbered_uppercase_and_title_headings() {
        let src = "ANALYS\n\n2.3 Analys av resultaten\nResultatet beror på vikarier.\n\nPrioriterade områden\n\nText här som fortsätter\npå nästa rad.\n";
        let k = kinds(src);
        assert_eq!(k[0], (BlockKind::Heading(1), "ANALYS".into()));
        assert_eq!(
            k[1],
            (BlockKind::Heading(2), "2.3 Analys av resultaten".into())
        );
        assert_eq!(
            k[2],
            (BlockKind::Paragraph, "Resultatet beror på vikarier.".into())
        );
        assert_eq!(k[3], (BlockKind::Heading(2), "Prioriterade områden".into()));
        assert_eq!(
            k[4],
            (
                BlockKind::Paragraph,
                "Text här som fortsätter på nästa rad.".into()
            )
        );
    }

    #[test]
    fn numbered_sentences_and_list_items_are_not_headings() {
        let k = kinds("1. Fler elever ska nå målen i matematik.\n- en punkt\n");
        assert_eq!(k[0].0, BlockKind::ListItem);
        assert_eq!(k[0].1, "Fler elever ska nå målen i matematik.");
        assert_eq!(k[1], (BlockKind::ListItem, "en punkt".into()));
    }

    #[test]
    fn quoted_lines_are_quoted_paragraphs() {
        let (doc, _) = Document::parse(
            "Analys\n\n> Förklara varför resultaten\n> blev som de blev.\nVi ser två orsaker.\n",
            Format::Text,
        );
        let b: Vec<(&str, bool)> = doc
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.quoted))
            .collect();
        assert_eq!(
            b[1..],
            [
                ("Förklara varför resultaten blev som de blev.", true),
                ("Vi ser två orsaker.", false)
            ]
        );
    }

    #[test]
    fn table_of_contents_lines_are_marked() {
        let k = kinds(
            "Innehåll\n\nHuvudmannens rutiner för klagomål .......... 7\nAnsvarsfördelningen\t11\n",
        );
        assert_eq!(k[1].0, BlockKind::TocEntry);
        assert_eq!(k[2].0, BlockKind::TocEntry);
    }
}
