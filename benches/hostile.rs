//! Hostile sizes and shapes, as whole processes: a plain-text report on one line of 4 MB (a
//! PDF page or web page saved as text), 25 MB of prose in one paragraph, a Word file whose
//! document.xml is one 60 MB paragraph, Markdown lists 2,000 deep and PDF arrays 5,000 deep
//! (the other formats' nesting is in `tests/hostile.rs`).
//!
//! `cargo bench --bench hostile` prints, for each, the wall time, the peak memory (max RSS)
//! and the bytes printed. Targets: output bounded by the findings, not the line length (a few
//! tens of KB); memory a small multiple of the input (at most ~8× the text); deep nesting
//! refused in milliseconds with exit status 2.

use std::io::Write;
use std::path::Path;

mod process;

/// Writes `piece` repeated to `size` bytes, a piece at a time: the bench process must stay
/// small, since a child's max RSS starts from its parent's at fork.
fn repeated(out: &mut impl Write, piece: &str, size: usize) {
    for _ in 0..size / piece.len() {
        out.write_all(piece.as_bytes()).unwrap();
    }
}

fn one_line(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("en-rad.txt");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let sentence = "Skolan har följt upp resultaten och eleverna har deltagit i arbetet. ";
    repeated(&mut out, sentence, 4_000_000);
    path
}

fn one_paragraph(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("ett-stycke.txt");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    repeated(&mut out, "Eleverna har läst mer i år. ", 25_000_000);
    path
}

fn word_paragraph(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("ett-stycke.docx");
    let run = r#"<w:r><w:t xml:space="preserve">Eleverna har läst mer i år. </w:t></w:r>"#;
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("word/document.xml", options).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>"#)
        .unwrap();
    repeated(&mut z, run, 60_000_000);
    z.write_all(b"</w:p></w:body></w:document>").unwrap();
    z.finish().unwrap();
    path
}

fn write(dir: &Path, name: &str, bytes: Vec<u8>) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let d = dir.path();
    println!("hostile input, skalint {}", env!("CARGO_PKG_VERSION"));
    let cases = [
        ("4 MB on one line (text)", one_line(d)),
        ("25 MB in one paragraph (text)", one_paragraph(d)),
        (
            "60 MB document.xml in one paragraph (Word)",
            word_paragraph(d),
        ),
        (
            "lists nested 2,000 deep (Markdown)",
            write(
                d,
                "djup.md",
                (0..2_000)
                    .map(|i| format!("{}- punkt\n", "  ".repeat(i)))
                    .collect::<String>()
                    .into_bytes(),
            ),
        ),
        (
            "arrays nested 5,000 deep (PDF)",
            write(
                d,
                "djup.pdf",
                format!(
                    "%PDF-1.4\n1 0 obj\n{}1{}\nendobj\n%%EOF\n",
                    "[".repeat(5_000),
                    "]".repeat(5_000)
                )
                .into_bytes(),
            ),
        ),
    ];
    for (what, path) in cases {
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        let r = process::run(&["check", "--no-config", path.to_str().unwrap()]);
        println!(
            "{what:<45} {:>7.1} MiB in: {:>7.2} s, peak {:>6.1} MiB, printed {:>7.1} KiB, status {}",
            size as f64 / 1048576.0,
            r.elapsed.as_secs_f64(),
            r.peak_kib as f64 / 1024.0,
            r.printed as f64 / 1024.0,
            r.code
        );
    }
}
