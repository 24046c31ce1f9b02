//! The piece of a document that a terminal snippet shows: the lines a finding's labels are
//! on, each cut to a window around its labels. Text from a PDF or a web page can be a single
//! line of megabytes, and ariadne prints whole lines; given the document itself, one finding
//! would print all of it.

use crate::document::Document;
use std::ops::Range;

/// A line longer than this (in bytes) is cut to a window around its labels: longer than a
/// long paragraph written on one line, shorter than a page.
pub const MAX_LINE: usize = 400;
/// Text kept before the first label and after the last on a cut line.
const CONTEXT: usize = 80;
/// The most of one label's own text kept on a cut line.
const MAX_LABEL: usize = 200;
/// A label over more lines than this is shown on its first line only.
const MAX_LABEL_LINES: usize = 12;

/// Text for ariadne, with the labels' spans moved into it. Its lines are the document's
/// lines: those before and between the labels' lines are kept as empty lines, so that
/// ariadne numbers them right (its `with_display_line_offset` numbers the header only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub spans: Vec<Range<usize>>,
}

/// One kept line: where it starts in the snippet, and the part of the document it shows.
struct Kept {
    line: usize,
    at: usize,
    prefix: usize,
    window: Range<usize>,
}

/// Cuts the document to the lines of `spans`.
pub fn cut(doc: &Document, spans: &[Range<usize>]) -> Snippet {
    let src = doc.source.as_str();
    let spans: Vec<Range<usize>> = spans
        .iter()
        .map(|s| {
            let start = s.start.min(src.len());
            let end = s.end.clamp(start, src.len());
            let first = doc.line_index(start);
            let last = doc.line_index(end.saturating_sub(1).max(start));
            if last - first > MAX_LABEL_LINES {
                start..end.min(doc.line_span(first).end).max(start)
            } else {
                start..end
            }
        })
        .collect();
    let Some(first) = spans.iter().map(|s| doc.line_index(s.start)).min() else {
        return Snippet {
            text: String::new(),
            spans,
        };
    };
    let last = spans
        .iter()
        .map(|s| doc.line_index(s.end.saturating_sub(1).max(s.start)))
        .max()
        .unwrap_or(first);
    let mut lines: Vec<usize> = spans
        .iter()
        .flat_map(|s| {
            doc.line_index(s.start)..=doc.line_index(s.end.saturating_sub(1).max(s.start))
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();

    let mut text = "\n".repeat(first);
    let mut kept: Vec<Kept> = Vec::new();
    let mut next = lines.iter().peekable();
    for line in first..=last {
        if next.peek() != Some(&&line) {
            text.push('\n');
            continue;
        }
        next.next();
        let whole = doc.line_span(line);
        let window = if whole.len() <= MAX_LINE {
            whole.clone()
        } else {
            let on_line = spans
                .iter()
                .filter(|s| s.start <= whole.end && s.end >= whole.start);
            let lo = on_line.clone().map(|s| s.start.max(whole.start)).min();
            let hi = on_line.map(|s| s.end.min(whole.end)).max();
            let (lo, hi) = (lo.unwrap_or(whole.start), hi.unwrap_or(whole.start));
            let hi = hi.min(lo + MAX_LABEL);
            floor(src, lo.saturating_sub(CONTEXT).max(whole.start))
                ..ceil(src, (hi + CONTEXT).min(whole.end))
        };
        let before = window.start > whole.start;
        let after = window.end < whole.end;
        let at = text.len();
        if before {
            text.push_str("… ");
        }
        let prefix = text.len() - at;
        text.push_str(&src[window.clone()]);
        if after {
            text.push_str(" …");
        }
        text.push('\n');
        kept.push(Kept {
            line,
            at,
            prefix,
            window,
        });
    }
    // Every span's lines are kept; a renderer must not panic even so.
    let moved = |o: usize| {
        let line = doc.line_index(o);
        let Some(k) = kept
            .iter()
            .find(|k| k.line == line)
            .or_else(|| kept.iter().rev().find(|k| k.line < line))
            .or(kept.first())
        else {
            return 0;
        };
        let o = o.clamp(k.window.start, k.window.end);
        k.at + k.prefix + (o - k.window.start)
    };
    let spans = spans.iter().map(|s| moved(s.start)..moved(s.end)).collect();
    Snippet { text, spans }
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // one label is a slice of one span
mod tests {
    use super::*;
    use crate::document::Format;

    fn doc(text: &str) -> Document {
        Document::parse(text, Format::Text).0
    }

    #[test]
    fn short_lines_are_kept_whole_and_numbered() {
        let d = doc("Rubrik\n\nEn mening här.\nAnnan rad.\n");
        let at = d.source.find("mening").unwrap();
        let s = cut(&d, &[at..at + 6]);
        assert_eq!(s.text, "\n\nEn mening här.\n");
        assert_eq!(&s.text[s.spans[0].clone()], "mening");
    }

    #[test]
    fn a_long_line_is_cut_around_its_label() {
        let long = format!(
            "{} Analysen saknas här. {}\n",
            "ord ".repeat(50_000),
            "mer ".repeat(50_000)
        );
        let d = doc(&long);
        let at = d.source.find("Analysen").unwrap();
        let s = cut(&d, &[at..at + 8]);
        assert!(
            s.text.len() < MAX_LABEL + 2 * CONTEXT + 20,
            "{}",
            s.text.len()
        );
        assert!(
            s.text.starts_with("… ") && s.text.ends_with(" …\n"),
            "{}",
            s.text
        );
        assert_eq!(&s.text[s.spans[0].clone()], "Analysen");
    }

    #[test]
    fn a_label_over_a_whole_long_line_is_bounded_too() {
        let d = doc(&"å".repeat(1_000_000));
        let s = cut(&d, &[0..d.source.len()]);
        assert!(s.text.len() <= MAX_LABEL + CONTEXT + 20);
        let shown = &s.text[s.spans[0].clone()];
        assert!(shown.chars().all(|c| c == 'å') && !shown.is_empty());
    }

    #[test]
    fn labels_far_apart_keep_their_line_numbers() {
        let text: String = (0..500).map(|i| format!("rad {i}\n")).collect();
        let d = doc(&text);
        let a = d.source.find("rad 10\n").unwrap();
        let b = d.source.find("rad 400\n").unwrap();
        let s = cut(&d, &[b..b + 7, a..a + 6]);
        assert_eq!(s.text.lines().count(), 401);
        assert_eq!(s.text.lines().nth(400), Some("rad 400"));
        assert!(s.text.lines().take(10).all(str::is_empty));
        assert_eq!(&s.text[s.spans[0].clone()], "rad 400");
        assert_eq!(&s.text[s.spans[1].clone()], "rad 10");
    }
}
