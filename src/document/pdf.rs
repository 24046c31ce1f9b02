//! PDF → blocks, from the text layer (pdf_oxide spans with font size and weight).
//!
//! A PDF has no paragraphs or headings, only positioned text. Lines are rebuilt from spans,
//! running headers, footers and page numbers dropped, headings recognised by size or weight,
//! and lines joined into paragraphs across line and page breaks, with hyphenation undone.

use super::{BlockKind, LoadError, Origin, ParseIssue, RawBlock};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:sida\s*)?\d{1,4}(?:\s*(?:av|/|\(|of)\s*\d{1,4}\)?)?\W*$")
        .expect("valid regex")
});
static LIST_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[•▪◦●–-]|\d{1,2}[.)])\s").expect("valid regex"));
static NUMBERED_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+\p{Lu}").expect("valid regex"));

#[derive(Debug, Clone)]
struct Line {
    text: String,
    size: f32,
    bold: bool,
    y: f32,
    page: u32,
}

/// Deeper nesting of arrays and dictionaries than a real PDF has (the PDF reference's
/// implementation limit is 28); pdf_oxide's parser recurses on each level.
const MAX_NESTING: usize = 100;

pub(super) fn read(bytes: &[u8]) -> Result<(Vec<RawBlock>, Vec<ParseIssue>), LoadError> {
    if nesting(bytes) > MAX_NESTING {
        return Err(LoadError::TooDeep {
            what: "PDF-filen",
            max: MAX_NESTING,
        });
    }
    // pdf_oxide's messages are English and technical; the user gets what it means.
    let broken = |_| LoadError::Corrupt {
        what: "PDF-filen",
        detail: "den följer inte PDF-formatet; den kan vara avkortad eller skadad".into(),
    };
    let doc = pdf_oxide::PdfDocument::from_bytes(bytes.to_vec()).map_err(broken)?;
    let pages = doc.page_count().map_err(broken)?;
    let mut lines = Vec::new();
    let mut failed = 0;
    for page in 0..pages.min(5_000) {
        match doc.extract_spans(page) {
            Ok(spans) => lines.extend(to_lines(spans, page as u32 + 1)),
            Err(_) => failed += 1,
        }
    }
    let chars: usize = lines
        .iter()
        .map(|l| l.text.chars().filter(|c| c.is_alphanumeric()).count())
        .sum();
    if chars < 20 {
        // Image streams are never inside compressed object streams, so their dictionaries
        // are in the file as written: pages of images without text are a scan.
        let has_images = find(bytes, b"/Image").is_some();
        let failed_all = pages > 0 && failed == pages;
        if doc.is_encrypted() || (failed_all && find(bytes, b"/Encrypt").is_some()) {
            return Err(LoadError::Encrypted);
        }
        if failed > 0 && !has_images {
            return Err(LoadError::Corrupt {
                what: "PDF-filen",
                detail: format!("{failed} av {pages} sidor kunde inte läsas"),
            });
        }
        if has_images {
            return Err(LoadError::NoTextLayer);
        }
        return Err(LoadError::NoText);
    }
    let mut issues = Vec::new();
    if failed > 0 {
        issues.push(ParseIssue {
            message: format!("{failed} av {pages} sidor kunde inte läsas"),
        });
    }
    let lines = drop_furniture(lines, pages as u32);
    Ok((to_blocks(lines), issues))
}

/// The deepest nesting of `[ ]` and `<< >>` in the file's objects, found by a lexical scan that
/// skips strings, comments and stream data (content streams are nested only by their own
/// operators, which pdf_oxide reads without recursion).
fn nesting(bytes: &[u8]) -> usize {
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' => depth = depth.saturating_sub(1),
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                max = max.max(depth);
                i += 1;
            }
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            // A hex string.
            b'<' => i = find_from(bytes, i, b">").unwrap_or(bytes.len()),
            b'%' => {
                i = bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n' || b == b'\r')
                    .map_or(bytes.len(), |p| i + p)
            }
            b'(' => i = string_end(bytes, i),
            b's' if bytes[i..].starts_with(b"stream") && !is_word(bytes, i.wrapping_sub(1)) => {
                i = find_from(bytes, i, b"endstream").map_or(bytes.len(), |p| p + 8);
            }
            _ => {}
        }
        i += 1;
    }
    max
}

fn find(bytes: &[u8], needle: &[u8]) -> Option<usize> {
    bytes.windows(needle.len()).position(|w| w == needle)
}

fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn is_word(bytes: &[u8], i: usize) -> bool {
    bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric())
}

/// The index of the `)` that closes the literal string opened at `start` (strings nest
/// balanced parentheses; `\` escapes one byte).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let (mut open, mut i) = (0usize, start);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => open += 1,
            b')' => {
                open -= 1;
                if open == 0 {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Spans → lines: spans on the same baseline belong together.
fn to_lines(spans: Vec<pdf_oxide::layout::TextSpan>, page: u32) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    for s in spans {
        let text = s.text.replace('\u{0}', "");
        if text.trim().is_empty() {
            continue;
        }
        let bold = s.font_weight.is_bold();
        let size = s.font_size.max(1.0);
        match out.last_mut() {
            Some(l) if (l.y - s.bbox.y).abs() < size * 0.5 => {
                if !l.text.ends_with(' ') && !text.starts_with(' ') {
                    l.text.push(' ');
                }
                l.text.push_str(&text);
                l.size = l.size.max(size);
                l.bold &= bold;
            }
            _ => out.push(Line {
                text,
                size,
                bold,
                y: s.bbox.y,
                page,
            }),
        }
    }
    for l in &mut out {
        l.text = l.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    out
}

/// The first two and last two lines of a page: where headers and footers stand.
fn edges(page_lines: &[usize]) -> Vec<usize> {
    let n = page_lines.len();
    let mut out: Vec<usize> = page_lines.iter().take(2).copied().collect();
    out.extend(page_lines.iter().skip(n.saturating_sub(2).max(2)).copied());
    out
}

/// Running headers and footers repeat at the top or bottom of most pages; page numbers stand
/// alone. Neither is content.
fn drop_furniture(lines: Vec<Line>, pages: u32) -> Vec<Line> {
    let key = |t: &str| {
        t.chars()
            .filter(|c| !c.is_ascii_digit())
            .collect::<String>()
            .trim()
            .to_lowercase()
    };
    let mut by_page: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        by_page.entry(l.page).or_default().push(i);
    }
    let mut edge_count: HashMap<String, u32> = HashMap::new();
    for idx in by_page.values() {
        let edges = edges(idx);
        let mut seen = std::collections::HashSet::new();
        for i in edges {
            let k = key(&lines[i].text);
            if !k.is_empty() && seen.insert(k.clone()) {
                *edge_count.entry(k).or_default() += 1;
            }
        }
    }
    let repeated = |k: &str| pages >= 3 && edge_count.get(k).is_some_and(|&n| n * 2 >= pages);
    let mut keep = vec![true; lines.len()];
    for idx in by_page.values() {
        let edges = edges(idx);
        for i in edges {
            if PAGE_NUMBER.is_match(&lines[i].text) || repeated(&key(&lines[i].text)) {
                keep[i] = false;
            }
        }
    }
    lines
        .into_iter()
        .zip(keep)
        .filter_map(|(l, k)| k.then_some(l))
        .collect()
}

fn to_blocks(lines: Vec<Line>) -> Vec<RawBlock> {
    // The body size is the size most text is set in.
    let mut weight: HashMap<i32, usize> = HashMap::new();
    for l in &lines {
        *weight.entry((l.size * 2.0).round() as i32).or_default() += l.text.len();
    }
    let body = weight
        .iter()
        .max_by_key(|(_, n)| **n)
        .map_or(11.0, |(s, _)| *s as f32 / 2.0);
    let mut heading_sizes: Vec<i32> = lines
        .iter()
        .filter(|l| l.size >= body * 1.15)
        .map(|l| (l.size * 2.0).round() as i32)
        .collect();
    heading_sizes.sort_unstable_by(|a, b| b.cmp(a));
    heading_sizes.dedup();
    let level_of = |l: &Line| -> Option<u8> {
        let words = l.text.split_whitespace().count();
        let open_end = !l.text.ends_with(['.', ',', ';', ':']);
        if l.size >= body * 1.15 && words <= 15 {
            let rank = heading_sizes
                .iter()
                .position(|&s| s == (l.size * 2.0).round() as i32)
                .unwrap_or(0);
            return Some((rank as u8 + 1).min(4));
        }
        if l.bold && words <= 12 && open_end {
            return Some((heading_sizes.len() as u8 + 1).min(4));
        }
        if NUMBERED_HEADING.is_match(&l.text) && words <= 10 && open_end && l.bold {
            return Some((heading_sizes.len() as u8 + 1).min(4));
        }
        None
    };
    // Typical distance between lines of a paragraph: most gaps between body lines are that.
    let mut gaps: Vec<f32> = lines
        .windows(2)
        .filter(|w| {
            w[0].page == w[1].page && level_of(&w[0]).is_none() && level_of(&w[1]).is_none()
        })
        .map(|w| (w[1].y - w[0].y).abs())
        .filter(|g| *g > 0.0)
        .collect();
    gaps.sort_by(|a, b| a.total_cmp(b));
    let line_gap = gaps.get(gaps.len() / 4).copied().unwrap_or(body * 1.2);

    let mut out: Vec<RawBlock> = Vec::new();
    let mut open: Option<RawBlock> = None;
    let mut prev: Option<&Line> = None;
    for l in &lines {
        if let Some(level) = level_of(l) {
            out.extend(open.take());
            // A heading set over two lines is one heading.
            if let (Some(p), Some(last)) = (prev, out.last_mut()) {
                let close = (l.y - p.y).abs() <= (l.size * 1.6).max(line_gap * 1.3);
                if last.kind == BlockKind::Heading(level)
                    && level_of(p) == Some(level)
                    && p.page == l.page
                    && close
                {
                    last.text.push(' ');
                    last.text.push_str(&l.text);
                    prev = Some(l);
                    continue;
                }
            }
            out.push(RawBlock {
                kind: BlockKind::Heading(level),
                text: l.text.clone(),
                quoted: false,
                origin: page(l),
            });
            prev = Some(l);
            continue;
        }
        let list = LIST_MARKER.is_match(&l.text);
        let new_paragraph = match (prev, &open) {
            (Some(p), Some(_)) if p.page == l.page => (l.y - p.y).abs() > line_gap * 1.5 || list,
            // Across a page break a paragraph goes on unless the last one ended a sentence.
            (Some(_), Some(o)) => o.text.ends_with(['.', '!', '?', ':']) || list,
            _ => true,
        };
        if new_paragraph {
            out.extend(open.take());
            let kind = if list {
                BlockKind::ListItem
            } else {
                BlockKind::Paragraph
            };
            let text = if list {
                LIST_MARKER.replace(&l.text, "").into_owned()
            } else {
                l.text.clone()
            };
            open = Some(RawBlock {
                kind,
                text,
                quoted: false,
                origin: page(l),
            });
        } else if let Some(o) = open.as_mut() {
            join_line(&mut o.text, &l.text);
        }
        prev = Some(l);
    }
    out.extend(open);
    out
}

fn page(l: &Line) -> Origin {
    Origin {
        page: Some(l.page),
        paragraph: None,
    }
}

/// Joins a line to the paragraph, undoing a hyphenation at the line break ("förskole-" +
/// "klass") but keeping the hyphen of "barn- och utbildningsnämnden".
fn join_line(para: &mut String, line: &str) {
    let next_word = line.split_whitespace().next().unwrap_or("");
    let keeps_hyphen = ["och", "eller", "samt", "respektive", "som", "till"].contains(&next_word);
    let lower_next = next_word.chars().next().is_some_and(|c| c.is_lowercase());
    if para.ends_with('-') && !para.ends_with(" -") && lower_next && !keeps_hyphen {
        para.pop();
        para.push_str(line);
    } else {
        para.push(' ');
        para.push_str(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, size: f32, bold: bool, y: f32, page: u32) -> Line {
        Line {
            text: text.into(),
            size,
            bold,
            y,
            page,
        }
    }

    #[test]
    fn joins_lines_and_undoes_hyphenation() {
        let mut p = "Eleverna i förskole-".to_string();
        join_line(&mut p, "klass har deltagit.");
        assert_eq!(p, "Eleverna i förskoleklass har deltagit.");
        let mut p = "Barn-".to_string();
        join_line(&mut p, "och utbildningsnämnden beslutar.");
        assert_eq!(p, "Barn- och utbildningsnämnden beslutar.");
    }

    #[test]
    fn headings_by_size_and_weight_paragraphs_by_gaps() {
        let lines = vec![
            line("Kvalitetsrapport 2024", 20.0, true, 800.0, 1),
            line("Analys", 14.0, true, 770.0, 1),
            line("Resultatet beror på att", 11.0, false, 750.0, 1),
            line("lärarna bytts ut.", 11.0, false, 737.0, 1),
            line("Nytt stycke här.", 11.0, false, 710.0, 1),
            line("Fortsätter på nästa", 11.0, false, 100.0, 1),
            line("sida utan punkt", 11.0, false, 800.0, 2),
        ];
        let blocks = to_blocks(lines);
        let kinds: Vec<(BlockKind, &str)> =
            blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(kinds[0], (BlockKind::Heading(1), "Kvalitetsrapport 2024"));
        assert_eq!(kinds[1], (BlockKind::Heading(2), "Analys"));
        assert_eq!(
            kinds[2],
            (
                BlockKind::Paragraph,
                "Resultatet beror på att lärarna bytts ut."
            )
        );
        assert_eq!(kinds[3].1, "Nytt stycke här.");
        assert_eq!(kinds[4].1, "Fortsätter på nästa sida utan punkt");
        assert_eq!(blocks[4].origin.page, Some(1));
    }

    #[test]
    fn page_numbers_and_running_headers_are_dropped() {
        let mut lines = Vec::new();
        for p in 1..=4 {
            lines.push(line(
                "Sjöbacka kommun – Kvalitetsrapport",
                9.0,
                false,
                820.0,
                p,
            ));
            let words = ["läsning", "matematik", "trygghet", "närvaro", "studiero"];
            for k in 0..4 {
                let text = format!("Rad om {} och {}.", words[k], words[(k + p as usize) % 5]);
                lines.push(line(&text, 11.0, false, 700.0 - 14.0 * k as f32, p));
            }
            lines.push(line(&format!("Sida {p} av 4"), 9.0, false, 30.0, p));
        }
        let kept = drop_furniture(lines, 4);
        assert_eq!(kept.len(), 16);
        assert!(kept.iter().all(|l| l.text.starts_with("Rad")));
    }
}
