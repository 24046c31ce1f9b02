//! Markdown → blocks, with pulldown-cmark's byte offsets.

use super::{BlockKind, Builder};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

pub(super) fn lower(source: &str, body_start: usize, out: &mut Builder) {
    let body = &source[body_start..];
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut quote_depth = 0usize;
    let mut item_depth = 0usize;
    let mut skip_depth = 0usize; // inside code blocks, HTML blocks, metadata
    let (mut table, mut row, mut col) = (0u32, 0u32, 0u32);

    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let range = range.start + body_start..range.end + body_start;
        let quoted = quote_depth > 0;
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    out.start(BlockKind::Heading(level as u8), range.start, quoted)
                }
                Tag::Paragraph
                    // A tight list item's text arrives without a paragraph; a loose one's first
                    // paragraph continues the item, later paragraphs are blocks of their own.
                    if !(item_depth > 0 && out.is_open() && out.open_is_empty()) => {
                        let kind = if item_depth > 0 {
                            BlockKind::ListItem
                        } else {
                            BlockKind::Paragraph
                        };
                        out.start(kind, range.start, quoted);
                    }
                Tag::Item => {
                    item_depth += 1;
                    out.start(BlockKind::ListItem, range.start, quoted);
                }
                Tag::BlockQuote(_) => {
                    out.end(range.start);
                    quote_depth += 1;
                }
                Tag::Table(_) => {
                    table += 1;
                    row = 0;
                }
                Tag::TableHead => col = 0,
                Tag::TableRow => {
                    row += 1;
                    col = 0;
                }
                Tag::TableCell => {
                    out.start(
                        BlockKind::TableCell { table, row, col },
                        range.start,
                        quoted,
                    );
                    col += 1;
                }
                Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                    out.end(range.start);
                    skip_depth += 1;
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::TableCell => out.end(range.end),
                TagEnd::Item => {
                    item_depth = item_depth.saturating_sub(1);
                    out.end(range.end);
                }
                TagEnd::BlockQuote(_) => {
                    out.end(range.end);
                    quote_depth = quote_depth.saturating_sub(1);
                }
                TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                    skip_depth = skip_depth.saturating_sub(1);
                }
                _ => {}
            },
            Event::Text(text) | Event::Code(text) if skip_depth == 0 => {
                if !out.is_open() {
                    let kind = if item_depth > 0 {
                        BlockKind::ListItem
                    } else {
                        BlockKind::Paragraph
                    };
                    out.start(kind, range.start, quoted);
                }
                let exact = source.get(range.clone()) == Some(&*text);
                out.push(&text, range, exact);
            }
            Event::SoftBreak | Event::HardBreak if skip_depth == 0 => {
                out.push(" ", range, false);
            }
            _ => {}
        }
    }
}

impl Builder {
    fn open_is_empty(&self) -> bool {
        self.open.as_ref().is_some_and(|b| b.text.trim().is_empty())
    }
}

#[cfg(test)]
mod tests {
    use crate::document::{BlockKind, Document, Format};

    fn blocks(src: &str) -> Vec<(BlockKind, String, bool)> {
        let (doc, _) = Document::parse(src, Format::Markdown);
        doc.blocks
            .into_iter()
            .map(|b| (b.kind, b.text, b.quoted))
            .collect()
    }

    #[test]
    fn lowers_headings_lists_quotes_and_tables() {
        let src = "# Årsrapport\n\nVi har **analyserat** resultaten.\n\n- Första\n- Andra\n\n> Enligt 4 kap. ska det göras.\n\n| Resultat | Insats |\n|---|---|\n| 82 % | Läsgrupp |\n";
        let b = blocks(src);
        assert_eq!(b[0], (BlockKind::Heading(1), "Årsrapport".into(), false));
        assert_eq!(b[1].1, "Vi har analyserat resultaten.");
        assert_eq!(b[2], (BlockKind::ListItem, "Första".into(), false));
        assert!(b[4].2, "block quote is marked");
        assert_eq!(
            b[5].0,
            BlockKind::TableCell {
                table: 1,
                row: 0,
                col: 0
            }
        );
        assert_eq!(
            b[8],
            (
                BlockKind::TableCell {
                    table: 1,
                    row: 1,
                    col: 1
                },
                "Läsgrupp".into(),
                false
            )
        );
    }

    #[test]
    fn block_text_maps_back_to_source() {
        let src = "Text med **fet stil** och åäö slut.\n";
        let (doc, _) = Document::parse(src, Format::Markdown);
        let b = &doc.blocks[0];
        let at = b.text.find("slut").unwrap();
        assert_eq!(
            &doc.source[b.to_source(at)..b.to_source_end(at + 4)],
            "slut"
        );
        let fet = b.text.find("fet").unwrap();
        assert_eq!(
            &doc.source[b.to_source(fet)..b.to_source_end(fet + 8)],
            "fet stil"
        );
    }

    #[test]
    fn loose_list_items_keep_their_text() {
        let b = blocks("1. Första punkten\n\n   fortsätter här.\n\n2. Andra\n");
        assert_eq!(b[0], (BlockKind::ListItem, "Första punkten".into(), false));
        assert_eq!(b[1], (BlockKind::ListItem, "fortsätter här.".into(), false));
        assert_eq!(b[2].1, "Andra");
    }
}
