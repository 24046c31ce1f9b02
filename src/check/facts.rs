//! Per-document facts the rules share: which sentences may count as evidence, which are plans,
//! where each term group matches, and the document's insatser. Each is computed once.

use super::insats::{self, InsatsUnit};
use crate::document::{BlockKind, Document};
use crate::rules::{Rule, RulePack};
use regex::Regex;
use std::ops::Range;

pub(super) struct Facts<'a> {
    pub doc: &'a Document,
    pub pack: &'a RulePack,
    /// Per sentence: may count as evidence (not a heading, not quoted law, not a TOC line).
    evidence: Vec<bool>,
    /// Per sentence: a plan rather than a report of what was done.
    plan: Vec<bool>,
    /// Per block: the range of its sentences in `doc.sentences`.
    block_sentences: Vec<Range<usize>>,
    groups: Vec<Option<Vec<bool>>>,
    insatser: Option<Vec<InsatsUnit>>,
}

impl<'a> Facts<'a> {
    pub fn new(doc: &'a Document, pack: &'a RulePack) -> Facts<'a> {
        let p = &pack.principles;
        let quoted_block: Vec<bool> = (0..doc.blocks.len())
            .map(|b| {
                let block = &doc.blocks[b];
                block.quoted
                    || matches!(block.kind, BlockKind::Heading(_) | BlockKind::TocEntry)
                    || doc
                        .heading_path(b)
                        .iter()
                        .any(|&h| h != b && p.quote_headings.is_match(&doc.blocks[h].text))
            })
            .collect();
        let mut block_sentences = vec![0..0; doc.blocks.len()];
        let mut evidence = Vec::with_capacity(doc.sentences.len());
        let mut plan = Vec::with_capacity(doc.sentences.len());
        for (i, s) in doc.sentences.iter().enumerate() {
            let r = &mut block_sentences[s.block];
            if r.start == r.end {
                *r = i..i + 1;
            } else {
                r.end = i + 1;
            }
            let text = doc.sentence_text(s);
            evidence.push(!quoted_block[s.block] && !p.law_citation.is_match(text));
            plan.push(p.plan_markers.is_match(text) && !p.done_markers.is_match(text));
        }
        Facts {
            doc,
            pack,
            evidence,
            plan,
            block_sentences,
            groups: vec![None; pack.groups.len()],
            insatser: None,
        }
    }

    pub fn is_evidence(&self, sentence: usize) -> bool {
        self.evidence[sentence]
    }

    pub fn is_heading_sentence(&self, sentence: usize) -> bool {
        self.doc.blocks[self.doc.sentences[sentence].block].is_heading()
    }

    pub fn is_plan(&self, sentence: usize) -> bool {
        self.plan[sentence]
    }

    /// Per sentence: whether term group `g` matches in it.
    pub fn group_hits(&mut self, g: usize) -> &[bool] {
        if self.groups[g].is_none() {
            let re = &self.pack.groups[g];
            let mut hits = vec![false; self.doc.sentences.len()];
            for (b, block) in self.doc.blocks.iter().enumerate() {
                let range = self.block_sentences[b].clone();
                if range.is_empty() {
                    continue;
                }
                let sentences = &self.doc.sentences[range.clone()];
                for m in re.find_iter(&block.text) {
                    let k = sentences.partition_point(|s| s.range.end <= m.start());
                    if k < sentences.len() {
                        hits[range.start + k] = true;
                    }
                }
            }
            self.groups[g] = Some(hits);
        }
        self.groups[g].as_deref().unwrap_or_default()
    }

    /// Whether a block stands under a heading that matches any of `patterns`.
    pub fn under_heading(&self, block: usize, patterns: &[Regex]) -> bool {
        self.doc.heading_path(block).iter().any(|&h| {
            patterns
                .iter()
                .any(|p| p.is_match(&self.doc.blocks[h].text))
        })
    }

    /// Cells of one table row share a window; other blocks are windows of their own.
    pub fn row_key(&self, block: usize) -> (usize, usize) {
        match self.doc.blocks[block].kind {
            BlockKind::TableCell { table, row, .. } => (2, ((table as usize) << 32) | row as usize),
            _ => (1, block),
        }
    }

    /// Sentences in which the document admits that the rule's part is missing.
    pub fn gap_sentences(&self, rule: &Rule) -> Vec<usize> {
        if rule.gaps.is_empty() {
            return Vec::new();
        }
        (0..self.doc.sentences.len())
            .filter(|&s| self.evidence[s])
            .filter(|&s| {
                let text = self.doc.sentence_text(&self.doc.sentences[s]);
                rule.gaps.iter().any(|g| g.is_match(text))
            })
            .collect()
    }

    /// Where a missing part was expected: the first heading matching the rule's anchors in
    /// order of preference, else the title, else the start of the document.
    pub fn anchor(&self, rule: &Rule) -> (Range<usize>, Option<usize>) {
        let headings: Vec<usize> = (0..self.doc.blocks.len())
            .filter(|&b| self.doc.blocks[b].is_heading() && !self.doc.blocks[b].quoted)
            .collect();
        for pattern in &rule.anchors {
            if let Some(&h) = headings
                .iter()
                .find(|&&h| pattern.is_match(&self.doc.blocks[h].text))
            {
                return (self.doc.blocks[h].span.clone(), Some(h));
            }
        }
        match headings.first().or(if self.doc.blocks.is_empty() {
            None
        } else {
            Some(&0)
        }) {
            Some(&b) => (self.doc.blocks[b].span.clone(), Some(b)),
            None => (0..0, None),
        }
    }

    pub fn matches_first_anchor(&self, rule: &Rule, block: usize) -> bool {
        let b = &self.doc.blocks[block];
        b.is_heading() && rule.anchors.first().is_some_and(|a| a.is_match(&b.text))
    }

    pub fn insatser(&mut self) -> &[InsatsUnit] {
        if self.insatser.is_none() {
            self.insatser = Some(insats::find(self.doc, &self.pack.insats));
        }
        self.insatser.as_deref().unwrap_or_default()
    }

    /// The text of an insats, without quoted parts.
    pub fn unit_text(&self, unit: &InsatsUnit) -> String {
        let mut text = String::new();
        for &b in unit.context.iter().chain(&unit.blocks) {
            let block = &self.doc.blocks[b];
            if !block.quoted {
                text.push_str(&block.text);
                text.push('\n');
            }
        }
        text
    }
}
