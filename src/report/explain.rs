//! What a rule demands, in full: the text of `skalint explain` and of a hover in the editor.

use crate::rules::Rule;

fn names(v: Vec<String>) -> String {
    if v.is_empty() {
        "alla".to_string()
    } else {
        v.join(", ")
    }
}

/// Where the rule applies, in one Swedish line.
pub fn scope(rule: &Rule) -> String {
    let a = &rule.def.applies;
    let except = if a.except_school_forms.is_empty() {
        String::new()
    } else {
        let forms: Vec<&str> = a.except_school_forms.iter().map(|f| f.name()).collect();
        format!(" utom {}", forms.join(", "))
    };
    format!(
        "nivå {}; skolformer {}{}; dokument {}",
        names(a.levels.iter().map(|l| l.to_string()).collect()),
        names(a.school_forms.iter().map(|l| l.to_string()).collect()),
        except,
        names(a.kinds.iter().map(|l| l.to_string()).collect()),
    )
}

/// The plain text of `skalint explain`.
pub fn text(rule: &Rule) -> String {
    let d = &rule.def;
    let mut out = format!("{} {} ({})\n", d.id, d.name, d.title);
    out.push_str(&format!(
        "krav: {}   allvarlighet: {}\n",
        d.requirement,
        d.severity.label()
    ));
    out.push_str(&format!(
        "källa: {}\n       {}\n",
        d.citation.text, d.citation.url
    ));
    out.push_str(&format!("gäller: {}\n\n", scope(rule)));
    out.push_str(d.explanation.trim());
    out.push_str("\n\nMeddelande: ");
    out.push_str(&d.message);
    out.push_str("\nSå rättar du: ");
    out.push_str(&d.help);
    out.push_str("\n\nUppfyller kravet:\n");
    for e in &d.examples.good {
        out.push_str(&format!("  + {}\n", e.text().trim()));
    }
    out.push_str("Uppfyller inte kravet:\n");
    for e in &d.examples.bad {
        out.push_str(&format!("  - {}\n", e.text().trim()));
    }
    out
}

/// The same as Markdown, for an editor's hover; `status` says how this document fares.
pub fn markdown(rule: &Rule, status: &str) -> String {
    let d = &rule.def;
    let mut out = format!(
        "**{}: {}** ({}, {})  \n{}\n\n{}\n\n**Så rättar du:** {}\n\n[{}]({})  \n`{}` · {}",
        capitalized(&d.title),
        status,
        d.severity.label(),
        d.requirement,
        d.message,
        d.explanation.trim(),
        d.help,
        d.citation.text,
        d.citation.url,
        d.id,
        scope(rule),
    );
    if let Some(good) = d.examples.good.first() {
        out.push_str(&format!("\n\n*Exempel:* {}", good.text().trim()));
    }
    out
}

/// The first letter in upper case ("analys av orsaker" → "Analys av orsaker").
pub fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
