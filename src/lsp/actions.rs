//! Code actions: the edits behind the quick fixes, as byte ranges of the editor's buffer.
//!
//! A missing part gets its skeleton (heading and guide, from `rules/template.toml`, as
//! `skalint template` writes them) where the engine expected the part: under the part's own
//! heading when the document has it, else at the end of the section the finding points at.
//! The guide is a block quote, which the engine never counts as evidence, so inserting it
//! does not silence the finding: the writer still has to write the part.

use super::Checked;
use crate::diagnostic::Diagnostic;
use crate::document::{BlockKind, Format};
use crate::report::explain::capitalized;
use crate::template::Skeleton;
use std::sync::OnceLock;

/// Replace `start..end` of the buffer with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

fn skeleton_sections() -> &'static Skeleton {
    static SKELETON: OnceLock<Skeleton> = OnceLock::new();
    SKELETON.get_or_init(Skeleton::embedded)
}

/// The heading and guide for a rule's part.
fn part_of(c: &Checked, rule_id: &str) -> Option<(String, String)> {
    if let Some(s) = skeleton_sections()
        .sections
        .iter()
        .find(|s| s.rules.iter().any(|r| r == rule_id))
    {
        return Some((s.heading.clone(), s.guide.clone()));
    }
    // A kommun's own rule has no template section: its title and help serve.
    let rule = c.setup.pack.rules.iter().find(|r| r.def.id == rule_id)?;
    Some((capitalized(&rule.def.title), rule.def.help.clone()))
}

/// The skeleton of the part a finding says is missing.
pub fn skeleton(c: &Checked, d: &Diagnostic) -> Option<Edit> {
    let (heading, guide) = part_of(c, &d.rule)?;
    let rule = c.setup.pack.rules.iter().find(|r| r.def.id == d.rule)?;
    let doc = &c.document;
    let source = &doc.source;
    let markdown = doc.format == Format::Markdown;
    let b = doc
        .blocks
        .iter()
        .position(|b| b.span.start <= d.span.start && d.span.start <= b.span.end)?;
    let block = &doc.blocks[b];
    let line_end = |at: usize| source[at..].find('\n').map_or(source.len(), |i| at + i);
    let line_start = |at: usize| source[..at].rfind('\n').map_or(0, |i| i + 1);
    let guide = format!("> {guide}");

    let own_heading = block.is_heading()
        && rule
            .anchors
            .first()
            .is_some_and(|a| a.is_match(&block.text));
    let (at, text) = if own_heading {
        // The heading is there, its text is not: the guide goes right under it.
        (line_end(block.span.end), format!("\n\n{guide}\n"))
    } else {
        // Under a related heading of its own level, the part closes that heading's section;
        // pointed at the title (no better place found), it goes where the template has it:
        // before the first heading of a part that comes later in the template.
        let (level, next) = match block.kind {
            BlockKind::Heading(l) if l >= 2 => {
                let next = doc.blocks[b + 1..]
                    .iter()
                    .find(|x| !x.quoted && matches!(x.kind, BlockKind::Heading(n) if n <= l));
                (l, next)
            }
            _ => {
                let next = later_part_heading(c, &d.rule);
                let level = match next.map(|n| &n.kind) {
                    Some(BlockKind::Heading(l)) => (*l).max(2),
                    _ => 2,
                };
                (level, next)
            }
        };
        let title = if markdown {
            format!("{} {heading}", "#".repeat(level as usize))
        } else {
            heading
        };
        match next {
            Some(n) => (line_start(n.span.start), format!("{title}\n\n{guide}\n\n")),
            None => {
                let lead = if source.ends_with("\n\n") {
                    ""
                } else if source.ends_with('\n') {
                    "\n"
                } else {
                    "\n\n"
                };
                (source.len(), format!("{lead}{title}\n\n{guide}\n"))
            }
        }
    };
    let at = c.map.to_buffer(at);
    Some(Edit {
        start: at,
        end: at,
        text,
    })
}

/// The first heading of the document (below the title) where a part that the template puts
/// after `rule_id`'s part is looked for.
fn later_part_heading<'d>(c: &'d Checked, rule_id: &str) -> Option<&'d crate::document::Block> {
    let sections = &skeleton_sections().sections;
    let me = sections
        .iter()
        .position(|s| s.rules.iter().any(|r| r == rule_id))?;
    let later: Vec<&crate::rules::Rule> = sections[me + 1..]
        .iter()
        .flat_map(|s| &s.rules)
        .filter_map(|id| c.setup.pack.rules.iter().find(|r| &r.def.id == id))
        .collect();
    c.document.blocks.iter().find(|x| {
        !x.quoted
            && matches!(x.kind, BlockKind::Heading(l) if l >= 2)
            && later
                .iter()
                .any(|r| r.anchors.first().is_some_and(|a| a.is_match(&x.text)))
    })
}

/// Switches a rule off for this document in its front matter (`skalint-disable`), adding the
/// key, or the front matter, when it is not there.
pub fn disable(buffer: &str, rule_id: &str) -> Edit {
    let bom = if buffer.starts_with('\u{feff}') { 3 } else { 0 };
    let insert = |at: usize, text: String| Edit {
        start: at,
        end: at,
        text,
    };
    for fence in ["---", "+++"] {
        let toml = fence == "+++";
        let body = &buffer[bom..];
        let Some(rest) = body.strip_prefix(fence) else {
            continue;
        };
        if !(rest.starts_with('\n') || rest.starts_with("\r\n")) {
            continue;
        }
        let mut at = bom + fence.len() + if rest.starts_with('\n') { 1 } else { 2 };
        let mut lines = buffer[at..].split_inclusive('\n').peekable();
        while let Some(line) = lines.next() {
            let trimmed = line.trim_end();
            if trimmed == fence {
                let entry = if toml {
                    format!("skalint-disable = [\"{rule_id}\"]\n")
                } else {
                    format!("skalint-disable: [{rule_id}]\n")
                };
                return insert(at, entry);
            }
            let sep = if toml { '=' } else { ':' };
            if let Some((key, value)) = trimmed.split_once(sep) {
                let key = key.trim().to_lowercase();
                if matches!(key.as_str(), "skalint-disable" | "disable" | "skalint-av") {
                    let value_start = at + key_len(line, sep) + 1;
                    let value = value.trim();
                    let quoted = if toml {
                        format!("\"{rule_id}\"")
                    } else {
                        rule_id.to_string()
                    };
                    if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                        let close = at + trimmed.rfind(']').unwrap_or(trimmed.len());
                        let sep = if inner.trim().is_empty() { "" } else { ", " };
                        return insert(close, format!("{sep}{quoted}"));
                    }
                    if value.is_empty() && !toml {
                        // A block list: the new item after the last one.
                        let mut end = at + line.len();
                        while let Some(item) = lines.peek() {
                            if !item.trim_start().starts_with("- ") {
                                break;
                            }
                            end += item.len();
                            lines.next();
                        }
                        return insert(end, format!("  - {rule_id}\n"));
                    }
                    return Edit {
                        start: value_start,
                        end: at + trimmed.len(),
                        text: format!(" [{value}, {quoted}]"),
                    };
                }
            }
            at += line.len();
        }
    }
    insert(bom, format!("---\nskalint-disable: [{rule_id}]\n---\n\n"))
}

fn key_len(line: &str, sep: char) -> usize {
    line.find(sep).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(buffer: &str, e: &Edit) -> String {
        let mut s = buffer.to_string();
        s.replace_range(e.start..e.end, &e.text);
        s
    }

    #[test]
    fn disable_adds_front_matter_when_there_is_none() {
        let out = apply("# Rapport\n", &disable("# Rapport\n", "SKA103"));
        assert_eq!(out, "---\nskalint-disable: [SKA103]\n---\n\n# Rapport\n");
    }

    #[test]
    fn disable_adds_the_key_or_extends_the_list() {
        for (before, after) in [
            (
                "---\nniva: enhet\n---\n# R\n",
                "---\nniva: enhet\nskalint-disable: [SKA103]\n---\n# R\n",
            ),
            (
                "---\nskalint-disable: [SKA117]\n---\n",
                "---\nskalint-disable: [SKA117, SKA103]\n---\n",
            ),
            (
                "---\nskalint-disable: arshjul\n---\n",
                "---\nskalint-disable: [arshjul, SKA103]\n---\n",
            ),
            (
                "---\nskalint-disable:\n  - SKA117\nniva: enhet\n---\n",
                "---\nskalint-disable:\n  - SKA117\n  - SKA103\nniva: enhet\n---\n",
            ),
            (
                "+++\nlevel = \"enhet\"\n+++\n",
                "+++\nlevel = \"enhet\"\nskalint-disable = [\"SKA103\"]\n+++\n",
            ),
        ] {
            assert_eq!(apply(before, &disable(before, "SKA103")), after);
        }
    }

    #[test]
    fn the_edited_front_matter_switches_the_rule_off() {
        use crate::document::Document;
        for text in [
            "# R\n\nText.\n",
            "---\nniva: enhet\n---\n# R\n",
            "---\nskalint-disable:\n  - SKA117\n---\n# R\n",
        ] {
            let out = apply(text, &disable(text, "SKA103"));
            let (doc, _) = Document::parse(&out, Format::Markdown);
            assert!(
                doc.front_matter.disable.iter().any(|d| d == "SKA103"),
                "{out}"
            );
        }
    }
}
