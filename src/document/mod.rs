//! The document model every input format lowers to.
//!
//! Checks never see Markdown or plain text: they see blocks (with the heading they stand under)
//! and sentences, each with a byte span back into the normalised source. That is what lets one
//! rule pack serve every format, and every renderer point at the right place.

mod docx;
mod frontmatter;
mod load;
mod markdown;
mod odt;
#[cfg(feature = "pdf")]
mod pdf;
mod sentences;
mod text;
mod xml;

pub use frontmatter::FrontMatter;
pub use load::{LoadError, load};

use std::ops::Range;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The input formats skalint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    Text,
    Docx,
    Odt,
    Pdf,
}

impl Format {
    /// Picks the format from a file name; anything that is not Markdown is read as plain text.
    pub fn from_path(path: &str) -> Format {
        let lower = path.to_lowercase();
        if [".md", ".markdown", ".mdown", ".mkd"]
            .iter()
            .any(|e| lower.ends_with(e))
        {
            Format::Markdown
        } else {
            Format::Text
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Text => "text",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Pdf => "pdf",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Heading(u8),
    Paragraph,
    ListItem,
    TableCell {
        table: u32,
        row: u32,
        col: u32,
    },
    /// A line of a table of contents: it names a part, it does not show it.
    TocEntry,
}

/// One leaf block of text.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// Byte span in [`Document::source`].
    pub span: Range<usize>,
    /// The block's plain text, markup removed.
    pub text: String,
    /// The nearest heading above this block (for a heading: its parent heading).
    pub heading: Option<usize>,
    /// Inside a block quote.
    pub quoted: bool,
    /// Where the block stands in a Word, OpenDocument or PDF file.
    pub origin: Origin,
    segments: Vec<Segment>,
}

/// A place in the original file that a user can find: the page of a PDF, the paragraph
/// (stycke, counted from 1) of a Word or OpenDocument file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Origin {
    pub page: Option<u32>,
    pub paragraph: Option<u32>,
}

/// A block as a reader of Word, OpenDocument or PDF finds it, before it becomes part of a
/// [`Document`].
#[derive(Debug, Clone, PartialEq)]
pub struct RawBlock {
    pub kind: BlockKind,
    pub text: String,
    pub quoted: bool,
    pub origin: Origin,
}

impl RawBlock {
    /// A block of a Word or OpenDocument file, at its paragraph number.
    pub fn at_paragraph(
        kind: BlockKind,
        text: String,
        quoted: bool,
        paragraph: Option<u32>,
    ) -> RawBlock {
        RawBlock {
            kind,
            text,
            quoted,
            origin: Origin {
                page: None,
                paragraph,
            },
        }
    }
}

/// Maps a run of `Block::text` back to the source.
#[derive(Debug, Clone, Copy)]
struct Segment {
    text_start: usize,
    src: (usize, usize),
    /// The text run is a byte-for-byte copy of the source run.
    exact: bool,
}

impl Block {
    pub fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading(_))
    }

    pub fn heading_level(&self) -> Option<u8> {
        match self.kind {
            BlockKind::Heading(l) => Some(l),
            _ => None,
        }
    }

    /// Maps a byte offset in `text` to a byte offset in the source.
    pub fn to_source(&self, offset: usize) -> usize {
        self.map(offset, false)
    }

    /// Like [`Block::to_source`] for the end of a range: an offset where two segments meet
    /// maps to the end of the earlier one, so a span does not swallow the markup after it.
    pub fn to_source_end(&self, offset: usize) -> usize {
        self.map(offset, true)
    }

    fn map(&self, offset: usize, end: bool) -> usize {
        let idx = if end {
            self.segments.partition_point(|s| s.text_start < offset)
        } else {
            self.segments.partition_point(|s| s.text_start <= offset)
        };
        if idx == 0 {
            return self.span.start;
        }
        let seg = self.segments[idx - 1];
        if seg.exact {
            (seg.src.0 + (offset - seg.text_start)).min(seg.src.1)
        } else if offset == seg.text_start {
            seg.src.0
        } else {
            seg.src.1
        }
    }
}

/// A sentence inside a block: the unit most evidence is counted in.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub block: usize,
    /// Byte range in the block's text.
    pub range: Range<usize>,
}

/// A parsed document: normalised source, blocks, sentences and metadata.
#[derive(Debug, Clone)]
pub struct Document {
    pub source: String,
    pub format: Format,
    pub blocks: Vec<Block>,
    pub sentences: Vec<Sentence>,
    pub front_matter: FrontMatter,
    line_starts: Vec<usize>,
}

/// A problem met while reading a document; reading goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseIssue {
    pub message: String,
}

impl Document {
    /// Parses Markdown or plain text. Never fails: what cannot be read is reported as issues.
    /// Word, OpenDocument and PDF go through [`load`].
    pub fn parse(source: &str, format: Format) -> (Document, Vec<ParseIssue>) {
        let source = normalize(source);
        let mut issues = Vec::new();
        let (front_matter, body_start) = frontmatter::split(&source, &mut issues);
        let mut builder = Builder::default();
        match format {
            Format::Markdown => markdown::lower(&source, body_start, &mut builder),
            // Text extracted from a binary format is read as plain text.
            Format::Text | Format::Docx | Format::Odt | Format::Pdf => {
                text::lower(&source, body_start, &mut builder)
            }
        }
        let blocks = builder.finish();
        let sentences = sentences::split_all(&blocks);
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let doc = Document {
            source,
            format,
            blocks,
            sentences,
            front_matter,
            line_starts,
        };
        (doc, issues)
    }

    /// Builds a document from the blocks a Word, OpenDocument or PDF reader found. The source
    /// text is the blocks' text, one block a line, so every renderer can show it.
    pub fn from_blocks(format: Format, raw: Vec<RawBlock>) -> Document {
        let mut source = String::new();
        let mut builder = Builder::default();
        for b in raw {
            let text = clean_extracted(&b.text);
            if text.is_empty() {
                continue;
            }
            let at = source.len();
            source.push_str(&text);
            builder.start(b.kind, at, b.quoted);
            builder.push_exact(&text, at..source.len());
            if let Some(open) = builder.open.as_mut() {
                open.origin = b.origin;
            }
            builder.end(source.len());
            source.push('\n');
        }
        let blocks = builder.finish();
        let sentences = sentences::split_all(&blocks);
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Document {
            source,
            format,
            blocks,
            sentences,
            front_matter: FrontMatter::default(),
            line_starts,
        }
    }

    /// Where in the original file a byte offset of the source lies.
    pub fn origin_at(&self, offset: usize) -> Origin {
        let i = self.blocks.partition_point(|b| b.span.end < offset);
        self.blocks.get(i).map(|b| b.origin).unwrap_or_default()
    }

    pub fn sentence_text(&self, s: &Sentence) -> &str {
        &self.blocks[s.block].text[s.range.clone()]
    }

    /// The source span of a sentence.
    pub fn sentence_span(&self, s: &Sentence) -> Range<usize> {
        let b = &self.blocks[s.block];
        b.to_source(s.range.start)..b.to_source_end(s.range.end)
    }

    /// The 0-based line a byte offset is on.
    pub fn line_index(&self, offset: usize) -> usize {
        let offset = offset.min(self.source.len());
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    /// The bytes of a 0-based line, without its line break.
    pub fn line_span(&self, line: usize) -> Range<usize> {
        let start = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.source.len());
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.source.len(), |&next| next - 1);
        let end = end.max(start);
        let text = &self.source[start..end];
        start..start + text.trim_end_matches('\r').len()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.source.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.source[start..offset].chars().count() + 1;
        (line + 1, col)
    }

    /// The heading a block stands under, itself if it is a heading.
    pub fn section_heading(&self, block: usize) -> Option<usize> {
        if self.blocks[block].is_heading() {
            Some(block)
        } else {
            self.blocks[block].heading
        }
    }

    /// Headings from the top down to the block's own section.
    pub fn heading_path(&self, block: usize) -> Vec<usize> {
        let mut path = Vec::new();
        let mut cur = self.section_heading(block);
        while let Some(h) = cur {
            path.push(h);
            cur = self.blocks[h].heading;
        }
        path.reverse();
        path
    }

    /// The blocks of the section a heading opens, subsections included.
    pub fn section_range(&self, heading: usize) -> Range<usize> {
        let level = self.blocks[heading].heading_level().unwrap_or(0);
        let end = self.blocks[heading + 1..]
            .iter()
            .position(|b| b.heading_level().is_some_and(|l| l <= level))
            .map_or(self.blocks.len(), |p| heading + 1 + p);
        heading + 1..end
    }

    /// The document's title: the first heading, or the first block.
    pub fn title(&self) -> Option<&str> {
        self.blocks
            .iter()
            .find(|b| b.is_heading())
            .or(self.blocks.first())
            .map(|b| b.text.as_str())
    }
}

/// NFC, typographic ligatures spelled out, and white space folded to single spaces: PDF and
/// Word text comes with all three.
fn clean_extracted(text: &str) -> String {
    let text = normalize(text);
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                'ﬀ' => out.push_str("ff"),
                'ﬁ' => out.push_str("fi"),
                'ﬂ' => out.push_str("fl"),
                'ﬃ' => out.push_str("ffi"),
                'ﬄ' => out.push_str("ffl"),
                'ﬅ' | 'ﬆ' => out.push_str("st"),
                '\u{00AD}' => {}
                c => out.push(c),
            }
        }
    }
    out
}

fn normalize(source: &str) -> String {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    if is_nfc_quick(source.chars()) == IsNormalized::Yes {
        source.to_string()
    } else {
        source.nfc().collect()
    }
}

/// Collects blocks from a format's lowering and links each to its heading.
#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    open: Option<Block>,
}

impl Builder {
    fn start(&mut self, kind: BlockKind, at: usize, quoted: bool) {
        self.end(at);
        self.open = Some(Block {
            kind,
            span: at..at,
            text: String::new(),
            heading: None,
            quoted,
            origin: Origin::default(),
            segments: Vec::new(),
        });
    }

    fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Appends text that is a byte-for-byte copy of `source[src]`.
    fn push_exact(&mut self, text: &str, src: Range<usize>) {
        self.push(text, src, true);
    }

    fn push(&mut self, text: &str, src: Range<usize>, exact: bool) {
        let Some(b) = self.open.as_mut() else { return };
        if b.segments.is_empty() {
            b.span.start = src.start;
        }
        b.segments.push(Segment {
            text_start: b.text.len(),
            src: (src.start, src.end),
            exact,
        });
        b.text.push_str(text);
        b.span.end = b.span.end.max(src.end);
    }

    fn end(&mut self, _at: usize) {
        if let Some(mut b) = self.open.take() {
            let trimmed = b.text.trim_end().len();
            b.text.truncate(trimmed);
            if !b.text.trim().is_empty() {
                self.blocks.push(b);
            }
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.end(0);
        let mut stack: Vec<usize> = Vec::new();
        for i in 0..self.blocks.len() {
            if let Some(level) = self.blocks[i].heading_level() {
                while stack
                    .last()
                    .is_some_and(|&h| self.blocks[h].heading_level() >= Some(level))
                {
                    stack.pop();
                }
                self.blocks[i].heading = stack.last().copied();
                stack.push(i);
            } else {
                self.blocks[i].heading = stack.last().copied();
            }
        }
        self.blocks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfd_input_is_normalised() {
        let (doc, _) = Document::parse("# A\u{30a}tga\u{308}rder\n", Format::Markdown);
        assert_eq!(doc.blocks[0].text, "Åtgärder");
    }

    #[test]
    fn columns_count_characters_after_swedish_letters() {
        let (doc, _) = Document::parse("Åäö x\n", Format::Text);
        let x = doc.source.find('x').unwrap();
        assert_eq!(doc.line_col(x), (1, 5));
    }

    #[test]
    fn heading_path_and_sections() {
        let src =
            "# Rapport\n\n## Resultat\n\nText.\n\n### Matematik\n\nMer.\n\n## Analys\n\nOrsak.\n";
        let (doc, _) = Document::parse(src, Format::Markdown);
        let mer = doc.blocks.iter().position(|b| b.text == "Mer.").unwrap();
        let path: Vec<&str> = doc
            .heading_path(mer)
            .iter()
            .map(|&h| doc.blocks[h].text.as_str())
            .collect();
        assert_eq!(path, ["Rapport", "Resultat", "Matematik"]);
        let resultat = doc
            .blocks
            .iter()
            .position(|b| b.text == "Resultat")
            .unwrap();
        let texts: Vec<&str> = doc
            .section_range(resultat)
            .map(|i| doc.blocks[i].text.as_str())
            .collect();
        assert_eq!(texts, ["Text.", "Matematik", "Mer."]);
    }
}
