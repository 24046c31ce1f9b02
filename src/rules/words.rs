//! Whole-word matching that keeps the regex engine on its fast path.
//!
//! A rule pattern must match whole words ("elev" must not match in "elevhälsan"). A Unicode
//! `\b` does that, but it keeps `regex` off its lazy DFA for non-ASCII text, and a leading class
//! such as `(?:^|\W)` hides the pattern's first letters from the literal prefilter. So the
//! regex carries only the right-hand edge, and the left-hand edge is checked here.

use regex::Regex;

#[derive(Debug, Clone)]
pub struct Words {
    re: Regex,
    source: String,
}

impl Words {
    pub(super) fn new(pattern: &str) -> Result<Words, String> {
        let re = regex::RegexBuilder::new(&format!(r"(?:{pattern})(?:\W|$)"))
            .case_insensitive(true)
            .size_limit(1 << 24)
            // Large alternations of Swedish word forms thrash the default lazy-DFA cache, and
            // the engine then falls back to a far slower one.
            .dfa_size_limit(1 << 25)
            .build()
            .map_err(|e| format!("ogiltigt mönster: {e}"))?;
        Ok(Words {
            re,
            source: pattern.to_string(),
        })
    }

    /// Compiles a pattern outside a rule pack (developer tools, tests).
    pub fn new_for_tools(pattern: &str) -> Result<Words, String> {
        Words::new(pattern)
    }

    /// The first whole-word match at or after byte `at`: its start and end.
    pub fn find_at(&self, text: &str, mut at: usize) -> Option<(usize, usize)> {
        while at <= text.len() {
            let m = self.re.find_at(text, at)?;
            let glued = text[..m.start()].chars().next_back().is_some_and(is_word);
            if !glued {
                return Some((m.start(), m.end().max(m.start() + 1)));
            }
            // Glued to a word on the left: look again one character further on.
            at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }

    /// Byte offsets where a whole-word match starts.
    pub fn starts<'t>(&'t self, text: &'t str) -> impl Iterator<Item = usize> + 't {
        let mut at = 0;
        std::iter::from_fn(move || {
            let (start, end) = self.find_at(text, at)?;
            at = end;
            Some(start)
        })
    }

    /// The pattern as given, before the word edge was added.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The compiled pattern, for diagnostics of the pack itself.
    pub fn pattern(&self) -> &str {
        self.re.as_str()
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.find_at(text, 0).is_some()
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::Words;

    #[test]
    fn matches_whole_words_only() {
        let w = Words::new("elev(?:er|erna)?|\\d+ ?%").unwrap();
        assert!(w.is_match("Eleverna svarade"));
        assert!(w.is_match("svar från elever."));
        assert!(!w.is_match("elevhälsan"));
        assert!(!w.is_match("medelev"));
        assert!(w.is_match("medelev och elev"));
        assert!(w.is_match("totalt 44 % nådde"));
        assert_eq!(w.starts("elev, elev").collect::<Vec<_>>(), [0, 6]);
        let a = Words::new("åtgärd\\w*").unwrap();
        assert!(a.is_match("Åtgärder: inga"));
        assert!(!a.is_match("Läsåtgärder"));
    }
}
