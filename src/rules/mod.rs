//! The rule pack: loading `rules/*.toml`, validating each file against the JSON Schema, and
//! compiling its patterns. A broken rule file is an error that points at the line and key.

mod error;
mod model;
pub(crate) mod spans;
mod words;

pub use error::{RuleError, RuleErrorKind};
pub use model::*;
pub use words::Words;

use regex::Regex;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::LazyLock;

/// The requirement keys of the catalogue (`../shared/requirements.md`).
pub const REQUIREMENTS: [&str; 22] = [
    "planering",
    "uppfoljning",
    "analys-orsaker",
    "insatser",
    "delaktighet-personal",
    "delaktighet-elever",
    "delaktighet-vardnadshavare",
    "nationella-mal",
    "dokumentation",
    "atgarder-brister",
    "klagomalsrutin",
    "klagomal-hantering",
    "klagomal-enhet",
    "rektor-ansvar",
    "ansvarsfordelning",
    "arshjul",
    "utvecklingsomraden",
    "samband",
    "insats-uppfoljning",
    "vetenskaplig-grund",
    "resursfordelning",
    "forutsattningar",
];

/// The report skeleton's file in `rules/`; not a rule.
pub const TEMPLATE_FILE: &str = "template.toml";

/// The file of the pack that holds the profile cues.
pub const PROFILE_FILE: &str = "profile.toml";

/// The text of one built-in file of `rules/` ("" if there is none).
fn embedded_file(name: &str) -> &'static str {
    EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
        .unwrap_or("")
}

/// The text of the built-in `rules/profile.toml`.
pub fn embedded_profile() -> &'static str {
    embedded_file(PROFILE_FILE)
}

/// The embedded skeleton's text.
pub fn embedded_template() -> &'static str {
    embedded_file(TEMPLATE_FILE)
}

/// The schema every rule file is validated against.
pub const RULE_SCHEMA: &str = include_str!("../../rules/rule.schema.json");

static EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

static TERM_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{([a-zåäö_][a-zåäö0-9_]*)\}").expect("valid regex"));

/// A signal with its patterns compiled.
#[derive(Debug)]
pub struct CompiledSignal {
    /// Indexes into [`RulePack::groups`].
    pub groups: Vec<usize>,
    pub min: usize,
    pub window: Window,
    pub tense: Tense,
    pub within: Vec<Regex>,
    pub not_within: Vec<Regex>,
    /// Indexes into [`RulePack::groups`] of which none may match.
    pub none: Vec<usize>,
    pub headings: bool,
    pub insatser: bool,
    pub linked: bool,
}

#[derive(Debug)]
pub struct CompiledEach {
    pub groups: Vec<usize>,
    pub label: String,
}

/// A rule ready to run.
#[derive(Debug)]
pub struct Rule {
    pub def: RuleDef,
    pub anchors: Vec<Regex>,
    /// The group (in [`RulePack::groups`]) of the rule's admitted-gap patterns.
    pub gaps: Option<usize>,
    pub signals: Vec<CompiledSignal>,
    pub each_insats: Option<CompiledEach>,
    /// Which file the rule came from, for messages.
    pub origin: String,
}

impl Rule {
    pub fn applies_to(&self, profile: &crate::profile::Profile) -> bool {
        let a = &self.def.applies;
        let forms = &profile.school_forms.value;
        (a.levels.is_empty() || a.levels.contains(&profile.level.value))
            && (a.kinds.is_empty() || a.kinds.contains(&profile.kind.value))
            && (a.school_forms.is_empty() || forms.iter().any(|f| a.school_forms.contains(f)))
            && (a.except_school_forms.is_empty()
                || forms.iter().any(|f| !a.except_school_forms.contains(f)))
    }
}

#[derive(Debug)]
pub struct CompiledPrinciples {
    pub quote_headings: Regex,
    pub law_citation: Regex,
    pub plan_markers: Regex,
    pub done_markers: Regex,
    pub negation: Words,
}

#[derive(Debug)]
pub struct CompiledInsats {
    pub labels: Regex,
    pub headings: Regex,
    pub columns: Regex,
    pub exclude_headings: Regex,
}

/// All rules, with the term groups they share compiled once.
#[derive(Debug)]
pub struct RulePack {
    pub rules: Vec<Rule>,
    /// Distinct term groups; signals refer to them by index so a document scans each once.
    pub groups: Vec<Words>,
    pub principles: CompiledPrinciples,
    pub insats: CompiledInsats,
    /// How the kind of a document is told (`rules/profile.toml`).
    pub profile: crate::profile::ProfileCues,
}

/// One rule file's text and name.
pub struct Source<'a> {
    pub name: String,
    pub text: std::borrow::Cow<'a, str>,
    pub kind: FileKind,
}

/// What a TOML file is, for the words and the schema its errors name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Rules,
    Config,
}

impl FileKind {
    pub fn what(self) -> &'static str {
        match self {
            FileKind::Rules => "regelfilen",
            FileKind::Config => "konfigurationen",
        }
    }

    pub fn schema(self) -> &'static str {
        match self {
            FileKind::Rules => "rules/rule.schema.json",
            FileKind::Config => "docs/config.schema.json",
        }
    }

    pub fn help(self) -> &'static str {
        match self {
            FileKind::Rules => {
                "Jämför med en av de inbyggda reglerna i rules/ och med rules/rule.schema.json."
            }
            FileKind::Config => {
                "Jämför med den kommenterade konfiguration som `skalint init` skriver."
            }
        }
    }
}

impl RulePack {
    /// The pack built into the binary.
    pub fn embedded() -> Result<RulePack, RuleError> {
        let sources = EMBEDDED
            .iter()
            .map(|(name, text)| Source {
                name: format!("rules/{name}"),
                text: (*text).into(),
                kind: FileKind::Rules,
            })
            .collect();
        RulePack::from_sources(sources)
    }

    /// The built-in pack plus every `*.toml` in `dirs` (a `vocabulary.toml` there adds terms).
    pub fn with_dirs(dirs: &[impl AsRef<Path>]) -> Result<RulePack, RuleError> {
        let mut sources: Vec<Source> = EMBEDDED
            .iter()
            .map(|(name, text)| Source {
                name: format!("rules/{name}"),
                text: (*text).into(),
                kind: FileKind::Rules,
            })
            .collect();
        for dir in dirs {
            let dir = dir.as_ref();
            let entries = std::fs::read_dir(dir).map_err(|e| RuleError::io(dir, e))?;
            let mut paths: Vec<_> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path).map_err(|e| RuleError::io(&path, e))?;
                sources.push(Source {
                    name: path.display().to_string(),
                    text: text.into(),
                    kind: FileKind::Rules,
                });
            }
        }
        RulePack::from_sources(sources)
    }

    pub fn from_sources(sources: Vec<Source>) -> Result<RulePack, RuleError> {
        let schema: serde_json::Value = serde_json::from_str(RULE_SCHEMA)
            .map_err(|e| RuleError::internal(format!("rule schema: {e}")))?;
        let validator = jsonschema::validator_for(&schema)
            .map_err(|e| RuleError::internal(format!("rule schema: {e}")))?;

        let mut vocab = Vocabulary::default();
        let mut defs: Vec<(RuleDef, &Source)> = Vec::new();
        let mut profile = None;
        for src in &sources {
            let file_name = Path::new(&src.name).file_name();
            // The report skeleton lives beside the rules it is built from; see `template`.
            if file_name.is_some_and(|n| n == TEMPLATE_FILE) {
                continue;
            }
            // The profile cues; a later folder's file replaces the built-in one.
            if file_name.is_some_and(|n| n == PROFILE_FILE) {
                let file: crate::profile::ProfileFile = spans::parse_typed(src)?;
                let cues = crate::profile::ProfileCues::compile(file).map_err(|(path, e)| {
                    let path: Vec<&str> = path.iter().map(String::as_str).collect();
                    RuleError::at_key(src, &path, e)
                })?;
                profile = Some(cues);
                continue;
            }
            let is_vocab = file_name.is_some_and(|n| n == "vocabulary.toml");
            if is_vocab {
                let v: Vocabulary = spans::parse_typed(src)?;
                vocab.terms.extend(v.terms);
                if v.principles.is_some() {
                    vocab.principles = v.principles;
                }
                if v.insatser.is_some() {
                    vocab.insatser = v.insatser;
                }
            } else {
                spans::validate(src, &validator)?;
                defs.push((spans::parse_typed(src)?, src));
            }
        }

        let mut compiler = Compiler {
            terms: &vocab.terms,
            groups: Vec::new(),
            index: HashMap::new(),
        };
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let mut rules = Vec::new();
        for (def, src) in defs {
            if let Some(first) = seen.insert(def.id.clone(), src.name.clone()) {
                return Err(RuleError::at_key(
                    src,
                    &["id"],
                    format!("regel-id {} finns redan i {first}", def.id),
                ));
            }
            if !REQUIREMENTS.contains(&def.requirement.as_str())
                && !def.requirement.starts_with("lokal-")
            {
                return Err(RuleError::at_key(
                    src,
                    &["requirement"],
                    format!(
                        "kravnyckeln «{}» finns inte i kravkatalogen; använd en av {} eller ett eget krav som börjar med lokal-",
                        def.requirement,
                        REQUIREMENTS.join(", ")
                    ),
                ));
            }
            rules.push(compiler.rule(def, src)?);
        }
        order_by_requires(&mut rules);

        let vocab_src = sources
            .iter()
            .find(|s| s.name.ends_with("vocabulary.toml"))
            .ok_or_else(|| RuleError::internal("rules/vocabulary.toml saknas".into()))?;
        let p = vocab.principles.as_ref().ok_or_else(|| {
            RuleError::at_key(vocab_src, &[], "vocabulary.toml saknar [principles]".into())
        })?;
        let i = vocab.insatser.as_ref().ok_or_else(|| {
            RuleError::at_key(vocab_src, &[], "vocabulary.toml saknar [insatser]".into())
        })?;
        let mut principle = |patterns: &[String], key: &str| {
            compiler.one(patterns, vocab_src, &["principles", key])
        };
        let principles = CompiledPrinciples {
            quote_headings: principle(&p.quote_headings, "quote_headings")?,
            law_citation: principle(&p.law_citation, "law_citation")?,
            plan_markers: principle(&p.plan_markers, "plan_markers")?,
            done_markers: principle(&p.done_markers, "done_markers")?,
            negation: {
                let path = ["principles", "negation"];
                let pattern = compiler.expand_all(&p.negation, vocab_src, &path)?;
                Words::new(&pattern).map_err(|e| RuleError::at_key(vocab_src, &path, e))?
            },
        };
        let insats = CompiledInsats {
            labels: compiler.one(&i.labels, vocab_src, &["insatser", "labels"])?,
            headings: compiler.one(&i.headings, vocab_src, &["insatser", "headings"])?,
            columns: compiler.one(&i.columns, vocab_src, &["insatser", "columns"])?,
            exclude_headings: compiler.one(
                &i.exclude_headings,
                vocab_src,
                &["insatser", "exclude_headings"],
            )?,
        };
        let profile =
            profile.ok_or_else(|| RuleError::internal(format!("rules/{PROFILE_FILE} saknas")))?;
        Ok(RulePack {
            rules,
            groups: compiler.groups,
            principles,
            insats,
            profile,
        })
    }

    pub fn find(&self, id_or_key: &str) -> Vec<&Rule> {
        let q = id_or_key.trim();
        self.rules
            .iter()
            .filter(|r| {
                r.def.id.eq_ignore_ascii_case(q) || r.def.requirement == q || r.def.name == q
            })
            .collect()
    }
}

/// Rules whose `requires` name another requirement run after the rules for it.
fn order_by_requires(rules: &mut [Rule]) {
    rules.sort_by(|a, b| a.def.id.cmp(&b.def.id));
    rules.sort_by_key(|r| !r.def.requires.is_empty());
}

struct Compiler<'v> {
    terms: &'v BTreeMap<String, String>,
    groups: Vec<Words>,
    index: HashMap<String, usize>,
}

impl Compiler<'_> {
    fn rule(&mut self, def: RuleDef, src: &Source) -> Result<Rule, RuleError> {
        let anchors = self.each_one(&def.anchor, src, &["anchor"])?;
        let gaps = match def.gaps.is_empty() {
            true => None,
            false => Some(self.group(&def.gaps, src, &["gaps"])?),
        };
        let mut signals = Vec::new();
        for (i, s) in def.evidence.iter().enumerate() {
            let si = i.to_string();
            let groups = self.each_group(&s.all, src, &["evidence", &si, "all"])?;
            let within = self.each_one(&s.within, src, &["evidence", &si, "within"])?;
            let not_within = self.each_one(&s.not_within, src, &["evidence", &si, "not_within"])?;
            let none = self.each_group(&s.none, src, &["evidence", &si, "none"])?;
            signals.push(CompiledSignal {
                groups,
                none,
                headings: s.headings,
                linked: s.linked,
                min: s.min.max(1),
                window: s.window,
                tense: s.tense,
                within,
                not_within,
                insatser: s.insatser,
            });
        }
        let each_insats = match &def.each_insats {
            Some(e) => Some(CompiledEach {
                groups: self.each_group(&e.all, src, &["each_insats", "all"])?,
                label: e.label.clone(),
            }),
            None => None,
        };
        Ok(Rule {
            def,
            anchors,
            gaps,
            signals,
            each_insats,
            origin: src.name.clone(),
        })
    }

    /// Compiles each pattern of a list on its own (headings to look for, in order).
    fn each_one(
        &mut self,
        patterns: &[String],
        src: &Source,
        path: &[&str],
    ) -> Result<Vec<Regex>, RuleError> {
        self.each(patterns, path, |c, p, sub| {
            c.one(std::slice::from_ref(p), src, sub)
        })
    }

    /// Compiles a list of term groups into the shared table.
    fn each_group(
        &mut self,
        groups: &[Vec<String>],
        src: &Source,
        path: &[&str],
    ) -> Result<Vec<usize>, RuleError> {
        self.each(groups, path, |c, g, sub| c.group(g, src, sub))
    }

    /// Compiles every item of a list, each with its own key path (for error locations).
    fn each<I, T>(
        &mut self,
        items: &[I],
        path: &[&str],
        mut compile: impl FnMut(&mut Self, &I, &[&str]) -> Result<T, RuleError>,
    ) -> Result<Vec<T>, RuleError> {
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let idx = i.to_string();
            let sub: Vec<&str> = path.iter().copied().chain([idx.as_str()]).collect();
            out.push(compile(self, item, &sub)?);
        }
        Ok(out)
    }

    /// Compiles a group into the shared table and returns its index.
    fn group(
        &mut self,
        patterns: &[String],
        src: &Source,
        path: &[&str],
    ) -> Result<usize, RuleError> {
        let pattern = self.expand_all(patterns, src, path)?;
        if let Some(&i) = self.index.get(&pattern) {
            return Ok(i);
        }
        let re = Words::new(&pattern).map_err(|e| RuleError::at_key(src, path, e))?;
        self.groups.push(re);
        self.index.insert(pattern, self.groups.len() - 1);
        Ok(self.groups.len() - 1)
    }

    /// Compiles patterns that match anywhere (headings, principles), not only whole words.
    fn one(
        &mut self,
        patterns: &[String],
        src: &Source,
        path: &[&str],
    ) -> Result<Regex, RuleError> {
        let pattern = self.expand_all(patterns, src, path)?;
        build_raw(&pattern).map_err(|e| RuleError::at_key(src, path, e))
    }

    fn expand_all(
        &self,
        patterns: &[String],
        src: &Source,
        path: &[&str],
    ) -> Result<String, RuleError> {
        let mut alts = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let mut sub: Vec<&str> = path.to_vec();
            let idx = i.to_string();
            if patterns.len() > 1 {
                sub.push(&idx);
            }
            let expanded = expand(p, self.terms, 0).map_err(|e| RuleError::at_key(src, &sub, e))?;
            // Check each pattern alone so an error points at the right string.
            build_raw(&expanded).map_err(|e| RuleError::at_key(src, &sub, e))?;
            alts.push(expanded);
        }
        Ok(alts.join("|"))
    }
}

/// Replaces `{term}` with the vocabulary's pattern for it.
fn expand(pattern: &str, terms: &BTreeMap<String, String>, depth: usize) -> Result<String, String> {
    if depth > 8 {
        return Err("termerna hänvisar till varandra i en slinga".into());
    }
    let mut err = None;
    let out = TERM_REF.replace_all(pattern, |c: &regex::Captures| match terms.get(&c[1]) {
        Some(t) => match expand(t, terms, depth + 1) {
            Ok(e) => format!("(?:{e})"),
            Err(e) => {
                err = Some(e);
                String::new()
            }
        },
        None => {
            err = Some(format!(
                "okänd term {{{}}}: den finns inte i vocabulary.toml",
                &c[1]
            ));
            String::new()
        }
    });
    match err {
        Some(e) => Err(e),
        None => Ok(out.into_owned()),
    }
}

/// Patterns for headings and principles match anywhere, case-insensitively (Å Ä Ö included);
/// rule evidence goes through [`Words`] instead.
fn build_raw(pattern: &str) -> Result<Regex, String> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(1 << 24)
        .build()
        .map_err(|e| format!("ogiltigt mönster: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_expand_and_match_inflections_case_insensitively() {
        let mut terms = BTreeMap::new();
        terms.insert(
            "elev".to_string(),
            "elev(?:en|ens|er|erna|ernas|s)?".to_string(),
        );
        let re = Words::new(&expand("{elev}", &terms, 0).unwrap()).unwrap();
        for w in ["elev", "Elever", "ELEVERNA", "elevernas", "Elevens"] {
            assert!(re.is_match(w), "{w}");
        }
        assert!(!re.is_match("elevhälsan"));
        let re = Words::new("åtgärd\\w*").unwrap();
        assert!(re.is_match("Åtgärder"));
    }

    #[test]
    fn unknown_term_is_an_error() {
        assert!(expand("{finns_inte}", &BTreeMap::new(), 0).is_err());
    }

    #[test]
    fn embedded_pack_loads() {
        let pack = RulePack::embedded().expect("embedded pack is valid");
        assert!(pack.rules.len() >= 22);
    }

    #[test]
    fn a_profile_toml_in_a_rule_folder_replaces_the_built_in_cues() {
        let dir = tempfile::tempdir().unwrap();
        let own = "[[kind.title]]\nkind = \"plan\"\npatterns = ['årsplan\\w*']\n";
        std::fs::write(dir.path().join(PROFILE_FILE), own).unwrap();
        let pack = RulePack::with_dirs(&[dir.path()]).unwrap();
        assert_eq!(pack.profile.title.len(), 1);
        assert!(pack.profile.topic.is_empty());
        let broken = "[[kind.title]]\nkind = \"plan\"\npatterns = ['årsplan(']\n";
        std::fs::write(dir.path().join(PROFILE_FILE), broken).unwrap();
        let err = RulePack::with_dirs(&[dir.path()]).unwrap_err();
        assert!(err.to_string().contains("ogiltigt mönster"), "{err}");
        let unknown = "[[kind.title]]\nkind = \"protokoll\"\npatterns = ['x']\n";
        std::fs::write(dir.path().join(PROFILE_FILE), unknown).unwrap();
        assert!(RulePack::with_dirs(&[dir.path()]).is_err());
    }
}
