//! Hostile documents, generated: nesting far deeper than any real document (and than the
//! readers' limits), so that a reader that recursed on it would overflow its stack and abort
//! the process. Each is small: a few kilobytes.

use std::io::Write;

/// Levels of nesting: well past the readers' limits (256 XML levels, 100 PDF levels).
pub const DEPTH: usize = 5_000;

fn zip(parts: &[(&str, String)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in parts {
            z.start_file(*name, options).unwrap();
            z.write_all(text.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

/// A Word file with `body` as the content of `w:body`.
fn word(body: &str) -> Vec<u8> {
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip(&[
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.into(),
        ),
        ("word/document.xml", doc),
    ])
}

/// A Word file whose body nests content controls (`w:sdt`/`w:sdtContent`) `depth` levels.
pub fn docx(depth: usize) -> Vec<u8> {
    word(&format!(
        "{}<w:p><w:r><w:t>Rektor har analyserat resultaten.</w:t></w:r></w:p>{}",
        "<w:sdt><w:sdtContent>".repeat(depth),
        "</w:sdtContent></w:sdt>".repeat(depth)
    ))
}

/// A Word file whose one paragraph nests runs inside hyperlinks `depth` levels (the inline
/// reader, not the block reader).
pub fn docx_inline(depth: usize) -> Vec<u8> {
    word(&format!(
        "<w:p>{}<w:r><w:t>Text.</w:t></w:r>{}</w:p>",
        "<w:hyperlink>".repeat(depth),
        "</w:hyperlink>".repeat(depth)
    ))
}

/// An OpenDocument text with lists nested `depth` levels.
pub fn odt(depth: usize) -> Vec<u8> {
    let body = format!(
        "{}<text:p>Rektor har analyserat resultaten.</text:p>{}",
        "<text:list><text:list-item>".repeat(depth),
        "</text:list-item></text:list>".repeat(depth)
    );
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    zip(&[
        ("mimetype", "application/vnd.oasis.opendocument.text".into()),
        ("content.xml", content),
    ])
}

/// A one-page PDF with text, whose page dictionary holds arrays nested `depth` levels.
pub fn pdf(depth: usize) -> Vec<u8> {
    let nested = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    pdf_with(&format!("/Nested {nested}"), "")
}

/// A one-page PDF whose content stream holds arrays nested `depth` levels (as `TJ` operands).
pub fn pdf_content(depth: usize) -> Vec<u8> {
    let nested = format!("{}(x){}", "[".repeat(depth), "]".repeat(depth));
    pdf_with("", &format!("BT /F1 12 Tf 72 700 Td {nested} TJ ET"))
}

/// A valid PDF with one page of text (Helvetica, no embedded font), `page_extra` added to the
/// page dictionary and `content_extra` to the content stream.
pub fn pdf_with(page_extra: &str, content_extra: &str) -> Vec<u8> {
    let content = format!(
        "BT /F1 12 Tf 72 720 Td (Rektor har analyserat resultaten under hela lasaret.) Tj ET\n{content_extra}"
    );
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> {page_extra} >>"
        ),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).into_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    out
}

/// Markdown lists nested `depth` levels.
pub fn markdown_list(depth: usize) -> String {
    (0..depth)
        .map(|i| format!("{}- punkt\n", "  ".repeat(i)))
        .collect()
}

/// Markdown block quotes nested `depth` levels on one line.
pub fn markdown_quote(depth: usize) -> String {
    format!("# Rapport\n\n{} citat\n", ">".repeat(depth))
}

/// Every hostile document, with a file name that gives its format.
pub fn all() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("djup.docx", docx(DEPTH)),
        ("djup-rad.docx", docx_inline(DEPTH)),
        ("djup.odt", odt(DEPTH)),
        ("djup.pdf", pdf(DEPTH)),
        ("djup-innehall.pdf", pdf_content(DEPTH)),
        ("djup-lista.md", markdown_list(DEPTH).into_bytes()),
        ("djupt-citat.md", markdown_quote(DEPTH).into_bytes()),
    ]
}
