//! OpenDocument text (.odt) → blocks, from content.xml and styles.xml.
//!
//! Headings are `text:h` with an outline level. LibreOffice writes automatic styles (`P1`)
//! whose parent is the semantic one ("Quote", "Heading_20_2"), so styles are followed to their
//! parents.

use super::xml::{self, Container, attr, is};
use super::{BlockKind, LoadError, Origin, ParseIssue, RawBlock};
use roxmltree::Node;
use std::collections::HashMap;

const WHAT: &str = "OpenDocument-filen (.odt)";

pub(super) fn read(bytes: &[u8]) -> Result<(Vec<RawBlock>, Vec<ParseIssue>), LoadError> {
    let mut zip = Container::open(bytes, WHAT)?;
    let content = zip.part("content.xml")?.ok_or(LoadError::Corrupt {
        what: WHAT,
        detail: "content.xml saknas".into(),
    })?;
    let styles_xml = zip.part("styles.xml")?;
    let doc = xml::parse(&content, WHAT, "content.xml")?;
    let mut parents: HashMap<String, String> = HashMap::new();
    let styles_doc = styles_xml
        .as_deref()
        .and_then(|s| roxmltree::Document::parse(s).ok());
    for d in std::iter::once(&doc).chain(styles_doc.as_ref()) {
        for s in d.descendants().filter(|n| is(*n, "style")) {
            if let (Some(name), Some(parent)) = (attr(s, "name"), attr(s, "parent-style-name")) {
                parents.insert(name.to_string(), parent.to_string());
            }
        }
    }
    let mut r = Reader {
        parents,
        out: Vec::new(),
        notes: Vec::new(),
        paragraph: 0,
        table: 0,
    };
    if let Some(text) = doc
        .descendants()
        .find(|n| is(*n, "text") && n.parent().is_some_and(|p| is(p, "body")))
    {
        r.container(text, false);
    }
    if !r.notes.is_empty() {
        r.out.push(RawBlock {
            kind: BlockKind::Heading(1),
            text: "Fotnoter".into(),
            quoted: false,
            origin: Origin::default(),
        });
        let notes = std::mem::take(&mut r.notes);
        r.out.extend(notes.into_iter().map(|text| RawBlock {
            kind: BlockKind::Paragraph,
            text,
            quoted: false,
            origin: Origin::default(),
        }));
    }
    Ok((r.out, Vec::new()))
}

struct Reader {
    parents: HashMap<String, String>,
    out: Vec<RawBlock>,
    notes: Vec<String>,
    paragraph: u32,
    table: u32,
}

impl Reader {
    fn is_quote(&self, style: Option<&str>) -> bool {
        let mut cur = style.map(str::to_string);
        for _ in 0..10 {
            let Some(s) = cur.take() else { return false };
            let n = s.to_lowercase().replace("_20_", " ");
            if ["quote", "quotations", "citat", "intense quote"].contains(&n.as_str()) {
                return true;
            }
            cur = self.parents.get(&s).cloned();
        }
        false
    }

    fn container(&mut self, node: Node, in_list: bool) {
        for c in node.children().filter(|c| c.is_element()) {
            match c.tag_name().name() {
                "h" => {
                    let level = attr(c, "outline-level")
                        .and_then(|l| l.parse::<u8>().ok())
                        .unwrap_or(1)
                        .clamp(1, 9);
                    self.push(c, BlockKind::Heading(level));
                }
                "p" => {
                    let kind = if in_list {
                        BlockKind::ListItem
                    } else {
                        BlockKind::Paragraph
                    };
                    self.push(c, kind);
                }
                "list" | "list-item" | "list-header" => self.container(c, true),
                "section" | "index-body" => self.container(c, in_list),
                "table" => self.table(c),
                // The index (innehållsförteckning) names parts, it does not show them.
                "table-of-content" | "tracked-changes" => {}
                _ => {}
            }
        }
    }

    fn push(&mut self, p: Node, kind: BlockKind) {
        self.paragraph += 1;
        let mut text = String::new();
        self.inline(p, &mut text);
        let quoted = self.is_quote(attr(p, "style-name"));
        self.out.push(RawBlock::at_paragraph(
            kind,
            text,
            quoted,
            Some(self.paragraph),
        ));
    }

    fn inline(&mut self, node: Node, out: &mut String) {
        for c in node.children() {
            if c.is_text() {
                out.push_str(c.text().unwrap_or(""));
                continue;
            }
            if !c.is_element() {
                continue;
            }
            match c.tag_name().name() {
                "s" => {
                    let n = attr(c, "c")
                        .and_then(|n| n.parse::<usize>().ok())
                        .unwrap_or(1)
                        .min(100);
                    out.push_str(&" ".repeat(n));
                }
                "tab" | "line-break" => out.push(' '),
                "note" => {
                    if let Some(body) = c.children().find(|n| is(*n, "note-body")) {
                        let mut note = String::new();
                        self.inline_all(body, &mut note);
                        self.notes.push(note);
                    }
                }
                "annotation" | "annotation-end" | "soft-page-break" | "bookmark"
                | "bookmark-start" | "bookmark-end" | "change" | "change-start" | "change-end" => {}
                "frame" => {
                    // A text box: its paragraphs stand on their own after this one.
                    let mut boxed = String::new();
                    self.inline_all(c, &mut boxed);
                    if !boxed.trim().is_empty() {
                        self.notes.push(boxed);
                    }
                }
                _ => self.inline(c, out),
            }
        }
    }

    fn inline_all(&mut self, node: Node, out: &mut String) {
        for p in node.descendants().filter(|n| is(*n, "p") || is(*n, "h")) {
            if !out.is_empty() {
                out.push(' ');
            }
            self.inline(p, out);
        }
    }

    fn table(&mut self, t: Node) {
        self.table += 1;
        let rows: Vec<Node> = t.descendants().filter(|n| is(*n, "table-row")).collect();
        for (row, tr) in rows.iter().enumerate() {
            for (col, tc) in tr.children().filter(|c| is(*c, "table-cell")).enumerate() {
                let mut text = String::new();
                let mut first = None;
                for p in tc.descendants().filter(|n| is(*n, "p") || is(*n, "h")) {
                    self.paragraph += 1;
                    first.get_or_insert(self.paragraph);
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    self.inline(p, &mut text);
                }
                let kind = BlockKind::TableCell {
                    table: self.table,
                    row: row as u32,
                    col: col as u32,
                };
                self.out.push(RawBlock {
                    kind,
                    text,
                    quoted: false,
                    origin: Origin {
                        page: None,
                        paragraph: first,
                    },
                });
            }
        }
    }
}
