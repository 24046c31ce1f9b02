//! Finding the insatser of a document, so each can be checked on its own.
//!
//! Reports write insatser in three ways: a labelled paragraph ("**Insats.** …", "Insats 1: …"),
//! a row of a table with an "Insats" column, or items/paragraphs under an "Insatser" or
//! "Åtgärder" heading. A unit is the insats and what follows it up to the next insats or heading
//! ("**Förväntat resultat och uppföljning.** …" belongs to the insats before it).

use crate::document::{BlockKind, Document};
use crate::rules::CompiledInsats;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsatsUnit {
    /// Blocks in document order; the first is where the insats starts.
    pub blocks: Vec<usize>,
    /// Blocks that give the insats meaning without being part of it (a table's header row).
    pub context: Vec<usize>,
}

pub(super) fn find(doc: &Document, syntax: &CompiledInsats) -> Vec<InsatsUnit> {
    let mut units = Vec::new();
    let mut used = vec![false; doc.blocks.len()];
    for h in 0..doc.blocks.len() {
        if doc.blocks[h].is_heading() && syntax.exclude_headings.is_match(&doc.blocks[h].text) {
            for x in doc.section_range(h) {
                used[x] = true;
            }
        }
    }

    // 1. Labelled blocks, extended to the next label or heading.
    let labelled: Vec<usize> = (0..doc.blocks.len())
        .filter(|&b| {
            let block = &doc.blocks[b];
            !block.is_heading()
                && !used[b]
                && !block.quoted
                && !matches!(
                    block.kind,
                    BlockKind::TableCell { .. } | BlockKind::TocEntry
                )
                && syntax.labels.is_match(&block.text)
        })
        .collect();
    for (k, &start) in labelled.iter().enumerate() {
        let next_label = labelled.get(k + 1).copied().unwrap_or(usize::MAX);
        let mut blocks = vec![start];
        let mut b = start + 1;
        while b < doc.blocks.len() && b < next_label {
            let block = &doc.blocks[b];
            if block.is_heading() || matches!(block.kind, BlockKind::TableCell { .. }) {
                break;
            }
            blocks.push(b);
            b += 1;
        }
        for &x in &blocks {
            used[x] = true;
        }
        units.push(InsatsUnit {
            blocks,
            context: vec![],
        });
    }

    // 2. Rows of tables whose header names an insats column. Where insatser are written out
    // as labelled paragraphs, such a table only sums them up.
    let mut b = if units.is_empty() {
        0
    } else {
        doc.blocks.len()
    };
    while b < doc.blocks.len() {
        let BlockKind::TableCell { table, .. } = doc.blocks[b].kind else {
            b += 1;
            continue;
        };
        let end = (b..doc.blocks.len())
            .find(|&x| !matches!(doc.blocks[x].kind, BlockKind::TableCell { table: t, .. } if t == table))
            .unwrap_or(doc.blocks.len());
        let has_column = !used[b]
            && (b..end).any(|x| {
                matches!(doc.blocks[x].kind, BlockKind::TableCell { row: 0, .. })
                    && syntax.columns.is_match(&doc.blocks[x].text)
            });
        if has_column {
            let mut rows: Vec<(u32, Vec<usize>)> = Vec::new();
            let mut header = Vec::new();
            used[b..end].fill(true);
            for x in b..end {
                if let BlockKind::TableCell { row, .. } = doc.blocks[x].kind {
                    if row == 0 {
                        header.push(x);
                        continue;
                    }
                    match rows.last_mut() {
                        Some((r, cells)) if *r == row => cells.push(x),
                        _ => rows.push((row, vec![x])),
                    }
                }
            }
            for (_, blocks) in rows {
                units.push(InsatsUnit {
                    blocks,
                    context: header.clone(),
                });
            }
        }
        b = end;
    }

    // 3. Sections headed as insatser that hold no labelled insats.
    for h in 0..doc.blocks.len() {
        let heading = &doc.blocks[h];
        if !heading.is_heading() || heading.quoted || !syntax.headings.is_match(&heading.text) {
            continue;
        }
        let section = doc.section_range(h);
        if section.clone().any(|x| used[x]) {
            continue;
        }
        // Only the text directly under this heading; subsections are seen on their own. A
        // section that sets its insatser out in a table has them there; short lines such as a
        // signature are no insats.
        let body: Vec<usize> = section
            .take_while(|&x| !doc.blocks[x].is_heading())
            .collect();
        if body
            .iter()
            .any(|&x| matches!(doc.blocks[x].kind, BlockKind::TableCell { .. }))
        {
            continue;
        }
        let direct: Vec<usize> = body
            .into_iter()
            .filter(|&x| {
                !doc.blocks[x].quoted && doc.blocks[x].text.split_whitespace().count() >= 6
            })
            .collect();
        let items: Vec<usize> = direct
            .iter()
            .copied()
            .filter(|&x| doc.blocks[x].kind == BlockKind::ListItem)
            .collect();
        if items.len() >= 2 {
            // Each item is an insats; paragraphs after an item belong to it.
            let mut current: Option<Vec<usize>> = None;
            for &x in &direct {
                if doc.blocks[x].kind == BlockKind::ListItem {
                    if let Some(u) = current.take() {
                        units.push(InsatsUnit {
                            blocks: u,
                            context: vec![],
                        });
                    }
                    current = Some(vec![x]);
                } else if let Some(u) = current.as_mut() {
                    u.push(x);
                }
            }
            if let Some(u) = current {
                units.push(InsatsUnit {
                    blocks: u,
                    context: vec![],
                });
            }
        } else if !direct.is_empty() {
            units.push(InsatsUnit {
                blocks: direct.clone(),
                context: vec![],
            });
        }
        for x in direct {
            used[x] = true;
        }
    }
    units.sort_by_key(|u| u.blocks[0]);
    units
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::rules::RulePack;

    fn units(src: &str) -> Vec<Vec<String>> {
        let pack = RulePack::embedded().expect("pack");
        let (doc, _) = Document::parse(src, Format::Markdown);
        find(&doc, &pack.insats)
            .into_iter()
            .map(|u| {
                u.blocks
                    .iter()
                    .map(|&b| doc.blocks[b].text.clone())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn labelled_insatser_take_their_follow_up_paragraph() {
        let src = "## Matematik\n\n**Insats.** Alla lärare inför problemlösning.\n\n**Förväntat resultat och uppföljning.** Följs upp i juni.\n\n## Läsning\n\nInsats: läsgrupper varje vecka.\n";
        assert_eq!(
            units(src),
            vec![
                vec![
                    "Insats. Alla lärare inför problemlösning.".to_string(),
                    "Förväntat resultat och uppföljning. Följs upp i juni.".to_string()
                ],
                vec!["Insats: läsgrupper varje vecka.".to_string()],
            ]
        );
    }

    #[test]
    fn table_rows_and_listed_insatser() {
        let table = "## Insatser\n\n| Resultat | Insats | Uppföljning |\n|---|---|---|\n| 70 % | Läsgrupper | Maj |\n| 60 % | Mattestuga | Juni |\n\n*Anna Berg, rektor*\n";
        assert_eq!(
            units(table),
            vec![
                vec!["70 %", "Läsgrupper", "Maj"],
                vec!["60 %", "Mattestuga", "Juni"]
            ]
        );
        let list = "## Insatser 2025\n\n- Gemensam lektionsstart i alla klassrum från hösten.\n- Studiestöd i matematik två eftermiddagar i veckan.\n";
        assert_eq!(units(list).len(), 2);
    }

    #[test]
    fn measures_against_brister_are_not_insatser() {
        let src = "## Brister och åtgärder\n\n1. **Tillsyn.** Åtgärd: rutinen för särskilt stöd ses över.\n";
        assert!(units(src).is_empty());
    }
}
