//! Per-document facts the rules share: which sentences may count as evidence, which are plans,
//! where each term group matches, and the document's insatser. Each is computed once.

use super::insats::{self, InsatsUnit};
use crate::document::{BlockKind, Document};
use crate::rules::{Rule, RulePack};
use regex::Regex;
use std::ops::Range;

/// Where one term group matches, filled in block by block as rules ask.
struct GroupCache {
    /// Per sentence.
    hits: Vec<bool>,
    /// Per block: scanned yet.
    scanned: Vec<bool>,
    complete: bool,
}

pub(super) struct Facts<'a> {
    pub doc: &'a Document,
    pub pack: &'a RulePack,
    /// Per sentence: may count as evidence (not a heading, not quoted law, not a TOC line).
    evidence: Vec<bool>,
    /// Per sentence: a plan rather than a report of what was done.
    plan: Vec<bool>,
    /// Per block: the range of its sentences in `doc.sentences`.
    block_sentences: Vec<Range<usize>>,
    groups: Vec<Option<GroupCache>>,
    insatser: Option<Vec<InsatsUnit>>,
    /// Per block: its heading path, top down.
    paths: Vec<Vec<usize>>,
    /// Per sentence: contains a negation; computed when a rule with gaps first asks.
    negated: Option<Vec<bool>>,
}

impl<'a> Facts<'a> {
    pub fn new(doc: &'a Document, pack: &'a RulePack) -> Facts<'a> {
        let p = &pack.principles;
        let paths: Vec<Vec<usize>> = (0..doc.blocks.len()).map(|b| doc.heading_path(b)).collect();
        let quote_heading: Vec<bool> = doc
            .blocks
            .iter()
            .map(|b| b.is_heading() && p.quote_headings.is_match(&b.text))
            .collect();
        let quoted_block: Vec<bool> = (0..doc.blocks.len())
            .map(|b| {
                let block = &doc.blocks[b];
                block.quoted
                    || matches!(block.kind, BlockKind::Heading(_) | BlockKind::TocEntry)
                    || paths[b].iter().any(|&h| h != b && quote_heading[h])
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
            groups: (0..pack.groups.len()).map(|_| None).collect(),
            insatser: None,
            paths,
            negated: None,
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

    /// Whether term group `g` matches in sentence `si`; scans the sentence's block for `g`
    /// the first time it is asked, so a rule that finds its evidence early reads no further.
    pub fn hit(&mut self, g: usize, si: usize) -> bool {
        let block = self.doc.sentences[si].block;
        self.scan(g, block);
        self.groups[g].as_ref().is_some_and(|c| c.hits[si])
    }

    /// Per sentence: whether term group `g` matches in it.
    pub fn group_hits(&mut self, g: usize) -> &[bool] {
        if !self.groups[g].as_ref().is_some_and(|c| c.complete) {
            for b in 0..self.doc.blocks.len() {
                self.scan(g, b);
            }
            if let Some(c) = self.groups[g].as_mut() {
                c.complete = true;
            }
        }
        self.groups[g].as_ref().map_or(&[], |c| &c.hits)
    }

    fn scan(&mut self, g: usize, b: usize) {
        let cache = self.groups[g].get_or_insert_with(|| GroupCache {
            hits: vec![false; self.doc.sentences.len()],
            scanned: vec![false; self.doc.blocks.len()],
            complete: false,
        });
        if cache.scanned[b] {
            return;
        }
        cache.scanned[b] = true;
        let range = self.block_sentences[b].clone();
        if range.start == range.end {
            return;
        }
        let text = &self.doc.blocks[b].text;
        let sentences = &self.doc.sentences[range.clone()];
        let re = &self.pack.groups[g];
        // One match per sentence is enough: after a hit, go on at the next sentence.
        let mut at = 0;
        while let Some((start, end)) = re.find_at(text, at) {
            let k = sentences.partition_point(|s| s.range.end <= start);
            let Some(sentence) = sentences.get(k) else {
                break;
            };
            cache.hits[range.start + k] = true;
            at = end.max(sentence.range.end);
        }
    }

    /// Per block: whether it stands under a heading that matches any of `patterns`.
    pub fn under_headings(&self, patterns: &[Regex]) -> Vec<bool> {
        let matching: Vec<bool> = self
            .doc
            .blocks
            .iter()
            .map(|b| b.is_heading() && patterns.iter().any(|p| p.is_match(&b.text)))
            .collect();
        self.paths
            .iter()
            .map(|path| path.iter().any(|&h| matching[h]))
            .collect()
    }

    /// Cells of one table row share a window; other blocks are windows of their own.
    pub fn row_key(&self, block: usize) -> (usize, usize) {
        match self.doc.blocks[block].kind {
            BlockKind::TableCell { table, row, .. } => (2, ((table as usize) << 32) | row as usize),
            _ => (1, block),
        }
    }

    /// Sentences in which the document admits that the rule's part is missing. Only negated
    /// sentences can: they are found once, and the rule's gap patterns tried on them alone.
    pub fn gap_sentences(&mut self, rule: &Rule) -> Vec<usize> {
        let Some(g) = rule.gaps else {
            return Vec::new();
        };
        let doc = self.doc;
        let negated = self.negated.get_or_insert_with(|| {
            let neg = &self.pack.principles.negation;
            doc.sentences
                .iter()
                .map(|s| neg.is_match(doc.sentence_text(s)))
                .collect()
        });
        let gap = &self.pack.groups[g];
        (0..doc.sentences.len())
            .filter(|&s| negated[s] && self.evidence[s])
            .filter(|&s| gap.is_match(doc.sentence_text(&doc.sentences[s])))
            .collect()
    }

    /// Where a missing part was expected: the first heading matching the rule's anchors in
    /// order of preference, else the title, else the start of the document.
    pub fn anchor(&self, rule: &Rule) -> (Range<usize>, Option<usize>) {
        let headings: Vec<usize> = (0..self.doc.blocks.len())
            .filter(|&b| self.doc.blocks[b].is_heading() && !self.doc.blocks[b].quoted)
            .collect();
        // The first pattern that matches a heading decides; among the headings it matches, the
        // one that also matches most of the other patterns wins ("Barnens delaktighet" over
        // "Personalens delaktighet" for the children's part), the earliest on a tie.
        for (i, pattern) in rule.anchors.iter().enumerate() {
            let score = |h: usize| {
                let text = &self.doc.blocks[h].text;
                rule.anchors
                    .iter()
                    .enumerate()
                    .filter(|&(j, p)| j != i && p.is_match(text))
                    .count()
            };
            let best = headings
                .iter()
                .copied()
                .filter(|&h| pattern.is_match(&self.doc.blocks[h].text))
                .fold(None::<(usize, usize)>, |best, h| {
                    let s = score(h);
                    match best {
                        Some((_, bs)) if bs >= s => best,
                        _ => Some((h, s)),
                    }
                });
            if let Some((h, _)) = best {
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
