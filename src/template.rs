//! Report skeletons (`skalint template`): every part the chosen document must have, as a
//! heading with a short guide under it, so a rektor starts from a structure that meets the law.
//! The sections are data (`rules/template.toml`); which are written follows the rules that
//! apply to the profile, so a new rule only needs a line there.

use crate::profile::{Kind, Level, Profile, SchoolForm};
use crate::rules::{RulePack, embedded_template};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skeleton {
    pub intro: String,
    #[serde(rename = "section")]
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub heading: String,
    /// Rule ids; the section is written when one of them applies.
    pub rules: Vec<String>,
    pub guide: String,
}

impl Skeleton {
    pub fn embedded() -> Skeleton {
        toml::from_str(embedded_template()).expect("rules/template.toml is valid (tested)")
    }

    /// The sections one of whose rules applies to `profile`.
    pub fn sections_for<'a>(&'a self, pack: &RulePack, profile: &Profile) -> Vec<&'a Section> {
        self.sections
            .iter()
            .filter(|s| {
                pack.rules
                    .iter()
                    .any(|r| s.rules.contains(&r.def.id) && r.applies_to(profile))
            })
            .collect()
    }
}

fn form_names(profile: &Profile) -> Vec<&'static str> {
    profile
        .school_forms
        .value
        .iter()
        .map(|f| f.name())
        .collect()
}

/// The title, naming level, kind and school forms so that the profile can be read from it.
pub fn title(profile: &Profile) -> String {
    let forms = form_names(profile);
    let what = match profile.kind.value {
        Kind::Rapport => "Kvalitetsrapport",
        Kind::Plan => "Verksamhetsplan",
        Kind::Klagomalsrutin => "Rutin för klagomål",
    };
    match profile.level.value {
        Level::Enhet => format!(
            "{what} för [enhetens namn], {}, läsåret [20xx/20xx]",
            forms.join(" och ")
        ),
        Level::Huvudman => format!(
            "{what}: huvudmannens systematiska kvalitetsarbete, {}, [20xx/20xx]",
            forms.join(" och ")
        ),
    }
}

/// The skeleton as Markdown, with front matter stating the profile.
pub fn markdown(skeleton: &Skeleton, pack: &RulePack, profile: &Profile) -> String {
    let forms = form_names(profile);
    let mut out = String::new();
    out.push_str("---\n");
    if profile.level.value == Level::Enhet {
        out.push_str("enhet: \"[enhetens namn]\"\n");
    }
    out.push_str(&format!("nivå: {}\n", profile.level.value.name()));
    out.push_str(&format!("skolformer: [{}]\n", forms.join(", ")));
    out.push_str(&format!("typ: {}\n", profile.kind.value.name()));
    out.push_str("---\n\n");
    out.push_str(&format!("# {}\n\n", title(profile)));
    out.push_str(&format!("> {}\n\n", skeleton.intro));
    for s in skeleton.sections_for(pack, profile) {
        out.push_str(&format!("## {}\n\n> {}\n\n", s.heading, s.guide));
    }
    out
}

/// The skeleton as a Word document: headings in Word's heading styles, guides in the Quote
/// style, as a rektor would find them in the kommun's own templates.
pub fn docx(
    skeleton: &Skeleton,
    pack: &RulePack,
    profile: &Profile,
) -> Result<Vec<u8>, std::io::Error> {
    let mut paragraphs = vec![
        (WordStyle::Title, title(profile)),
        (WordStyle::Quote, skeleton.intro.clone()),
    ];
    for s in skeleton.sections_for(pack, profile) {
        paragraphs.push((WordStyle::Heading(1), s.heading.clone()));
        paragraphs.push((WordStyle::Quote, s.guide.clone()));
    }
    word(paragraphs)
}

/// A paragraph style of the Word files skalint writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordStyle {
    Title,
    /// Heading 1–3.
    Heading(u8),
    Quote,
    Normal,
}

/// Writes paragraphs as a .docx with Word's built-in style names, which every Word version
/// (and skalint's reader) knows whatever the user interface language.
pub fn word(
    paragraphs: impl IntoIterator<Item = (WordStyle, String)>,
) -> Result<Vec<u8>, std::io::Error> {
    use docx_rs::{Docx, Paragraph, Run, Style, StyleType};
    let mut doc = Docx::new()
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .bold()
                .size(40),
        )
        .add_style(
            Style::new("Quote", StyleType::Paragraph)
                .name("Quote")
                .italic()
                .color("555555"),
        );
    for (level, size) in [(1, 30), (2, 26), (3, 24)] {
        doc = doc.add_style(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("heading {level}"))
                .bold()
                .size(size),
        );
    }
    for (style, text) in paragraphs {
        let id = match style {
            WordStyle::Title => Some("Title".to_string()),
            WordStyle::Heading(l) => Some(format!("Heading{}", l.clamp(1, 3))),
            WordStyle::Quote => Some("Quote".to_string()),
            WordStyle::Normal => None,
        };
        let p = Paragraph::new().add_run(Run::new().add_text(text));
        doc = doc.add_paragraph(match id {
            Some(id) => p.style(&id),
            None => p,
        });
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut buf)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(buf.into_inner())
}

/// The profile a template is written for.
pub fn profile(level: Level, kind: Kind, school_forms: Vec<SchoolForm>) -> Profile {
    let mut forms = school_forms;
    if forms.is_empty() {
        forms.push(SchoolForm::Grundskola);
    }
    forms.sort();
    forms.dedup();
    Profile::given(level, kind, forms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_exactly_one_section() {
        let pack = RulePack::embedded().unwrap();
        let skeleton = Skeleton::embedded();
        for r in &pack.rules {
            let n = skeleton
                .sections
                .iter()
                .filter(|s| s.rules.contains(&r.def.id))
                .count();
            assert_eq!(
                n, 1,
                "{} is in {n} sections of rules/template.toml",
                r.def.id
            );
        }
        for s in &skeleton.sections {
            for id in &s.rules {
                assert!(
                    pack.rules.iter().any(|r| &r.def.id == id),
                    "template names unknown rule {id}"
                );
            }
        }
    }

    #[test]
    fn forskola_gets_barn_and_not_elever() {
        let pack = RulePack::embedded().unwrap();
        let skeleton = Skeleton::embedded();
        let p = profile(Level::Enhet, Kind::Rapport, vec![SchoolForm::Forskola]);
        let headings: Vec<&str> = skeleton
            .sections_for(&pack, &p)
            .iter()
            .map(|s| s.heading.as_str())
            .collect();
        assert!(headings.contains(&"Barnens delaktighet"));
        assert!(!headings.contains(&"Elevernas delaktighet"));
        assert!(!headings.contains(&"Resursfördelning"));
    }
}
