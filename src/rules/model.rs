//! The rule files' data, as written in `rules/*.toml` (see `rules/rule.schema.json`).

use crate::profile::{Kind, Level, SchoolForm};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    /// The Swedish word shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "varning",
            Severity::Error => "fel",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub text: String,
    pub url: String,
}

/// Where a rule applies. An empty list means "all".
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Applies {
    #[serde(default)]
    pub levels: Vec<Level>,
    #[serde(default)]
    pub school_forms: Vec<SchoolForm>,
    #[serde(default)]
    pub except_school_forms: Vec<SchoolForm>,
    #[serde(default)]
    pub kinds: Vec<Kind>,
}

/// The unit in which all term groups of a signal must occur together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Window {
    #[default]
    Sentence,
    Block,
    /// A table row, or the block itself outside tables.
    Row,
    /// The text under one heading (not its subsections).
    Section,
    /// A table row; text outside tables does not count.
    #[serde(rename = "table-row")]
    TableRow,
    /// The whole document: each group may match in a different place.
    Document,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tense {
    /// Plans count ("vi ska införa…"), as for goals and insatser.
    #[default]
    Any,
    /// Only what has been done counts: a plan is not a follow-up.
    Done,
}

/// One way the evidence for a rule can show. The rule is met when any signal is.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    /// Groups of patterns; a window counts when every group matches in it.
    #[serde(default)]
    pub all: Vec<Vec<String>>,
    /// How many distinct windows (or insatser) must match.
    #[serde(default = "one")]
    pub min: usize,
    #[serde(default)]
    pub window: Window,
    #[serde(default)]
    pub tense: Tense,
    /// Only text under a heading matching one of these counts.
    #[serde(default)]
    pub within: Vec<String>,
    /// Text under a heading matching one of these does not count.
    #[serde(default)]
    pub not_within: Vec<String>,
    /// Groups of patterns of which none may match in a counted window.
    #[serde(default)]
    pub none: Vec<Vec<String>>,
    /// Headings count as evidence too (for facts such as a period in the title).
    #[serde(default)]
    pub headings: bool,
    /// Count the document's insatser instead of windows.
    #[serde(default)]
    pub insatser: bool,
    /// With `insatser`: count only insatser that share key words with a sentence elsewhere
    /// that matches `all` (an insats that answers an analysed cause names what it is about).
    #[serde(default)]
    pub linked: bool,
}

fn one() -> usize {
    1
}

/// A check that every insats of the document shows something.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EachInsats {
    /// Groups of patterns; each insats must match every group.
    pub all: Vec<Vec<String>>,
    /// What the label on a failing insats says.
    pub label: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Example {
    Text(String),
    WithContext {
        text: String,
        #[serde(default)]
        level: Option<Level>,
        #[serde(default)]
        school_forms: Vec<SchoolForm>,
        #[serde(default)]
        kind: Option<Kind>,
    },
}

impl Example {
    pub fn text(&self) -> &str {
        match self {
            Example::Text(t) | Example::WithContext { text: t, .. } => t,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    pub good: Vec<Example>,
    pub bad: Vec<Example>,
}

/// One rule: one requirement of the catalogue, checked one way.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: String,
    pub name: String,
    pub requirement: String,
    pub severity: Severity,
    /// Short Swedish name of the part, e.g. "analys av orsaker".
    pub title: String,
    #[serde(default = "stable")]
    pub status: String,
    #[serde(default)]
    pub applies: Applies,
    pub citation: Citation,
    pub message: String,
    pub help: String,
    /// Longer Swedish text for `skalint explain`: why it matters, what meets it.
    pub explanation: String,
    /// Headings where the part is expected, in order of preference.
    #[serde(default)]
    pub anchor: Vec<String>,
    /// Requirement keys this part builds on: when one is missing, so is this.
    #[serde(default)]
    pub requires: Vec<String>,
    /// Sentences in which a document admits that the part is missing.
    #[serde(default)]
    pub gaps: Vec<String>,
    #[serde(default)]
    pub evidence: Vec<Signal>,
    #[serde(default)]
    pub each_insats: Option<EachInsats>,
    pub examples: Examples,
}

fn stable() -> String {
    "stable".into()
}

/// `rules/vocabulary.toml`: named terms shared by all rules, and the engine's principles.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    #[serde(default)]
    pub terms: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub principles: Option<Principles>,
    #[serde(default)]
    pub insatser: Option<InsatsSyntax>,
}

/// What is not evidence: the catalogue's principles, as patterns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principles {
    /// Headings whose text quotes law or advice ("Utdrag ur skollagen").
    pub quote_headings: Vec<String>,
    /// Sentences that cite or restate the law ("Enligt 4 kap. 4 § skollagen ska…").
    pub law_citation: Vec<String>,
    /// Sentences that plan rather than report ("vi ska genomföra", "kommer att").
    pub plan_markers: Vec<String>,
    /// Sentences that report what was done, which outweighs a plan marker.
    pub done_markers: Vec<String>,
    /// Negations. An admitted gap is a negated sentence, so gap patterns are only tried on
    /// sentences with one of these; each gap pattern must contain one.
    pub negation: Vec<String>,
}

/// How insatser are written, for per-insats checks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsatsSyntax {
    /// A label that opens an insats ("Insats:", "**Åtgärd.**").
    pub labels: Vec<String>,
    /// Headings of sections that list insatser.
    pub headings: Vec<String>,
    /// Table header cells of a column of insatser.
    pub columns: Vec<String>,
    /// Headings of sections whose åtgärder answer brister (4 kap. 7 §), not insatser.
    pub exclude_headings: Vec<String>,
}
