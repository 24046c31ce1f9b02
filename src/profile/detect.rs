//! Detection of level, kind and school forms from the text, when no flag or front matter says.
//!
//! The opening of a document (its title and header lines) says most: "Plan för systematiskt
//! kvalitetsarbete", "Huvudmannens kvalitetsrapport", "Lärkängens förskola". The body then
//! votes with the words it uses: "enheterna", "rektorerna", "nämnden" for a huvudman, "rektor",
//! "vi på skolan" for a unit; "barnen", "Lpfö 18" for förskola; "åk 6", "Lgr22" for grundskola.

use super::{
    Confidence, Decision, Kind, Level, Overrides, Profile, ProfileCues, SchoolForm, Source,
};
use crate::document::Document;
use crate::rules::Words;
use regex::Regex;
use std::sync::LazyLock;

/// Whole-word patterns that scan the whole document: see [`Words`] for why they are not `\b`.
fn words(p: &str) -> Words {
    let p = p
        .trim_start_matches("(?i)")
        .replace(r"(?:^|\W)", "")
        .replace(r"(?:\W|$)", "");
    Words::new_for_tools(&p).expect("valid built-in pattern")
}

fn re(p: &str) -> Regex {
    Regex::new(p).expect("valid built-in regex")
}

static TITLE_HUVUDMAN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(huvudmann\w*|huvudmän\w*|nämnd\w*)"));
static TITLE_ENHET: LazyLock<Regex> = LazyLock::new(|| {
    re(
        // A unit's name starts with a capital letter: `(?-i:…)`, since a `\p{Lu}` under `(?i)`
        // matches any letter ("förskolan eller skolan" is no name).
        r"(?i)((?:^|\W)(?:för|grund|gymnasie|special|same|grundsär|gymnasiesär)?skolan (?-i:\p{Lu})|\w+skolan(?:\W|$)|\w+gymnasiet(?:\W|$)|(?-i:\p{Lu})\w+ förskola(?:\W|$)|(?:^|\W)komvux (?-i:\p{Lu})|(?:^|\W)vuxenutbildningen (?-i:\p{Lu})|(?:^|\W)lärcentrum (?-i:\p{Lu})|(?:^|\W)skolenhet\w*|(?:^|\W)förskoleenhet\w*|(?:^|\W)enheten(?:\W|$)|(?:^|\W)fritidshemmet (?-i:\p{Lu}))",
    )
});
static BODY_HUVUDMAN: LazyLock<Words> = LazyLock::new(|| {
    words(
        r"(?i)(?:^|\W)(enheterna|enheternas|samtliga (skol|förskole)?enheter|alla (skolor|förskolor|enheter)|rektorerna|rektorernas|skolchef\w*|huvudmannanivå\w*|\w*nämnden (har|beslutar|beslutade|ska|prioriterar|fattar|tar)|förvaltningen (har|ska|följer|sammanställer))",
    )
});
static BODY_ENHET: LazyLock<Words> = LazyLock::new(|| {
    words(
        r"(?i)(?:^|\W)(som rektor|rektor (ansvarar|leder|har|går|sammanställer)|fastställd av rektor|på skolan|på förskolan|vår skola|vår förskola|arbetslag\w*|lärarlag\w*|ämneslag\w*|programlag\w*|avdelning\w*|klassråd\w*|elevråd\w*|studerandeforum\w*|mentor\w*)",
    )
});

static HEADER_HUVUDMAN: LazyLock<Regex> = LazyLock::new(|| re(r"(?im)^\W*huvudman\W*:"));

/// Every form pattern in one, the longer "not" patterns first so they win where they overlap.
static FORM_ANY: LazyLock<Words> = LazyLock::new(|| {
    let nots = FORM_SIGNALS.iter().filter_map(|s| s.not.as_ref());
    let all: Vec<String> = nots
        .chain(FORM_SIGNALS.iter().map(|s| &s.pattern))
        .map(|w| format!("(?:{})", w.source()))
        .collect();
    Words::new_for_tools(&all.join("|")).expect("valid built-in pattern")
});

struct FormSignal {
    form: SchoolForm,
    pattern: Words,
    /// Matches to subtract (e.g. "anpassad grundskola" is not grundskola).
    not: Option<Words>,
}

static FORM_SIGNALS: LazyLock<Vec<FormSignal>> = LazyLock::new(|| {
    let s = |form, p: &str, not: Option<&str>| FormSignal {
        form,
        pattern: words(p),
        not: not.map(words),
    };
    vec![
        s(
            SchoolForm::Forskola,
            r"(?i)(?:^|\W)(förskol(a|an|ans|or|orna|ornas)|lpfö\s?(18|98)?|barngrupp\w*|förskollärar\w*)(?:\W|$)",
            Some(r"(?i)(?:^|\W)(övergång\w* från förskolan|från förskolan)(?:\W|$)"),
        ),
        s(
            SchoolForm::Forskoleklass,
            r"(?i)(?:^|\W)förskoleklass\w*",
            None,
        ),
        s(SchoolForm::Fritidshem, r"(?i)(?:^|\W)fritidshem\w*", None),
        s(
            SchoolForm::Grundskola,
            r"(?i)(?:^|\W)(grundskol\w*|åk\.? ?[1-9](?:\W|$)|årskurs\w* [1-9]|lgr\s?(22|11)|meritvärde\w*|högstadie\w*|mellanstadie\w*|lågstadie\w*)",
            Some(r"(?i)(?:^|\W)(anpassad\w* grundskol\w*|grundsärskol\w*)"),
        ),
        s(
            SchoolForm::AnpassadGrundskola,
            r"(?i)(?:^|\W)(anpassad\w* grundskol\w*|grundsärskol\w*|lgrsär\w*)",
            None,
        ),
        s(
            SchoolForm::Specialskola,
            r"(?i)(?:^|\W)specialskol\w*",
            None,
        ),
        s(SchoolForm::Sameskola, r"(?i)(?:^|\W)sameskol\w*", None),
        s(
            SchoolForm::Gymnasieskola,
            r"(?i)(?:^|\W)(gymnasieskol\w*|gymnasiet|gy\s?(11|25)|\w+programmet|gymnasieexamen|examen inom)(?:\W|$)",
            Some(r"(?i)(?:^|\W)(anpassad\w* gymnasie\w*|gymnasiesärskol\w*)"),
        ),
        s(
            SchoolForm::AnpassadGymnasieskola,
            r"(?i)(?:^|\W)(anpassad\w* gymnasie\w*|gymnasiesärskol\w*)",
            None,
        ),
        s(
            SchoolForm::Komvux,
            r"(?i)(?:^|\W)(komvux|vuxenutbildning(?:en|ens)?|sfi|svenska för invandrare|kommunal vuxenutbildning)(?:\W|$)",
            None,
        ),
    ]
});

/// Front matter values that name no level, kind or school form: said, not silently dropped.
pub fn front_matter_problems(doc: &Document) -> Vec<String> {
    let fm = &doc.front_matter;
    let mut out = Vec::new();
    if let Some(l) = fm.level.as_deref().filter(|l| Level::parse(l).is_none()) {
        out.push(format!(
            "okänd nivå «{l}» i front matter (ange enhet eller huvudman); nivån avgörs av texten"
        ));
    }
    if let Some(k) = fm.kind.as_deref().filter(|k| Kind::parse(k).is_none()) {
        out.push(format!(
            "okänt dokumentslag «{k}» i front matter (ange rapport, plan eller klagomalsrutin)"
        ));
    }
    for f in fm
        .school_forms
        .iter()
        .filter(|f| SchoolForm::parse(f).is_none())
    {
        out.push(format!("okänd skolform «{f}» i front matter"));
    }
    out
}

/// The built-in cues, for callers without a rule pack (tests, tools).
static BUILTIN: LazyLock<ProfileCues> = LazyLock::new(|| {
    let file: super::ProfileFile =
        toml::from_str(crate::rules::embedded_profile()).expect("the built-in profile.toml parses");
    ProfileCues::compile(file).expect("the built-in profile.toml compiles")
});

/// Decides the profile with the built-in cues: flags first, then front matter, then the text.
pub fn detect(doc: &Document, overrides: &Overrides) -> Profile {
    detect_with(doc, overrides, &BUILTIN)
}

/// Decides the profile with a rule pack's cues (`RulePack::profile`).
pub fn detect_with(doc: &Document, overrides: &Overrides, cues: &ProfileCues) -> Profile {
    let opening = opening_text(doc);
    let kind = decide_kind(doc, overrides, &title_text(doc), cues);
    let level = decide_level(doc, overrides, &opening, kind.value);
    let school_forms = decide_forms(doc, overrides, &opening);
    Profile {
        level,
        kind,
        school_forms,
    }
}

/// The title lines: the leading headings and short lines, before the body text starts.
fn title_text(doc: &Document) -> String {
    let mut out = String::new();
    for b in doc.blocks.iter().take(6) {
        let short = b.text.split_whitespace().count() <= 14;
        if !(b.is_heading() || short) {
            break;
        }
        out.push_str(&b.text);
        out.push('\n');
    }
    out
}

/// The title and the header lines: the first heading and what stands before the second.
fn opening_text(doc: &Document) -> String {
    let mut out = String::new();
    let mut headings = 0;
    for b in &doc.blocks {
        if b.is_heading() {
            headings += 1;
            if headings > 2 && out.len() > 40 {
                break;
            }
        }
        out.push_str(&b.text);
        out.push('\n');
        if out.len() > 600 {
            break;
        }
    }
    out
}

/// The school forms' own words in the definite form: "förskolan", "grundskolan" name no
/// unit, though `\w+skolan` matches them as it matches "Ekbackaskolan".
const GENERIC_UNITS: [&str; 8] = [
    "skolan",
    "förskolan",
    "grundskolan",
    "gymnasieskolan",
    "specialskolan",
    "sameskolan",
    "grundsärskolan",
    "gymnasiesärskolan",
];

/// The first unit name in `text` that is not a school form's own word.
fn unit_name(text: &str) -> Option<regex::Match<'_>> {
    TITLE_ENHET.find_iter(text).find(|m| {
        let word = m
            .as_str()
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        !GENERIC_UNITS.contains(&word.as_str())
    })
}

/// A match in `text`, run on to the end of its last word: a pattern that ends at a name's
/// capital letter ("förskolan B") is quoted with the whole name ("förskolan Björken").
fn whole<'t>(text: &'t str, m: regex::Match<'t>) -> &'t str {
    if !m.as_str().ends_with(char::is_alphanumeric) {
        return m.as_str();
    }
    let rest = &text[m.end()..];
    let end = m.end()
        + rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
    &text[m.start()..end]
}

fn quote(s: &str) -> String {
    let s = s.trim_matches(|c: char| !c.is_alphanumeric());
    let short: String = s.chars().take(70).collect();
    if short.len() < s.len() {
        format!("«{short}…»")
    } else {
        format!("«{short}»")
    }
}

fn decide_kind(doc: &Document, o: &Overrides, opening: &str, cues: &ProfileCues) -> Decision<Kind> {
    // `opening` is the title lines only: a report that mentions "verksamhetsplanen" in its
    // body is no plan.
    if let Some(k) = o.kind {
        return Decision {
            value: k,
            source: Source::Flag,
            confidence: Confidence::Sure,
            reason: "angiven med --kind".into(),
        };
    }
    if let Some(k) = doc.front_matter.kind.as_deref().and_then(Kind::parse) {
        return Decision {
            value: k,
            source: Source::FrontMatter,
            confidence: Confidence::Sure,
            reason: "angiven i front matter".into(),
        };
    }
    if let Some(k) = o.defaults.kind {
        return config_decision(k);
    }
    // A title that names a kind decides; then a body that is about one topic; then a title
    // that names a report; else the default.
    let title = cues.in_title(opening);
    if let Some(t) = title.as_ref().filter(|t| t.kind != Kind::Rapport) {
        return Decision {
            value: t.kind,
            source: Source::Text,
            confidence: Confidence::Sure,
            reason: format!("titeln nämner {}", quote(t.text)),
        };
    }
    if let Some(t) = cues.topic(doc) {
        return Decision {
            value: t.kind,
            source: Source::Text,
            confidence: if t.clear {
                Confidence::Sure
            } else {
                Confidence::Unsure
            },
            reason: format!(
                "texten handlar om {}: {} av {} meningar nämner det",
                t.about, t.mentioned, t.sentences
            ),
        };
    }
    match title {
        Some(t) => Decision {
            value: t.kind,
            source: Source::Text,
            confidence: Confidence::Sure,
            reason: format!("titeln nämner {}", quote(t.text)),
        },
        None => Decision {
            value: Kind::Rapport,
            source: Source::Default,
            confidence: Confidence::Unsure,
            reason: "ingen titel anger dokumentslaget; granskas som kvalitetsrapport".into(),
        },
    }
}

fn decide_level(doc: &Document, o: &Overrides, opening: &str, kind: Kind) -> Decision<Level> {
    if let Some(l) = o.level {
        return Decision {
            value: l,
            source: Source::Flag,
            confidence: Confidence::Sure,
            reason: "angiven med --level".into(),
        };
    }
    if let Some(l) = doc.front_matter.level.as_deref().and_then(Level::parse) {
        return Decision {
            value: l,
            source: Source::FrontMatter,
            confidence: Confidence::Sure,
            reason: "angiven i front matter".into(),
        };
    }
    if let Some(l) = o.defaults.level {
        return config_decision(l);
    }
    let title = doc.title().unwrap_or("");
    let title_h = TITLE_HUVUDMAN.find(title);
    let title_e = unit_name(title);
    let opening_e = title_e.or_else(|| unit_name(opening));
    let body_h = BODY_HUVUDMAN.starts(&doc.source).count();
    let body_e = BODY_ENHET.starts(&doc.source).count();
    let counts = format!("{body_h} ord som pekar mot huvudman, {body_e} mot enhet");

    if let Some(m) = title_h.filter(|_| title_e.is_none()) {
        return text_decision(
            Level::Huvudman,
            format!("titeln nämner {} ({counts})", quote(whole(title, m))),
            Confidence::Sure,
        );
    }
    if let Some(m) = title_e {
        return text_decision(
            Level::Enhet,
            format!("titeln nämner {} ({counts})", quote(whole(title, m))),
            Confidence::Sure,
        );
    }
    if kind == Kind::Klagomalsrutin {
        // The law gives the routine to the huvudman, but a unit may write its own.
        return text_decision(
            Level::Huvudman,
            "en klagomålsrutin är huvudmannens".into(),
            Confidence::Unsure,
        );
    }
    let score_h = body_h as f64
        + if TITLE_HUVUDMAN.is_match(opening) {
            2.0
        } else {
            0.0
        };
    // A header line "Huvudman: …" names the organiser of the unit that writes.
    let names_organiser = HEADER_HUVUDMAN.is_match(opening);
    let score_e = body_e as f64
        + if opening_e.is_some() { 4.0 } else { 0.0 }
        + if names_organiser { 3.0 } else { 0.0 };
    // Counts of body words are sure only with a clear lead: twice the other side, and some.
    let (high, low) = (score_h.max(score_e), score_h.min(score_e));
    let margin = if high >= 2.0 * low + 2.0 {
        Confidence::Sure
    } else {
        Confidence::Unsure
    };
    if score_h > score_e * 1.2 || (kind == Kind::Plan && score_h >= score_e) {
        text_decision(Level::Huvudman, counts, margin)
    } else if score_e > 0.0 || score_h > 0.0 {
        text_decision(Level::Enhet, counts, margin)
    } else {
        Decision {
            value: Level::Enhet,
            source: Source::Default,
            confidence: Confidence::Unsure,
            reason: "texten avgör inte nivån; granskas som enhetens dokument".into(),
        }
    }
}

fn config_decision<T>(value: T) -> Decision<T> {
    Decision {
        value,
        source: Source::Config,
        confidence: Confidence::Sure,
        reason: "standardvärde i skalint.toml".into(),
    }
}

fn text_decision(value: Level, reason: String, confidence: Confidence) -> Decision<Level> {
    Decision {
        value,
        source: Source::Text,
        confidence,
        reason,
    }
}

/// Mentions of each school form (in `FORM_SIGNALS` order), in one pass over the text: the
/// combined pattern finds every mention, the single patterns then say whose it is.
fn form_counts(text: &str) -> Vec<usize> {
    let mut counts = vec![0isize; FORM_SIGNALS.len()];
    let mut at = 0;
    while let Some((start, end)) = FORM_ANY.find_at(text, at) {
        let found = &text[start..end];
        for (i, s) in FORM_SIGNALS.iter().enumerate() {
            if s.pattern.is_match(found) {
                counts[i] += 1;
            }
            if s.not.as_ref().is_some_and(|n| n.is_match(found)) {
                counts[i] -= 1;
            }
        }
        at = end;
    }
    counts.into_iter().map(|n| n.max(0) as usize).collect()
}

fn decide_forms(doc: &Document, o: &Overrides, opening: &str) -> Decision<Vec<SchoolForm>> {
    if !o.school_forms.is_empty() {
        let mut v = o.school_forms.clone();
        v.sort();
        v.dedup();
        return Decision {
            value: v,
            source: Source::Flag,
            confidence: Confidence::Sure,
            reason: "angivna med --school-form".into(),
        };
    }
    let mut fm: Vec<SchoolForm> = doc
        .front_matter
        .school_forms
        .iter()
        .filter_map(|s| SchoolForm::parse(s))
        .collect();
    fm.sort();
    fm.dedup();
    if !fm.is_empty() {
        return Decision {
            value: fm,
            source: Source::FrontMatter,
            confidence: Confidence::Sure,
            reason: "angivna i front matter".into(),
        };
    }
    if !o.defaults.school_forms.is_empty() {
        let mut v = o.defaults.school_forms.clone();
        v.sort();
        v.dedup();
        return config_decision(v);
    }
    let in_source = form_counts(&doc.source);
    let in_opening = form_counts(opening);
    let counts: Vec<(SchoolForm, usize)> = FORM_SIGNALS
        .iter()
        .enumerate()
        .map(|(i, s)| (s.form, in_source[i] + 4 * in_opening[i]))
        .collect();
    let top = counts.iter().map(|&(_, n)| n).max().unwrap_or(0);
    if top == 0 {
        return Decision {
            value: vec![SchoolForm::Grundskola],
            source: Source::Default,
            confidence: Confidence::Unsure,
            reason: "texten nämner ingen skolform; granskas som grundskola".into(),
        };
    }
    let threshold = (top as f64 * 0.25).max(3.0) as usize;
    let mut chosen: Vec<(SchoolForm, usize)> = counts
        .into_iter()
        .filter(|&(_, n)| n >= threshold || n == top)
        .collect();
    chosen.sort_by_key(|&(f, _)| f);
    let reason = chosen
        .iter()
        .map(|(f, n)| format!("{f} ({n} träffar)"))
        .collect::<Vec<_>>()
        .join(", ");
    Decision {
        value: chosen.into_iter().map(|(f, _)| f).collect(),
        source: Source::Text,
        // A form named only a few times may be a passing mention.
        confidence: if top >= 4 {
            Confidence::Sure
        } else {
            Confidence::Unsure
        },
        reason: format!("ord i texten: {reason}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    fn profile(src: &str) -> Profile {
        let (doc, _) = Document::parse(src, Format::Markdown);
        detect(&doc, &Overrides::default())
    }

    #[test]
    fn plan_and_complaint_routine_titles() {
        let p = profile(
            "# Plan för systematiskt kvalitetsarbete 2026\n\nNämnden har beslutat att alla skolor ska följa planen.\n",
        );
        assert_eq!(p.kind.value, Kind::Plan);
        assert_eq!(p.level.value, Level::Huvudman);
        let p = profile("# Rutin för synpunkter och klagomål\n\nKlagomål tas emot av rektor.\n");
        assert_eq!(p.kind.value, Kind::Klagomalsrutin);
        assert_eq!(p.level.value, Level::Huvudman);
    }

    #[test]
    fn complaint_routines_are_told_by_their_title_in_many_forms() {
        for title in [
            "Klagomålshantering",
            "Så hanterar vi synpunkter och klagomål",
            "Handlingsplan vid klagomål",
            "Rutiner för att ta emot och utreda klagomål",
            "Hantering av synpunkter, frågor och klagomål",
        ] {
            let p = profile(&format!("# {title}\n\nHör av dig till oss.\n"));
            assert_eq!(
                p.kind.value,
                Kind::Klagomalsrutin,
                "{title}: {}",
                p.kind.reason
            );
            assert!(
                p.kind.reason.starts_with("titeln nämner «"),
                "{}",
                p.kind.reason
            );
        }
        // A report on the year's complaints names its kind first.
        let p = profile("# Kvalitetsrapport 2025: klagomålshantering och resultat\n\nText.\n");
        assert_eq!(p.kind.value, Kind::Rapport);
    }

    #[test]
    fn a_text_about_complaints_is_a_routine_whatever_its_title() {
        let text = "Information till vårdnadshavare\n\n\
            Är du missnöjd med något på fritidshemmet vill vi veta det. \
            Ett klagomål kan lämnas muntligt eller skriftligt till personalen. \
            Alla synpunkter skrivs in i en logg samma dag. \
            Rektor ser till att klagomålet utreds och att du får ett svar inom två veckor. \
            Öppettiderna är sju till sjutton. \
            Blir du inte nöjd med svaret kan klagomålet lämnas till förvaltningen.\n";
        let (doc, _) = Document::parse(text, Format::Text);
        let p = detect(&doc, &Overrides::default());
        assert_eq!(p.kind.value, Kind::Klagomalsrutin, "{}", p.kind.reason);
        assert!(
            p.kind.reason.contains("5 av 6 meningar"),
            "{}",
            p.kind.reason
        );
    }

    #[test]
    fn a_report_with_a_section_on_complaints_stays_a_report() {
        let text = "# Årsredovisning för Tallbackens skola\n\n\
            ## Resultat\n\nAndelen elever som når målen i svenska steg till 88 procent. \
            Närvaron var lika hög som förra året. Trivseln har ökat enligt enkäten i mars. \
            Lärarna har följt upp läsningen varje månad.\n\n\
            ## Analys\n\nÖkningen beror på att alla klasser har läst högt varje dag. \
            Skolan har haft samma lärare i alla ämnen hela året.\n\n\
            ## Klagomål\n\nTvå klagomål kom in under året och båda utreddes av rektor.\n";
        let p = profile(text);
        assert_eq!(p.kind.value, Kind::Rapport, "{}", p.kind.reason);
    }

    #[test]
    fn a_unit_name_needs_its_capital_and_is_quoted_whole() {
        let p = profile("Vi hör gärna av dig om förskolan eller skolan\n\nText om året.\n");
        assert!(
            !p.level.reason.contains("förskolan e"),
            "{}",
            p.level.reason
        );
        for title in [
            "Årets arbete på förskolan Vintergatan",
            "Förskolan Vintergatan 2025",
        ] {
            let p = profile(&format!("# {title}\n\nBarnen har lekt.\n"));
            assert_eq!(p.level.value, Level::Enhet, "{title}");
            assert!(
                p.level
                    .reason
                    .to_lowercase()
                    .contains("«förskolan vintergatan»"),
                "{}",
                p.level.reason
            );
        }
        let p = profile("# Kvalitetsrapport för Anpassade gymnasieskolan Solrosen\n\nText.\n");
        assert!(
            p.level.reason.contains("«gymnasieskolan Solrosen»"),
            "{}",
            p.level.reason
        );
        // A school form's own word names no unit.
        let p = profile(
            "# Så mår grundskolan 2025\n\nNämnden har beslutat att alla skolor ska följa upp.\n",
        );
        assert!(
            !p.level.reason.contains("grundskolan"),
            "{}",
            p.level.reason
        );
    }

    #[test]
    fn unit_report_of_a_preschool() {
        let p = profile(
            "# Kvalitetsrapport – Björkens förskola\n\nBarnen på avdelningarna har ... Lpfö 18 ... förskolan.\n",
        );
        assert_eq!(p.kind.value, Kind::Rapport);
        assert_eq!(p.level.value, Level::Enhet);
        assert_eq!(p.school_forms.value, [SchoolForm::Forskola]);
        assert_eq!(p.level.source, Source::Text);
        assert!(p.level.reason.contains("förskola"), "{}", p.level.reason);
    }

    #[test]
    fn front_matter_and_flags_win() {
        let src = "---\nniva: huvudman\nskolformer: [komvux]\n---\n# Kvalitetsrapport Ekskolan\n";
        let p = profile(src);
        assert_eq!(p.level.value, Level::Huvudman);
        assert_eq!(p.level.source, Source::FrontMatter);
        assert_eq!(p.school_forms.value, [SchoolForm::Komvux]);
        let (doc, _) = Document::parse(src, Format::Markdown);
        let o = Overrides {
            level: Some(Level::Enhet),
            ..Default::default()
        };
        assert_eq!(detect(&doc, &o).level.source, Source::Flag);
    }
}
