//! Snapshots of the rendered output (terminal and JSON) for every fixture report, so that a
//! change in wording, location or format is seen in review (`cargo insta review`).

use skalint::check::{self, Options};
use skalint::document::{Document, Format};
use skalint::profile::{self, Overrides};
use skalint::report::{CheckedFile, json, terminal};
use skalint::rules::RulePack;

fn checked(path: &str) -> CheckedFile {
    let bytes = std::fs::read(path).expect("fixture");
    let (document, _) = skalint::document::load(&bytes, path).expect("fixture loads");
    let profile = profile::detect(&document, &Overrides::default());
    let pack = RulePack::embedded().expect("pack");
    let diagnostics = check::check(&document, &profile, &pack, &Options::default());
    CheckedFile {
        path: path.to_string(),
        document,
        profile,
        diagnostics,
    }
}

fn fixtures() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir("fixtures/reports")
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".md") || p.ends_with(".txt"))
        .chain(
            [
                "grundskola-brister.docx",
                "grundskola-brister-sv-stilar.docx",
                "grundskola-brister.odt",
                "grundskola-brister.pdf",
            ]
            .map(|f| format!("fixtures/office/{f}")),
        )
        .collect();
    v.sort();
    v
}

#[test]
fn terminal_output() {
    for path in fixtures() {
        let file = checked(&path);
        let out = terminal::render(
            std::slice::from_ref(&file),
            &[],
            &terminal::Style { color: false },
        );
        let name = path.rsplit('/').next().unwrap().replace('.', "_");
        insta::assert_snapshot!(format!("terminal__{name}"), out);
    }
}

#[test]
fn json_output() {
    for path in fixtures() {
        let file = checked(&path);
        let out = json::render(std::slice::from_ref(&file), &[]);
        let name = path.rsplit('/').next().unwrap().replace('.', "_");
        insta::with_settings!({ filters => vec![(r#""skalint": "[^"]+""#, r#""skalint": "[version]""#)] }, {
            insta::assert_snapshot!(format!("json__{name}"), out);
        });
    }
}

/// ariadne counts characters, not bytes, when told to index by byte: the underline must sit
/// under "Analys" even after å, ä and ö earlier on the line.
#[test]
fn underline_is_placed_right_after_swedish_letters() {
    let text = "# Rapport för läsåret\n\nÅäö: Fler elever nådde målen i år än i fjol.\n\n## Årets analys\n\nResultaten är högre än förra året.\n";
    let (document, _) = Document::parse(text, Format::Markdown);
    let overrides = Overrides {
        level: Some(skalint::profile::Level::Enhet),
        ..Default::default()
    };
    let profile = profile::detect(&document, &overrides);
    let pack = RulePack::embedded().expect("pack");
    let diagnostics: Vec<_> = check::check(&document, &profile, &pack, &Options::default())
        .into_iter()
        .filter(|d| d.rule == "SKA103")
        .collect();
    let file = CheckedFile {
        path: "åäö.md".into(),
        document,
        profile,
        diagnostics,
    };
    let out = terminal::render(
        std::slice::from_ref(&file),
        &[],
        &terminal::Style { color: false },
    );
    insta::assert_snapshot!(out);
}
