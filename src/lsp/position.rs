//! Positions between the editor and the engine.
//!
//! The engine's spans are byte offsets into the *normalised* text (BOM removed, NFC), the
//! editor's positions are line and character in its own buffer, counted in UTF-16 code units
//! unless the client agreed to UTF-8. [`SourceMap`] undoes the normalisation and [`LineIndex`]
//! turns buffer offsets into positions and back.

use gen_lsp_types::{Position, PositionEncodingKind};
use unicode_normalization::char::{canonical_combining_class, compose};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// Start offsets of the buffer's lines.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// The position of a byte offset (clamped to the text, moved back to a char boundary).
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character = text[start..offset]
            .chars()
            .map(|c| enc.width(c))
            .sum::<usize>();
        Position {
            line: line as u32,
            character: character as u32,
        }
    }

    /// The byte offset of a position; a column past the line's end is its end, a line past the
    /// text's end is the text's end (as the protocol asks).
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .map_or(text.len(), |&e| e - 1);
        let line = &text[start..end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            if units >= pos.character as usize {
                return start + i;
            }
            units += enc.width(c);
        }
        start + line.len()
    }
}

/// Maps offsets in the normalised text back to the buffer.
#[derive(Debug, Clone)]
pub struct SourceMap {
    /// Bytes removed before the text (a BOM).
    shift: usize,
    /// (normalised offset, buffer offset) at chunk starts, ascending; empty when the text was
    /// already NFC, so that the common case costs nothing.
    points: Vec<(usize, usize)>,
}

impl SourceMap {
    pub fn new(buffer: &str) -> SourceMap {
        let shift = if buffer.starts_with('\u{feff}') { 3 } else { 0 };
        let body = &buffer[shift..];
        if is_nfc_quick(body.chars()) == IsNormalized::Yes {
            return SourceMap {
                shift,
                points: Vec::new(),
            };
        }
        // Normalise chunk by chunk, a chunk ending before each starter that does not compose
        // with what precedes it, so that each chunk's normal form is a piece of the whole's.
        let mut points = vec![(0, shift)];
        let mut normalised = 0;
        let mut chunk = 0;
        let mut prev: Option<char> = None;
        for (i, c) in body.char_indices() {
            let boundary =
                canonical_combining_class(c) == 0 && prev.is_some_and(|p| compose(p, c).is_none());
            if boundary && i > chunk {
                normalised += body[chunk..i].nfc().map(char::len_utf8).sum::<usize>();
                points.push((normalised, shift + i));
                chunk = i;
            }
            prev = Some(c);
        }
        SourceMap { shift, points }
    }

    /// The buffer offset of a normalised offset.
    pub fn to_buffer(&self, offset: usize) -> usize {
        if self.points.is_empty() {
            return offset + self.shift;
        }
        let i = self.points.partition_point(|&(n, _)| n <= offset) - 1;
        let (n, b) = self.points[i];
        let next = self.points.get(i + 1).map_or(usize::MAX, |&(_, nb)| nb);
        (b + (offset - n)).min(next)
    }

    /// The normalised offset of a buffer offset.
    pub fn to_normalised(&self, offset: usize) -> usize {
        if self.points.is_empty() {
            return offset.saturating_sub(self.shift);
        }
        let i = self.points.partition_point(|&(_, b)| b <= offset).max(1) - 1;
        let (n, b) = self.points[i];
        let next = self.points.get(i + 1).map_or(usize::MAX, |&(nn, _)| nn);
        (n + offset.saturating_sub(b)).min(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn utf16_and_utf8_columns_after_swedish_letters_and_emoji() {
        let text = "# Rubrik\nÅäö 😀 och analys\n";
        let idx = LineIndex::new(text);
        let at = text.find("och").unwrap();
        // Å, ä, ö, space: one unit each; 😀 two UTF-16 units (four bytes); then a space.
        assert_eq!(idx.position(text, at, Encoding::Utf16), pos(1, 7));
        assert_eq!(idx.position(text, at, Encoding::Utf8), pos(1, 12));
        assert_eq!(idx.offset(text, pos(1, 7), Encoding::Utf16), at);
        assert_eq!(idx.offset(text, pos(1, 12), Encoding::Utf8), at);
        // A position inside the emoji's surrogate pair lands on a character boundary.
        assert!(text.is_char_boundary(idx.offset(text, pos(1, 6), Encoding::Utf16)));
        // Past the end of a line is its end; past the last line is the end of the text.
        assert_eq!(idx.offset(text, pos(0, 99), Encoding::Utf16), 8);
        assert_eq!(idx.offset(text, pos(9, 0), Encoding::Utf16), text.len());
    }

    #[test]
    fn crlf_line_ends_are_not_columns() {
        let text = "ett\r\ntvå\r\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.offset(text, pos(0, 10), Encoding::Utf16), 3);
        assert_eq!(
            idx.position(text, text.find("två").unwrap(), Encoding::Utf16),
            pos(1, 0)
        );
    }

    #[test]
    fn decomposed_letters_and_a_bom_map_back_to_the_buffer() {
        // "Vårdnadshavare" with a decomposed å (a + U+030A), after a BOM.
        let buffer = "\u{feff}# Ra\u{30a}d\nVa\u{30a}rdnadshavare deltar.\n";
        let normalised: String = buffer.trim_start_matches('\u{feff}').nfc().collect();
        let map = SourceMap::new(buffer);
        let n = normalised.find("deltar").unwrap();
        let b = buffer.find("deltar").unwrap();
        assert_eq!(map.to_buffer(n), b);
        assert_eq!(map.to_normalised(b), n);
        assert_eq!(map.to_buffer(0), 3);
        let v = normalised.find("Vårdnad").unwrap();
        assert_eq!(map.to_buffer(v), buffer.find("Va\u{30a}rdnad").unwrap());
    }

    #[test]
    fn nfc_text_maps_one_to_one() {
        let map = SourceMap::new("Åsa och Örjan");
        assert_eq!(map.to_buffer(5), 5);
        assert_eq!(map.to_normalised(5), 5);
    }
}
