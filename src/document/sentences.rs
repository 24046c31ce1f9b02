//! Sentence splitting that knows Swedish abbreviations ("t.ex.", "bl.a.", "4 kap. 3 §").

use super::{Block, Sentence};

/// Abbreviations after which a full stop does not end a sentence (lower-cased, with dots).
const ABBREVIATIONS: &[&str] = &[
    "t.ex.", "bl.a.", "s.k.", "m.m.", "dvs.", "d.v.s.", "osv.", "o.s.v.", "ca.", "kl.", "nr.",
    "fr.o.m.", "t.o.m.", "enl.", "jfr.", "resp.", "inkl.", "exkl.", "kap.", "st.", "f.d.",
    "p.g.a.", "pga.", "o.d.", "m.fl.", "t.v.", "s.", "ff.", "vt.", "ht.", "åk.", "tel.", "ev.",
    "dec.", "jan.", "feb.", "aug.", "sept.", "okt.", "nov.", "prop.", "sfs.",
];

pub(super) fn split_all(blocks: &[Block]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        for range in split(&b.text) {
            out.push(Sentence { block: i, range });
        }
    }
    out
}

/// Splits text into sentence ranges, trimmed of surrounding white space. Reads the text
/// once, without a copy of its characters (a paragraph can be megabytes).
pub fn split(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        // Close after trailing quotes/brackets/emphasis.
        let after_closers =
            text[i + c.len_utf8()..].trim_start_matches(['"', '”', '»', ')', '*', '’']);
        let end = text.len() - after_closers.len();
        if !after_closers.starts_with(char::is_whitespace) {
            continue;
        }
        let after_space = after_closers.trim_start();
        let Some(next) = after_space.chars().next() else {
            continue;
        };
        let opens = next.is_uppercase()
            || next.is_ascii_digit()
            || matches!(next, '"' | '”' | '«' | '(' | '*' | '–' | '-');
        if !opens || (c == '.' && is_abbreviation(&text[start..i + 1])) {
            continue;
        }
        push_trimmed(text, start, end, &mut ranges);
        start = text.len() - after_space.len();
    }
    push_trimmed(text, start, text.len(), &mut ranges);
    ranges
}

fn is_abbreviation(upto_dot: &str) -> bool {
    let word = upto_dot
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
        || (lower.len() <= 3 && lower.chars().filter(|c| c.is_alphabetic()).count() == 1)
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<std::ops::Range<usize>>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    if !t.is_empty() {
        out.push(start + lead..start + lead + t.len());
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_on_sentence_ends() {
        assert_eq!(
            sentences("Det gick bra. Nästa år blir bättre! Eller?"),
            ["Det gick bra.", "Nästa år blir bättre!", "Eller?"]
        );
    }

    #[test]
    fn keeps_swedish_abbreviations_and_law_citations() {
        assert_eq!(
            sentences("Bl.a. Sverige och Norge deltar. Enligt 4 kap. 4 § ska det ske."),
            [
                "Bl.a. Sverige och Norge deltar.",
                "Enligt 4 kap. 4 § ska det ske."
            ]
        );
        assert_eq!(
            sentences("Vi använder t.ex. Skolverkets material."),
            ["Vi använder t.ex. Skolverkets material."]
        );
    }

    #[test]
    fn a_figure_can_open_a_sentence() {
        assert_eq!(
            sentences("Det gick bra. 76 % nådde målen. Se s. 12 och kap. 4 i planen."),
            [
                "Det gick bra.",
                "76 % nådde målen.",
                "Se s. 12 och kap. 4 i planen."
            ]
        );
    }

    #[test]
    fn bold_labels_become_their_own_sentence() {
        assert_eq!(
            sentences("Analys. Den lägre måluppfyllelsen beror på vikarier."),
            ["Analys.", "Den lägre måluppfyllelsen beror på vikarier."]
        );
    }
}
