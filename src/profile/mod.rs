//! What kind of document this is: its level, document kind and school forms.
//!
//! Which demands apply depends on all three, so skalint never guesses them silently: each is
//! decided by a flag, the front matter, or the text, and the decision carries its reason.

mod cues;
mod detect;

pub use cues::{ProfileCues, ProfileFile};
pub use detect::{detect, detect_with, front_matter_problems};

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Enhet,
    Huvudman,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Rapport,
    Plan,
    Klagomalsrutin,
}

/// The school forms (skolformer) of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SchoolForm {
    Forskola,
    Forskoleklass,
    Fritidshem,
    Grundskola,
    AnpassadGrundskola,
    Specialskola,
    Sameskola,
    Gymnasieskola,
    AnpassadGymnasieskola,
    Komvux,
}

impl SchoolForm {
    pub const ALL: [SchoolForm; 10] = [
        SchoolForm::Forskola,
        SchoolForm::Forskoleklass,
        SchoolForm::Fritidshem,
        SchoolForm::Grundskola,
        SchoolForm::AnpassadGrundskola,
        SchoolForm::Specialskola,
        SchoolForm::Sameskola,
        SchoolForm::Gymnasieskola,
        SchoolForm::AnpassadGymnasieskola,
        SchoolForm::Komvux,
    ];

    /// The catalogue's name.
    pub fn name(self) -> &'static str {
        match self {
            SchoolForm::Forskola => "förskola",
            SchoolForm::Forskoleklass => "förskoleklass",
            SchoolForm::Fritidshem => "fritidshem",
            SchoolForm::Grundskola => "grundskola",
            SchoolForm::AnpassadGrundskola => "anpassad grundskola",
            SchoolForm::Specialskola => "specialskola",
            SchoolForm::Sameskola => "sameskola",
            SchoolForm::Gymnasieskola => "gymnasieskola",
            SchoolForm::AnpassadGymnasieskola => "anpassad gymnasieskola",
            SchoolForm::Komvux => "komvux",
        }
    }

    /// Accepts the catalogue name and ASCII or hyphenated spellings ("forskola",
    /// "anpassad-grundskola"), in any case.
    pub fn parse(s: &str) -> Option<SchoolForm> {
        let key = fold_ascii(s);
        SchoolForm::ALL
            .into_iter()
            .find(|f| fold_ascii(f.name()) == key)
            .or(match key.as_str() {
                "grundsarskola" => Some(SchoolForm::AnpassadGrundskola),
                "gymnasiesarskola" => Some(SchoolForm::AnpassadGymnasieskola),
                "vuxenutbildning" | "kommunal vuxenutbildning" | "sfi" => Some(SchoolForm::Komvux),
                "fritids" => Some(SchoolForm::Fritidshem),
                _ => None,
            })
    }
}

/// Lower-cases, folds å/ä/ö to a/a/o and hyphens/underscores to spaces, for lenient matching.
fn fold_ascii(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            '-' | '_' => ' ',
            c => c,
        })
        .collect()
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match fold_ascii(s).as_str() {
            "enhet" | "skolenhet" | "forskoleenhet" | "unit" => Some(Level::Enhet),
            "huvudman" | "huvudmannaniva" | "organiser" => Some(Level::Huvudman),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Level::Enhet => "enhet",
            Level::Huvudman => "huvudman",
        }
    }
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match fold_ascii(s).as_str() {
            "rapport" | "kvalitetsrapport" | "report" => Some(Kind::Rapport),
            "plan" => Some(Kind::Plan),
            "klagomalsrutin" | "rutin" | "complaints" => Some(Kind::Klagomalsrutin),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Kind::Rapport => "rapport",
            Kind::Plan => "plan",
            Kind::Klagomalsrutin => "klagomalsrutin",
        }
    }
}

macro_rules! display_by_name {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    )*};
}
display_by_name!(Level, Kind, SchoolForm);

impl Serialize for SchoolForm {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for SchoolForm {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        SchoolForm::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("okänd skolform: {s}")))
    }
}

/// Where a decision about the document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// A command-line flag.
    Flag,
    /// The document's front matter.
    FrontMatter,
    /// The configuration file (`skalint.toml`).
    Config,
    /// Detected from the text.
    Text,
    /// Nothing decided it; a default was used.
    Default,
}

/// One decision with its reason, for the JSON report's `detected`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision<T> {
    pub value: T,
    pub source: Source,
    pub reason: String,
    /// Whether the text said it clearly; a decision by default or by a narrow margin is
    /// `osäker`, and the front ends ask the reader to confirm it.
    pub confidence: Confidence,
}

/// How sure a decision is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Confidence {
    #[serde(rename = "säker")]
    Sure,
    #[serde(rename = "osäker")]
    Unsure,
}

impl<T> Decision<T> {
    pub fn is_sure(&self) -> bool {
        self.confidence == Confidence::Sure
    }
}

/// The profile a document is checked under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub level: Decision<Level>,
    pub kind: Decision<Kind>,
    pub school_forms: Decision<Vec<SchoolForm>>,
}

impl Profile {
    /// A profile stated outright, as by flags (used for rule examples and tests).
    pub fn given(level: Level, kind: Kind, school_forms: Vec<SchoolForm>) -> Profile {
        fn d<T>(value: T) -> Decision<T> {
            Decision {
                value,
                source: Source::Flag,
                confidence: Confidence::Sure,
                reason: "angiven".into(),
            }
        }
        Profile {
            level: d(level),
            kind: d(kind),
            school_forms: d(school_forms),
        }
    }
}

/// What the user said explicitly (flags); each `None` is left to front matter or the text.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub level: Option<Level>,
    pub kind: Option<Kind>,
    pub school_forms: Vec<SchoolForm>,
    /// Defaults from `skalint.toml`: below the document's own front matter, above what the
    /// text suggests (the förvaltning knows its folders better than a word count does).
    pub defaults: Defaults,
}

/// A configuration's default profile.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    pub level: Option<Level>,
    pub kind: Option<Kind>,
    pub school_forms: Vec<SchoolForm>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn school_forms_accept_ascii_and_hyphens() {
        assert_eq!(SchoolForm::parse("forskola"), Some(SchoolForm::Forskola));
        assert_eq!(SchoolForm::parse("Förskola"), Some(SchoolForm::Forskola));
        assert_eq!(
            SchoolForm::parse("anpassad-grundskola"),
            Some(SchoolForm::AnpassadGrundskola)
        );
        assert_eq!(
            SchoolForm::parse("anpassad gymnasieskola"),
            Some(SchoolForm::AnpassadGymnasieskola)
        );
        assert_eq!(SchoolForm::parse("KOMVUX"), Some(SchoolForm::Komvux));
        assert_eq!(SchoolForm::parse("universitet"), None);
    }
}
