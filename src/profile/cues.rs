//! The cues by which the kind of a document is told from its text, loaded from
//! `rules/profile.toml` (data, not code: the words are Swedish knowledge).

use super::Kind;
use crate::document::{BlockKind, Document};
use crate::rules::Words;
use serde::Deserialize;

/// `rules/profile.toml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileFile {
    pub kind: KindCuesFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindCuesFile {
    pub title: Vec<TitleCueFile>,
    #[serde(default)]
    pub topic: Vec<TopicCueFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleCueFile {
    pub kind: Kind,
    pub patterns: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicCueFile {
    pub kind: Kind,
    /// What the topic is, in Swedish, for the reason shown to the user.
    pub about: String,
    pub patterns: Vec<String>,
    pub share: f64,
    pub min_sentences: usize,
}

/// The compiled cues.
#[derive(Debug, Clone)]
pub struct ProfileCues {
    pub title: Vec<(Kind, Words)>,
    pub topic: Vec<TopicCue>,
}

#[derive(Debug, Clone)]
pub struct TopicCue {
    pub kind: Kind,
    pub about: String,
    pub words: Words,
    pub share: f64,
    pub min_sentences: usize,
}

/// A kind found in the title: the kind, and the words that said so, where they start.
pub struct TitleHit<'t> {
    pub kind: Kind,
    pub at: usize,
    pub text: &'t str,
}

/// A topic that the body is about: the kind, and how many of how many sentences mention it.
pub struct TopicHit<'c> {
    pub kind: Kind,
    pub about: &'c str,
    pub mentioned: usize,
    pub sentences: usize,
    /// Well past the cue's share (one and a half times), not just over it.
    pub clear: bool,
}

impl ProfileCues {
    /// Compiles the cues; an error names the cue (`kind.title[1].patterns[0]`) and why.
    pub fn compile(file: ProfileFile) -> Result<ProfileCues, (Vec<String>, String)> {
        // One pattern of a cue's alternatives; an error names `kind.<section>[i].patterns`.
        let alternation = |patterns: &[String], section: &str, i: usize| {
            let joined: Vec<String> = patterns.iter().map(|p| format!("(?:{p})")).collect();
            Words::new_for_tools(&joined.join("|")).map_err(|e| {
                let path = ["kind", section, &i.to_string(), "patterns"].map(String::from);
                (path.to_vec(), e)
            })
        };
        let mut title = Vec::new();
        for (i, c) in file.kind.title.iter().enumerate() {
            title.push((c.kind, alternation(&c.patterns, "title", i)?));
        }
        let mut topic = Vec::new();
        for (i, c) in file.kind.topic.iter().enumerate() {
            topic.push(TopicCue {
                kind: c.kind,
                about: c.about.clone(),
                words: alternation(&c.patterns, "topic", i)?,
                share: c.share,
                min_sentences: c.min_sentences,
            });
        }
        Ok(ProfileCues { title, topic })
    }

    /// The earliest kind named in `title`; at the same place, the cue listed first.
    pub fn in_title<'t>(&self, title: &'t str) -> Option<TitleHit<'t>> {
        self.title
            .iter()
            .filter_map(|(kind, w)| {
                w.find_at(title, 0).map(|(s, e)| TitleHit {
                    kind: *kind,
                    at: s,
                    text: title[s..e].trim_end_matches(|c: char| !c.is_alphanumeric()),
                })
            })
            .min_by_key(|h| h.at)
    }

    /// The first topic cue the body is about: the share of its sentences (of four words or
    /// more, outside headings, quotes and contents lines) that mention it. Sentences, not
    /// paragraphs, since text pasted from a web page or PDF can be one paragraph.
    pub fn topic(&self, doc: &Document) -> Option<TopicHit<'_>> {
        let body: Vec<&str> = doc
            .sentences
            .iter()
            .filter(|s| {
                let b = &doc.blocks[s.block];
                !b.is_heading() && !b.quoted && b.kind != BlockKind::TocEntry
            })
            .map(|s| &doc.blocks[s.block].text[s.range.clone()])
            .filter(|t| t.split_whitespace().count() >= 4)
            .collect();
        self.topic.iter().find_map(|c| {
            let mentioned = body.iter().filter(|t| c.words.is_match(t)).count();
            let enough =
                mentioned >= c.min_sentences && mentioned as f64 >= c.share * body.len() as f64;
            enough.then_some(TopicHit {
                kind: c.kind,
                about: &c.about,
                mentioned,
                sentences: body.len(),
                clear: mentioned as f64 >= 1.5 * c.share * body.len() as f64,
            })
        })
    }
}
