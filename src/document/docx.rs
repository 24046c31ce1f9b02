//! Word (.docx) → blocks.
//!
//! Headings are found the way Word itself knows them: Swedish Word renames the style id
//! (`Rubrik1`) but keeps the built-in name ("heading 1"), a custom style may be based on a
//! heading, and an outline level can sit on the style or the paragraph. Many people also write a
//! heading as a short bold paragraph; that counts too.

use super::xml::{self, Container, attr, is};
use super::{BlockKind, LoadError, Origin, ParseIssue, RawBlock};
use roxmltree::Node;
use std::collections::HashMap;

const WHAT: &str = "Word-filen (.docx)";

#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
}

struct Styles(HashMap<String, Style>);

impl Styles {
    fn parse(xml: Option<&str>) -> Styles {
        let mut map = HashMap::new();
        let Some(doc) = xml.and_then(|x| roxmltree::Document::parse(x).ok()) else {
            return Styles(map);
        };
        for s in doc.descendants().filter(|n| is(*n, "style")) {
            let Some(id) = attr(s, "styleId") else {
                continue;
            };
            let child_val = |local: &str| {
                s.children()
                    .find(|c| is(*c, local))
                    .and_then(|c| attr(c, "val"))
            };
            let outline = s
                .descendants()
                .find(|c| is(*c, "outlineLvl"))
                .and_then(|c| attr(c, "val"))
                .and_then(|v| v.parse::<u8>().ok());
            map.insert(
                id.to_string(),
                Style {
                    name: child_val("name").unwrap_or(id).to_lowercase(),
                    based_on: child_val("basedOn").map(str::to_string),
                    outline,
                },
            );
        }
        Styles(map)
    }

    /// The style and the styles it is based on, nearest first.
    fn chain(&self, id: &str) -> Vec<(&str, &Style)> {
        let mut out = Vec::new();
        let mut cur = Some(id.to_string());
        while let Some(id) = cur.take() {
            if out.len() > 10 {
                break;
            }
            if let Some((k, s)) = self.0.get_key_value(&id) {
                out.push((k.as_str(), s));
                cur = s.based_on.clone();
            } else {
                // A style id without a definition still says something ("Rubrik1").
                return out;
            }
        }
        out
    }

    fn heading_level(&self, id: &str) -> Option<u8> {
        let names = std::iter::once((id.to_lowercase(), None)).chain(
            self.chain(id)
                .into_iter()
                .map(|(_, s)| (s.name.clone(), s.outline)),
        );
        for (name, outline) in names {
            if let Some(l) = heading_name_level(&name) {
                return Some(l);
            }
            if let Some(o) = outline.filter(|&o| o < 9) {
                return Some(o + 1);
            }
        }
        None
    }

    fn is_quote(&self, id: &str) -> bool {
        let quote = |n: &str| {
            let n = n.to_lowercase();
            // "Block Text" is what pandoc and older Word call a block quote.
            [
                "quote",
                "intense quote",
                "citat",
                "starkt citat",
                "intensivt citat",
                "block text",
                "blocktext",
                "blocktext",
            ]
            .contains(&n.as_str())
        };
        quote(id) || self.chain(id).iter().any(|(_, s)| quote(&s.name))
    }

    fn is_list(&self, id: &str) -> bool {
        let list = |n: &str| {
            let n = n.to_lowercase();
            n.starts_with("list")
                || n.starts_with("liststycke")
                || n.starts_with("punktlista")
                || n.starts_with("numrerad lista")
        };
        list(id) || self.chain(id).iter().any(|(_, s)| list(&s.name))
    }
}

/// "heading 2", "Rubrik 2", "rubrik2", "title", "rubrik" (Swedish Title) → a level.
fn heading_name_level(name: &str) -> Option<u8> {
    let n = name.trim().to_lowercase().replace(' ', "");
    if n == "title" || n == "rubrik" {
        return Some(1);
    }
    for prefix in ["heading", "rubrik"] {
        if let Some(d) = n.strip_prefix(prefix) {
            return d.parse::<u8>().ok().filter(|l| (1..=9).contains(l));
        }
    }
    None
}

pub(super) fn read(bytes: &[u8]) -> Result<(Vec<RawBlock>, Vec<ParseIssue>), LoadError> {
    let mut zip = Container::open(bytes, WHAT)?;
    let body_xml = zip.part("word/document.xml")?.ok_or(LoadError::Corrupt {
        what: WHAT,
        detail: "word/document.xml saknas".into(),
    })?;
    let styles = Styles::parse(zip.part("word/styles.xml")?.as_deref());
    let doc = xml::parse(&body_xml, WHAT, "word/document.xml")?;
    let mut r = Reader {
        styles: &styles,
        out: Vec::new(),
        paragraph: 0,
        table: 0,
        boxes: Vec::new(),
        has_headings: false,
    };
    if let Some(body) = doc.descendants().find(|n| is(*n, "body")) {
        r.container(body);
    }
    r.flush_boxes();
    if let Some(notes) = zip.part("word/footnotes.xml")? {
        let notes = xml::parse(&notes, WHAT, "word/footnotes.xml")?;
        let paragraphs: Vec<Node> = notes
            .descendants()
            .filter(|n| {
                is(*n, "footnote")
                    && !matches!(
                        attr(*n, "type"),
                        Some("separator" | "continuationSeparator")
                    )
            })
            .flat_map(|n| n.descendants().filter(|p| is(*p, "p")).collect::<Vec<_>>())
            .collect();
        if !paragraphs.is_empty() {
            r.out.push(RawBlock {
                kind: BlockKind::Heading(1),
                text: "Fotnoter".into(),
                quoted: false,
                origin: Origin::default(),
            });
            for p in paragraphs {
                let text = run_text(p, &mut Vec::new());
                r.out.push(RawBlock {
                    kind: BlockKind::Paragraph,
                    text,
                    quoted: false,
                    origin: Origin::default(),
                });
            }
        }
    }
    // Pseudo-headings take the level below the document's real headings.
    if r.has_headings {
        for b in &mut r.out {
            if b.kind == BlockKind::Heading(0) {
                b.kind = BlockKind::Heading(3);
            }
        }
    } else {
        for b in &mut r.out {
            if b.kind == BlockKind::Heading(0) {
                b.kind = BlockKind::Heading(2);
            }
        }
    }
    Ok((r.out, Vec::new()))
}

struct Reader<'s, 'a, 'i> {
    styles: &'s Styles,
    out: Vec<RawBlock>,
    paragraph: u32,
    table: u32,
    /// Text boxes met inside paragraphs, emitted after the paragraph.
    boxes: Vec<Node<'a, 'i>>,
    has_headings: bool,
}

impl<'a, 'i> Reader<'_, 'a, 'i> {
    fn container(&mut self, node: Node<'a, 'i>) {
        for child in node.children().filter(|c| c.is_element()) {
            match child.tag_name().name() {
                "p" => {
                    self.paragraph(child);
                    self.flush_boxes();
                }
                "tbl" => self.table(child),
                "sdt" | "sdtContent" | "customXml" | "ins" | "smartTag" => self.container(child),
                _ => {}
            }
        }
    }

    fn flush_boxes(&mut self) {
        for b in std::mem::take(&mut self.boxes) {
            for content in b.descendants().filter(|n| is(*n, "txbxContent")).take(1) {
                self.container(content);
            }
        }
    }

    fn paragraph(&mut self, p: Node<'a, 'i>) {
        self.paragraph += 1;
        let mut boxes = Vec::new();
        let text = run_text(p, &mut boxes);
        self.boxes.extend(boxes);
        let ppr = p.children().find(|c| is(*c, "pPr"));
        let style = ppr
            .and_then(|pp| pp.children().find(|c| is(*c, "pStyle")))
            .and_then(|s| attr(s, "val"))
            .unwrap_or("");
        let direct_outline = ppr
            .and_then(|pp| pp.children().find(|c| is(*c, "outlineLvl")))
            .and_then(|o| attr(o, "val"))
            .and_then(|v| v.parse::<u8>().ok())
            .filter(|&o| o < 9);
        let numbered = ppr.is_some_and(|pp| pp.children().any(|c| is(c, "numPr")));
        let level = direct_outline
            .map(|o| o + 1)
            .or_else(|| self.styles.heading_level(style));
        let kind = if let Some(l) = level {
            self.has_headings = true;
            BlockKind::Heading(l)
        } else if numbered || self.styles.is_list(style) {
            BlockKind::ListItem
        } else if is_pseudo_heading(p, &text) {
            BlockKind::Heading(0)
        } else {
            BlockKind::Paragraph
        };
        let quoted = self.styles.is_quote(style);
        self.out.push(RawBlock::at_paragraph(
            kind,
            text,
            quoted,
            Some(self.paragraph),
        ));
    }

    fn table(&mut self, tbl: Node<'a, 'i>) {
        self.table += 1;
        let rows = tbl.children().filter(|c| is(*c, "tr"));
        for (row, tr) in rows.enumerate() {
            for (col, tc) in tr.children().filter(|c| is(*c, "tc")).enumerate() {
                let mut texts = Vec::new();
                let mut first = None;
                for p in tc.descendants().filter(|n| is(*n, "p")) {
                    self.paragraph += 1;
                    first.get_or_insert(self.paragraph);
                    texts.push(run_text(p, &mut Vec::new()));
                }
                let kind = BlockKind::TableCell {
                    table: self.table,
                    row: row as u32,
                    col: col as u32,
                };
                let origin = Origin {
                    page: None,
                    paragraph: first,
                };
                self.out.push(RawBlock {
                    kind,
                    text: texts.join(" "),
                    quoted: false,
                    origin,
                });
            }
        }
    }
}

/// The text a paragraph shows: runs, inserted text, field results; not deleted text, field
/// codes, comments or text boxes (those are collected into `boxes`).
fn run_text<'a, 'i>(p: Node<'a, 'i>, boxes: &mut Vec<Node<'a, 'i>>) -> String {
    let mut out = String::new();
    collect(p, &mut out, boxes);
    out
}

fn collect<'a, 'i>(node: Node<'a, 'i>, out: &mut String, boxes: &mut Vec<Node<'a, 'i>>) {
    for c in node.children().filter(|c| c.is_element()) {
        match c.tag_name().name() {
            "t" => out.push_str(c.text().unwrap_or("")),
            "tab" | "br" | "cr" => out.push(' '),
            "noBreakHyphen" => out.push('-'),
            "del" | "delText" | "instrText" | "commentReference" | "footnoteReference" | "pPr"
            | "rPr" | "Fallback" => {}
            "txbxContent" => {}
            "drawing" | "pict" | "AlternateContent" | "Choice" => {
                if c.descendants().any(|d| is(d, "txbxContent")) {
                    boxes.push(c);
                }
            }
            _ => collect(c, out, boxes),
        }
    }
}

/// A short paragraph, all of whose text is bold, with no full stop at the end.
fn is_pseudo_heading(p: Node, text: &str) -> bool {
    let t = text.trim();
    let words = t.split_whitespace().count();
    if t.is_empty() || words > 10 || t.chars().count() > 80 || t.ends_with(['.', ',', ';', ':']) {
        return false;
    }
    let runs: Vec<Node> = p
        .descendants()
        .filter(|r| {
            is(*r, "r")
                && r.children()
                    .any(|t| is(t, "t") && !t.text().unwrap_or("").trim().is_empty())
        })
        .collect();
    !runs.is_empty()
        && runs.iter().all(|r| {
            r.children()
                .find(|c| is(*c, "rPr"))
                .and_then(|rpr| rpr.children().find(|c| is(*c, "b")))
                .is_some_and(|b| !matches!(attr(b, "val"), Some("0" | "false")))
        })
}

#[cfg(test)]
mod tests {
    use super::heading_name_level;

    #[test]
    fn heading_style_names_in_english_and_swedish() {
        assert_eq!(heading_name_level("heading 1"), Some(1));
        assert_eq!(heading_name_level("Rubrik 2"), Some(2));
        assert_eq!(heading_name_level("Rubrik3"), Some(3));
        assert_eq!(heading_name_level("Title"), Some(1));
        assert_eq!(heading_name_level("Rubrik"), Some(1));
        assert_eq!(heading_name_level("Normal"), None);
        assert_eq!(heading_name_level("Rubrikrad"), None);
    }
}
