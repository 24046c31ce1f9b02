//! Snapshots of the rendered output (terminal and JSON) for every fixture report, so that a
//! change in wording, location or format is seen in review (`cargo insta review`).

use skalint::check::{self, Options};
use skalint::document::{Document, Format};
use skalint::input::Input;
use skalint::profile::{self, Overrides};
use skalint::report::{CheckedFile, json, terminal};
use skalint::review::{self, Reviewed, Setup};
use skalint::rules::RulePack;

fn setup() -> Setup {
    Setup {
        pack: RulePack::embedded().expect("pack"),
        overrides: Overrides::default(),
        options: Options::default(),
    }
}

fn checked(path: &str) -> Reviewed {
    let bytes = std::fs::read(path).expect("fixture");
    let input = Input {
        path: path.to_string(),
        bytes,
    };
    review::review(input, &setup()).expect("fixture loads")
}

/// What `skalint check FILE` prints for one file.
fn terminal_text(doc: &Document, file: &CheckedFile) -> String {
    let style = terminal::Style { color: false };
    let mut tallied = terminal::Tallied::default();
    tallied.add(file);
    terminal::render_file(doc, file, &style) + &terminal::render_end(&tallied, &[], None)
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
        let r = checked(&path);
        let out = terminal_text(&r.document, &r.file);
        let name = path.rsplit('/').next().unwrap().replace('.', "_");
        insta::assert_snapshot!(format!("terminal__{name}"), out);
    }
}

#[test]
fn json_output() {
    for path in fixtures() {
        let r = checked(&path);
        let out = json::render(std::slice::from_ref(&r.file), &[], None);
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
    let mut outcome = check::run(&document, &profile, &pack, &Options::default());
    outcome.diagnostics.retain(|d| d.rule == "SKA103");
    let file = CheckedFile::new("åäö.md".into(), &document, profile, outcome);
    let out = terminal_text(&document, &file);
    insta::assert_snapshot!(out);
}
