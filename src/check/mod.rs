//! The engine: applies the rule pack to a document and produces diagnostics.
//!
//! The catalogue's evidence principles live here, once, for every rule: quoted law is not
//! evidence, a heading alone is not evidence, a plan is not a follow-up, and an admitted gap is
//! a finding at that sentence. Rules only say which words show a part and where.

mod facts;
mod insats;

use crate::diagnostic::{Diagnostic, FindingKind, Label};
use crate::document::Document;
use crate::profile::Profile;
use crate::rules::{CompiledSignal, Rule, RulePack, Severity, Tense, Window};
use facts::Facts;
use std::collections::{HashMap, HashSet};

pub use insats::InsatsUnit;

/// How many admitted-gap sentences one rule reports at most.
const MAX_GAPS_PER_RULE: usize = 3;

/// What the caller switches off or re-levels.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Rule ids or requirement keys not to report.
    pub disabled: Vec<String>,
    /// Rule id or requirement key → the severity to report it at instead (a rule id wins over
    /// its key).
    pub severity: HashMap<String, Severity>,
}

/// What checking one document gives.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Findings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The requirement keys that were checked (their rules apply and are on), in pack order:
    /// a key that is here without a finding is present.
    pub requirements: Vec<String>,
}

/// Checks one document; findings come sorted by position.
pub fn check(
    doc: &Document,
    profile: &Profile,
    pack: &RulePack,
    options: &Options,
) -> Vec<Diagnostic> {
    run(doc, profile, pack, options).diagnostics
}

/// Checks one document and says which requirements were checked.
pub fn run(doc: &Document, profile: &Profile, pack: &RulePack, options: &Options) -> Outcome {
    let mut facts = Facts::new(doc, pack);
    let disabled: HashSet<&str> = options
        .disabled
        .iter()
        .chain(doc.front_matter.disable.iter())
        .map(String::as_str)
        .collect();
    let mut missing: Missing = HashMap::new();
    let mut evaluated: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    let mut requirements = Vec::new();

    for rule in &pack.rules {
        // A switched-off rule is not run at all, so no other rule builds on its verdict.
        let off = disabled.contains(rule.def.id.as_str())
            || disabled.contains(rule.def.requirement.as_str());
        if off || !rule.applies_to(profile) {
            continue;
        }
        let mut found = evaluate(rule, &mut facts, &missing, &evaluated);
        let relevel = options
            .severity
            .get(&rule.def.id)
            .or_else(|| options.severity.get(&rule.def.requirement));
        if let Some(&severity) = relevel {
            found.iter_mut().for_each(|d| d.severity = severity);
        }
        if evaluated.insert(rule.def.requirement.clone()) {
            requirements.push(rule.def.requirement.clone());
        }
        if let Some(d) = found.iter().find(|d| d.kind != FindingKind::Insats) {
            missing
                .entry(rule.def.requirement.clone())
                .or_insert_with(|| (d.span.clone(), d.title.clone()));
        }
        out.extend(found);
    }
    out.sort_by(|a, b| (a.span.start, &a.rule).cmp(&(b.span.start, &b.rule)));
    Outcome {
        diagnostics: out,
        requirements,
    }
}

/// Requirement key → where its finding points and the part's name.
type Missing = HashMap<String, (std::ops::Range<usize>, String)>;

/// Runs one rule alone, as its examples are tested.
pub fn check_rule(doc: &Document, pack: &RulePack, rule: &Rule) -> Vec<Diagnostic> {
    let mut facts = Facts::new(doc, pack);
    evaluate(rule, &mut facts, &HashMap::new(), &HashSet::new())
}

fn evaluate(
    rule: &Rule,
    facts: &mut Facts,
    missing: &Missing,
    evaluated: &HashSet<String>,
) -> Vec<Diagnostic> {
    let doc = facts.doc;
    let gap_sentences = facts.gap_sentences(rule);
    if !gap_sentences.is_empty() {
        return gap_sentences
            .into_iter()
            .take(MAX_GAPS_PER_RULE)
            .map(|s| {
                let sentence = &doc.sentences[s];
                let span = doc.sentence_span(sentence);
                diagnostic(
                    rule,
                    doc,
                    FindingKind::Admitted,
                    span,
                    Some(sentence.block),
                    "dokumentet säger här att delen saknas".into(),
                    vec![],
                )
            })
            .collect();
    }

    let unmet: Vec<&String> = rule
        .def
        .requires
        .iter()
        .filter(|k| evaluated.contains(*k) && missing.contains_key(*k))
        .collect();
    if !unmet.is_empty() {
        let (span, block) = facts.anchor(rule);
        let names = unmet
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        return vec![diagnostic(
            rule,
            doc,
            FindingKind::Dependent,
            span,
            block,
            format!(
                "{} saknas här: delen bygger på {names}, som också saknas",
                rule.def.title
            ),
            unmet
                .iter()
                .filter_map(|k| missing.get(*k))
                .map(|(span, title)| Label {
                    span: span.clone(),
                    message: format!("{title} saknas, se här"),
                })
                .collect(),
        )];
    }

    let mut out = Vec::new();
    if let Some(each) = &rule.each_insats {
        for unit in facts.insatser().to_vec() {
            let text = facts.unit_text(&unit);
            if !each
                .groups
                .iter()
                .all(|&g| facts.pack.groups[g].is_match(&text))
            {
                let first = unit.blocks[0];
                let b = &doc.blocks[first];
                let last = &doc.blocks[*unit.blocks.last().unwrap_or(&first)];
                out.push(diagnostic(
                    rule,
                    doc,
                    FindingKind::Insats,
                    b.span.start..last.span.end.max(b.span.start),
                    Some(first),
                    each.label.clone(),
                    vec![],
                ));
            }
        }
    }

    let met = rule.signals.is_empty() || rule.signals.iter().any(|s| signal_met(s, facts));
    if !met {
        let (span, block) = facts.anchor(rule);
        let primary = block.is_some_and(|b| facts.matches_first_anchor(rule, b));
        let label = if primary {
            format!("rubriken finns, men texten visar inte {}", rule.def.title)
        } else {
            format!("{} saknas här", rule.def.title)
        };
        out.insert(
            0,
            diagnostic(rule, doc, FindingKind::Missing, span, block, label, vec![]),
        );
    }
    out
}

fn signal_met(signal: &CompiledSignal, facts: &mut Facts) -> bool {
    if signal.insatser && signal.linked {
        return linked_insatser(signal, facts) >= signal.min;
    }
    if signal.insatser {
        let units = facts.insatser().to_vec();
        let count = units
            .iter()
            .filter(|u| {
                let text = facts.unit_text(u);
                signal
                    .groups
                    .iter()
                    .all(|&g| facts.pack.groups[g].is_match(&text))
            })
            .count();
        return count >= signal.min;
    }
    // Admitted gaps end a rule before its signals are looked at, so none are left here.
    let doc = facts.doc;
    let within = (!signal.within.is_empty()).then(|| facts.under_headings(&signal.within));
    let not_within =
        (!signal.not_within.is_empty()).then(|| facts.under_headings(&signal.not_within));
    // Windows are counted as sentences come; a window that a `none` group may still veto
    // later keeps the count open until the end.
    let early_exit = signal.none.is_empty() || signal.window == Window::Sentence;
    let mut windows: HashMap<(usize, usize), Vec<bool>> = HashMap::new();
    let mut vetoed: HashSet<(usize, usize)> = HashSet::new();
    let mut satisfied: HashSet<(usize, usize)> = HashSet::new();
    for (si, sentence) in doc.sentences.iter().enumerate() {
        let eligible = facts.is_evidence(si) || (signal.headings && facts.is_heading_sentence(si));
        if !eligible
            || (signal.tense == Tense::Done && facts.is_plan(si))
            || within.as_ref().is_some_and(|w| !w[sentence.block])
            || not_within.as_ref().is_some_and(|w| w[sentence.block])
        {
            continue;
        }
        let key = match signal.window {
            Window::Sentence => (0, si),
            Window::Block => (1, sentence.block),
            Window::Row => facts.row_key(sentence.block),
            Window::TableRow => match facts.row_key(sentence.block) {
                key @ (2, _) => key,
                _ => continue,
            },
            Window::Section => (3, doc.blocks[sentence.block].heading.unwrap_or(usize::MAX)),
            Window::Document => (4, 0),
        };
        if signal.window == Window::Sentence {
            // The common case, without bookkeeping: every group in this sentence, no veto.
            if signal.groups.iter().all(|&g| facts.hit(g, si))
                && !signal.none.iter().any(|&g| facts.hit(g, si))
            {
                satisfied.insert(key);
                if satisfied.len() >= signal.min {
                    return true;
                }
            }
            continue;
        }
        if signal.none.iter().any(|&g| facts.hit(g, si)) {
            vetoed.insert(key);
            satisfied.remove(&key);
            continue;
        }
        if vetoed.contains(&key) || satisfied.contains(&key) {
            continue;
        }
        let entry = windows
            .entry(key)
            .or_insert_with(|| vec![false; signal.groups.len()]);
        for (i, &g) in signal.groups.iter().enumerate() {
            if !entry[i] {
                entry[i] = facts.hit(g, si);
                // In a one-sentence window the first group that misses settles it.
                if !entry[i] && signal.window == Window::Sentence {
                    break;
                }
            }
        }
        if entry.iter().all(|&h| h) {
            satisfied.insert(key);
            if early_exit && satisfied.len() >= signal.min {
                return true;
            }
        }
    }
    satisfied.len() >= signal.min
}

/// Counts insatser that share at least two key words with an eligible sentence outside them
/// that matches the signal's groups (e.g. a sentence naming a cause).
fn linked_insatser(signal: &CompiledSignal, facts: &mut Facts) -> usize {
    let doc = facts.doc;
    let units = facts.insatser().to_vec();
    let group_hits: Vec<Vec<bool>> = signal
        .groups
        .iter()
        .map(|&g| facts.group_hits(g).to_vec())
        .collect();
    let sources: Vec<(usize, HashSet<String>)> = (0..doc.sentences.len())
        .filter(|&si| facts.is_evidence(si) && group_hits.iter().all(|h| h[si]))
        .map(|si| {
            (
                doc.sentences[si].block,
                key_words(doc.sentence_text(&doc.sentences[si])),
            )
        })
        .collect();
    units
        .iter()
        .filter(|u| {
            let words = key_words(&facts.unit_text(u));
            sources
                .iter()
                .filter(|(block, _)| !u.blocks.contains(block))
                .any(|(_, w)| w.intersection(&words).count() >= 2)
        })
        .count()
}

/// Lower-cased words of seven letters or more: long enough to name a topic, not a function word.
fn key_words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 7)
        .map(|w| w.to_lowercase())
        .collect()
}

fn diagnostic(
    rule: &Rule,
    doc: &Document,
    kind: FindingKind,
    span: std::ops::Range<usize>,
    block: Option<usize>,
    label: String,
    labels: Vec<Label>,
) -> Diagnostic {
    let heading = block
        .and_then(|b| doc.section_heading(b))
        .map(|h| doc.blocks[h].text.clone());
    Diagnostic {
        rule: rule.def.id.clone(),
        requirement: rule.def.requirement.clone(),
        severity: rule.def.severity,
        kind,
        title: rule.def.title.clone(),
        message: rule.def.message.clone(),
        help: rule.def.help.clone(),
        citation: rule.def.citation.clone(),
        span,
        heading,
        label,
        labels,
    }
}

/// Runs a rule's examples, as `cargo test` does for the built-in pack and as a kommun can for
/// its own rules: each bad example must make the rule report exactly one finding, each good
/// example none. Returns what went wrong, in English, for tests.
pub fn verify_examples(pack: &RulePack, rule: &Rule) -> Vec<String> {
    use crate::document::Format;
    let mut failures = Vec::new();
    for ex in &rule.def.examples.bad {
        if !rule.applies_to(&example_profile(rule, ex)) {
            failures.push(format!(
                "{}: the bad example's context is one the rule does not apply to: {:?}",
                rule.def.id,
                ex.text()
            ));
        }
        let (doc, _) = Document::parse(ex.text(), Format::Text);
        let found = check_rule(&doc, pack, rule);
        if found.len() != 1 || found[0].rule != rule.def.id {
            failures.push(format!(
                "{} bad example gave {} findings: {:?}",
                rule.def.id,
                found.len(),
                ex.text()
            ));
        }
    }
    for ex in &rule.def.examples.good {
        let (doc, _) = Document::parse(ex.text(), Format::Text);
        let found = check_rule(&doc, pack, rule);
        if let Some(d) = found.first() {
            failures.push(format!(
                "{} good example gave: {:?} ({:?})",
                rule.def.id,
                d.label,
                ex.text()
            ));
        }
    }
    failures
}

/// The profile an example runs under: its own context, else the first the rule applies to.
fn example_profile(rule: &Rule, example: &crate::rules::Example) -> Profile {
    use crate::profile::{Kind, Level, SchoolForm};
    use crate::rules::Example;
    let a = &rule.def.applies;
    let (level, forms, kind) = match example {
        Example::WithContext {
            level,
            school_forms,
            kind,
            ..
        } => (*level, school_forms.clone(), *kind),
        Example::Text(_) => (None, Vec::new(), None),
    };
    let level = level.or(a.levels.first().copied()).unwrap_or(Level::Enhet);
    let kind = kind.or(a.kinds.first().copied()).unwrap_or(Kind::Rapport);
    let forms = if forms.is_empty() {
        vec![
            a.school_forms
                .first()
                .copied()
                .unwrap_or(SchoolForm::Grundskola),
        ]
    } else {
        forms
    };
    Profile::given(level, kind, forms)
}
