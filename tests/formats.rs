//! Word, OpenDocument and PDF input (`fixtures/office/`, made with pandoc, python-docx and
//! LibreOffice by `fixtures/office/make.py`): the same report in every format gives the same
//! findings, Word's Swedish styles are understood, and bad files get clear errors.

use skalint::check::{self, Options};
use skalint::document::{self, BlockKind, Document, Format, LoadError};
use skalint::profile::{self, Overrides};
use skalint::rules::RulePack;
use std::collections::BTreeSet;

fn load(path: &str) -> Result<Document, LoadError> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    document::load(&bytes, path).map(|(doc, _)| doc)
}

/// (rule, heading of the finding) for every finding.
fn findings(doc: &Document) -> BTreeSet<(String, String)> {
    let profile = profile::detect(doc, &Overrides::default());
    let pack = RulePack::embedded().expect("pack");
    check::check(doc, &profile, &pack, &Options::default())
        .into_iter()
        .map(|d| (d.rule, d.heading.unwrap_or_default()))
        .collect()
}

#[test]
fn the_same_report_in_every_format_gives_the_same_findings() {
    for base in [
        "grundskola-brister",
        "forskola-komplett",
        "huvudman-brister",
    ] {
        let md = load(&format!("fixtures/reports/{base}.md")).unwrap();
        let want = findings(&md);
        for (ext, format) in [
            ("docx", Format::Docx),
            ("odt", Format::Odt),
            ("pdf", Format::Pdf),
        ] {
            let doc = load(&format!("fixtures/office/{base}.{ext}")).unwrap();
            assert_eq!(doc.format, format);
            assert_eq!(findings(&doc), want, "{base}.{ext}");
        }
    }
}

#[test]
fn swedish_word_styles_headings_quotes_and_tracked_changes() {
    let doc = load("fixtures/office/grundskola-brister-sv-stilar.docx").unwrap();
    let headings: Vec<&str> = doc
        .blocks
        .iter()
        .filter(|b| b.is_heading())
        .map(|b| b.text.as_str())
        .collect();
    // Rubrik1/Rubrik2 ("heading 1/2") and the bold pseudo-heading.
    assert!(headings.contains(&"Analys"), "{headings:?}");
    assert!(headings.contains(&"Förutsättningar"), "{headings:?}");
    // The Citat paragraph quotes the law.
    assert!(
        doc.blocks
            .iter()
            .any(|b| b.quoted && b.text.contains("4 kap. 4 §"))
    );
    // Tracked changes: the insertion counts, the deletion does not; comments are left out.
    let all: String = doc
        .blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(all.contains("inte haft möjlighet att delta i årets kvalitetsarbete"));
    assert!(!all.contains("deltagit genom vårdnadshavarenkäten och skolrådet"));
    // Footnotes are read; table cells are blocks of their own.
    assert!(all.contains("SKOLFS 2022:13"));
    assert!(
        doc.blocks
            .iter()
            .any(|b| matches!(b.kind, BlockKind::TableCell { .. }))
    );
    // Every block knows its paragraph, so a finding can say "stycke 37".
    assert!(
        doc.blocks
            .iter()
            .filter(|b| b.heading.is_some())
            .all(|b| b.origin.paragraph.is_some() || b.text.contains("SKOLFS"))
    );
    let md = load("fixtures/reports/grundskola-brister.md").unwrap();
    let rules = |d: &Document| {
        findings(d)
            .into_iter()
            .map(|(r, _)| r)
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(rules(&doc), rules(&md));
}

#[test]
fn pdf_pages_and_paragraph_numbers_are_located() {
    let pdf = load("fixtures/office/grundskola-brister.pdf").unwrap();
    let analys = pdf
        .blocks
        .iter()
        .find(|b| b.text == "Analys")
        .expect("heading recovered");
    assert!(analys.is_heading());
    assert!(analys.origin.page.is_some_and(|p| p >= 2));
    // Running footers and page numbers are not text of the report.
    assert!(
        !pdf.blocks
            .iter()
            .any(|b| b.text.trim().chars().all(|c| c.is_ascii_digit()))
    );
    let docx = load("fixtures/office/grundskola-brister.docx").unwrap();
    assert!(docx.blocks.iter().all(|b| b.origin.paragraph.is_some()));
}

#[test]
fn a_wrong_file_name_does_not_matter() {
    let bytes = std::fs::read("fixtures/office/grundskola-brister.docx").unwrap();
    let (doc, _) = document::load(&bytes, "rapport.txt").unwrap();
    assert_eq!(doc.format, Format::Docx);
    let bytes = std::fs::read("fixtures/office/grundskola-brister.pdf").unwrap();
    let (doc, _) = document::load(&bytes, "rapport.docx").unwrap();
    assert_eq!(doc.format, Format::Pdf);
    let bytes = std::fs::read("fixtures/office/grundskola-brister.odt").unwrap();
    assert_eq!(
        document::load(&bytes, "rapport").unwrap().0.format,
        Format::Odt
    );
}

#[test]
fn bad_files_get_clear_errors() {
    type Expect = fn(&LoadError) -> bool;
    let cases: [(&str, Expect); 6] = [
        ("krypterad.pdf", |e| matches!(e, LoadError::Encrypted)),
        ("skannad.pdf", |e| matches!(e, LoadError::NoTextLayer)),
        ("trasig.pdf", |e| matches!(e, LoadError::Corrupt { .. })),
        ("trasig.docx", |e| matches!(e, LoadError::Corrupt { .. })),
        ("tom.docx", |e| matches!(e, LoadError::Corrupt { .. })),
        ("zipbomb.docx", |e| {
            matches!(e, LoadError::TooLargeInside { .. })
        }),
    ];
    for (name, ok) in cases {
        let err = load(&format!("fixtures/office/{name}")).expect_err(name);
        assert!(ok(&err), "{name}: {err}");
        let message = err.to_string();
        assert!(
            message.contains("fil") || message.contains("PDF"),
            "{name}: {message}"
        );
    }
}

#[test]
fn old_encodings_are_read() {
    let md = std::fs::read_to_string("fixtures/reports/grundskola-brister.md").unwrap();
    let first: String = md.lines().take(5).collect::<Vec<_>>().join("\n");
    for name in ["windows-1252.txt", "utf16.txt"] {
        let bytes = std::fs::read(format!("fixtures/office/{name}")).unwrap();
        let (doc, issues) = document::load(&bytes, name).unwrap();
        let head: String = doc.source.lines().take(5).collect::<Vec<_>>().join("\n");
        assert_eq!(head, first, "{name}");
        assert_eq!(
            issues.len(),
            usize::from(name.starts_with("windows")),
            "{name}: {issues:?}"
        );
    }
}

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn mutated_office_and_pdf_files_never_panic() {
    let mut rng = Lcg(0x5ca1);
    for name in [
        "grundskola-brister.docx",
        "grundskola-brister.odt",
        "grundskola-brister.pdf",
    ] {
        let original = std::fs::read(format!("fixtures/office/{name}")).unwrap();
        for round in 0..40 {
            let mut bytes = original.clone();
            match round % 4 {
                0 => bytes.truncate(rng.next() as usize % bytes.len()),
                1 => {
                    for _ in 0..1 + rng.next() % 20 {
                        let i = rng.next() as usize % bytes.len();
                        bytes[i] = rng.next() as u8;
                    }
                }
                2 => {
                    let i = rng.next() as usize % bytes.len();
                    let len = (rng.next() as usize % 500).min(bytes.len() - i);
                    bytes.drain(i..i + len);
                }
                _ => {
                    let i = rng.next() as usize % bytes.len();
                    let junk: Vec<u8> = (0..rng.next() % 300).map(|_| rng.next() as u8).collect();
                    bytes.splice(i..i, junk);
                }
            }
            if let Err(e) = document::load(&bytes, name) {
                assert!(
                    !matches!(e, LoadError::ReaderFailed(_) | LoadError::Timeout(_)),
                    "{name} round {round}: {e}"
                );
            }
        }
    }
}

mod properties {
    use proptest::prelude::*;
    use skalint::document::{self, LoadError};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            if let Err(e) = document::load(&bytes, "x.txt") {
                prop_assert!(!matches!(e, LoadError::ReaderFailed(_) | LoadError::Timeout(_)));
            }
        }

        #[test]
        fn arbitrary_bytes_behind_a_format_header_never_panic(
            header in prop_oneof![Just(b"PK\x03\x04".to_vec()), Just(b"%PDF-1.7\n".to_vec())],
            rest in proptest::collection::vec(any::<u8>(), 0..2048),
        ) {
            let bytes = [header, rest].concat();
            if let Err(e) = document::load(&bytes, "x") {
                prop_assert!(!matches!(e, LoadError::ReaderFailed(_) | LoadError::Timeout(_)));
            }
        }

        #[test]
        fn any_text_lowers_with_spans_inside_the_source(text in "\\PC{0,400}") {
            for format in [document::Format::Markdown, document::Format::Text] {
                let (doc, _) = document::Document::parse(&text, format);
                for b in &doc.blocks {
                    prop_assert!(b.span.end <= doc.source.len());
                    prop_assert!(doc.source.is_char_boundary(b.span.start) && doc.source.is_char_boundary(b.span.end));
                }
                for s in &doc.sentences {
                    let span = doc.sentence_span(s);
                    prop_assert!(span.start <= span.end && span.end <= doc.source.len());
                }
            }
        }
    }
}
