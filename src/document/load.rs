//! From bytes to a [`Document`]: the format is decided by the content, not the file name (a
//! Word file called rapport.txt is still read as Word), and every reader of a binary format runs
//! behind a panic guard and a time limit, since a hostile file must never crash or hang skalint.

use super::{Document, Format, ParseIssue, RawBlock};
use std::time::Duration;

/// How long one binary document may take to read.
const READ_LIMIT: Duration = Duration::from_secs(60);

/// The reader thread's stack. The readers refuse deep nesting before they recurse (XML in
/// `xml::parse`, PDF in `pdf::read`), but a PDF parser recursing through a compressed object
/// that no scan sees must still not overflow: a stack overflow aborts the whole process, which
/// `catch_unwind` cannot stop. The memory is reserved, not used, until a reader needs it.
const READER_STACK: usize = 256 * 1024 * 1024;

/// Why a document could not be read. The messages are for the user, in Swedish.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum LoadError {
    #[error("filen är tom")]
    Empty,
    #[error(
        "filen ser ut att vara binär ({0}); skalint läser Word (.docx), OpenDocument (.odt), PDF, Markdown och vanlig text"
    )]
    Binary(&'static str),
    #[error(
        "filen är inte UTF-8 och ser inte ut som Windows-1252 heller (första okända byte vid position {0}); spara den som UTF-8 och försök igen"
    )]
    Encoding(usize),
    #[error("{what} är trasig och kunde inte läsas ({detail})")]
    Corrupt { what: &'static str, detail: String },
    #[error(
        "{what} innehåller en del ({part}) som packar upp till mer än 64 MB; den läses inte (skydd mot zip-bomber)"
    )]
    TooLargeInside { what: &'static str, part: String },
    #[error(
        "{0} innehåller en DTD (en dokumenttypsdefinition), som skalint inte läser; Word och LibreOffice skriver aldrig en sådan. Spara om dokumentet i Word eller LibreOffice och försök igen"
    )]
    Dtd(&'static str),
    #[error(
        "{what}: dokumentet är för djupt nästlat (fler än {max} nivåer inuti varandra) och läses inte; så ser inget vanligt dokument ut. Spara om det i Word eller LibreOffice, eller kopiera texten till ett nytt dokument"
    )]
    TooDeep { what: &'static str, max: usize },
    #[error("zip-arkivet är varken en Word-fil (.docx) eller en OpenDocument-text (.odt)")]
    UnknownZip,
    #[error(
        "PDF-filen är krypterad eller lösenordsskyddad; spara en kopia utan lösenord och försök igen"
    )]
    Encrypted,
    #[error(
        "PDF-filen har inget textlager (den är troligen inskannad); skalint kan bara läsa text, inte bilder av text. Exportera dokumentet till PDF från Word i stället, eller granska Word-filen"
    )]
    NoTextLayer,
    #[error(
        "PDF-filen innehåller ingen text att granska (och inga inskannade sidor heller); kontrollera att det är rätt fil"
    )]
    NoText,
    #[error("PDF-filer kan inte läsas av den här versionen av skalint (byggd utan PDF-stöd)")]
    PdfUnsupported,
    #[error("{0} tog för lång tid att läsa (mer än 60 sekunder) och gavs upp")]
    Timeout(&'static str),
    #[error("{0} har ett innehåll som läsaren inte klarar; filen är troligen trasig")]
    ReaderFailed(&'static str),
}

/// Reads a document from its bytes. `name` is the file name (for Markdown vs text only).
pub fn load(bytes: &[u8], name: &str) -> Result<(Document, Vec<ParseIssue>), LoadError> {
    if bytes.is_empty() {
        return Err(LoadError::Empty);
    }
    // Some PDFs have bytes before the header; a text that merely mentions "%PDF-" is valid UTF-8.
    let late_header = || {
        bytes
            .get(..1024)
            .is_some_and(|h| find(h, b"%PDF-").is_some())
            && std::str::from_utf8(bytes).is_err()
    };
    if bytes.starts_with(b"%PDF-") || late_header() {
        return guarded("PDF-filen", Format::Pdf, bytes, read_pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let zip = super::xml::Container::open(bytes, "zip-filen")?;
        if zip.has("word/document.xml") {
            return guarded("Word-filen", Format::Docx, bytes, super::docx::read);
        }
        if zip.has("content.xml") {
            return guarded("OpenDocument-filen", Format::Odt, bytes, super::odt::read);
        }
        if bytes.len() > 30 && zip.has("[Content_Types].xml") {
            return Err(LoadError::Corrupt {
                what: "Word-filen (.docx)",
                detail: "word/document.xml saknas".into(),
            });
        }
        return Err(LoadError::UnknownZip);
    }
    for (magic, what) in [
        (
            &b"\xd0\xcf\x11\xe0"[..],
            "gammalt Word-format .doc; spara som .docx",
        ),
        (b"{\\rtf", "RTF; spara som .docx"),
        (b"\x89PNG", "en bild (PNG)"),
        (b"\xff\xd8\xff", "en bild (JPEG)"),
    ] {
        if bytes.starts_with(magic) {
            return Err(LoadError::Binary(what));
        }
    }
    let (text, issues) = decode(bytes)?;
    let format = match Format::from_path(name) {
        Format::Markdown => Format::Markdown,
        _ if name == "-" && looks_like_markdown(&text) => Format::Markdown,
        _ => Format::Text,
    };
    let (doc, mut more) = Document::parse(&text, format);
    more.splice(0..0, issues);
    Ok((doc, more))
}

type Reader = fn(&[u8]) -> Result<(Vec<RawBlock>, Vec<ParseIssue>), LoadError>;

/// Runs a reader on its own thread: a panic becomes an error, and so does a reader that does
/// not finish in time (the thread is then left behind; the caller goes on).
fn guarded(
    what: &'static str,
    format: Format,
    bytes: &[u8],
    reader: Reader,
) -> Result<(Document, Vec<ParseIssue>), LoadError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let owned = bytes.to_vec();
    let spawned = std::thread::Builder::new()
        .name("skalint-read".into())
        .stack_size(READER_STACK)
        .spawn(move || {
            let result = std::panic::catch_unwind(|| reader(&owned));
            let _ = tx.send(result);
        });
    if spawned.is_err() {
        return Err(LoadError::Corrupt {
            what,
            detail: "kunde inte starta läsningen".into(),
        });
    }
    match rx.recv_timeout(READ_LIMIT) {
        Ok(Ok(Ok((blocks, issues)))) => Ok((Document::from_blocks(format, blocks), issues)),
        Ok(Ok(Err(e))) => Err(e),
        Ok(Err(_panic)) => Err(LoadError::ReaderFailed(what)),
        Err(_) => Err(LoadError::Timeout(what)),
    }
}

#[cfg(feature = "pdf")]
fn read_pdf(bytes: &[u8]) -> Result<(Vec<RawBlock>, Vec<ParseIssue>), LoadError> {
    super::pdf::read(bytes)
}

#[cfg(not(feature = "pdf"))]
fn read_pdf(_: &[u8]) -> Result<(Vec<RawBlock>, Vec<ParseIssue>), LoadError> {
    Err(LoadError::PdfUnsupported)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Text: UTF-8 (BOM optional), UTF-16 with a BOM or plainly UTF-16 LE, and Windows-1252 as
/// older Swedish systems wrote it (said in an issue, since it is a guess).
pub fn decode(bytes: &[u8]) -> Result<(String, Vec<ParseIssue>), LoadError> {
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        return utf16(rest, u16::from_be_bytes);
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let head = &bytes[..bytes.len().min(8192)];
    let zeros_odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if head.len() >= 4 && zeros_odd * 3 > head.len() / 2 {
        return utf16(bytes, u16::from_le_bytes);
    }
    if head.contains(&0) {
        return Err(LoadError::Binary("innehåller NUL-tecken"));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), Vec::new())),
        Err(e) => {
            // Windows-1252 writes å ä ö Å Ä Ö as single bytes; without any of them it is
            // not Swedish text in that encoding.
            let swedish = bytes
                .iter()
                .any(|b| matches!(b, 0xe5 | 0xe4 | 0xf6 | 0xc5 | 0xc4 | 0xd6));
            let controls = bytes
                .iter()
                .filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b))
                .count();
            if !swedish || controls > bytes.len() / 100 {
                return Err(LoadError::Encoding(e.valid_up_to()));
            }
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            let note = ParseIssue {
                message: "filen är inte UTF-8; den lästes som Windows-1252 (ANSI)".into(),
            };
            Ok((text.into_owned(), vec![note]))
        }
    }
}

fn utf16(bytes: &[u8], from: fn([u8; 2]) -> u16) -> Result<(String, Vec<ParseIssue>), LoadError> {
    let units = bytes.chunks_exact(2).map(|c| from([c[0], c[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map(|s| (s, Vec::new()))
        .map_err(|_| LoadError::Binary("ogiltig UTF-16"))
}

fn looks_like_markdown(text: &str) -> bool {
    text.starts_with("---\n")
        || text.starts_with("+++\n")
        || text.lines().any(|l| {
            let t = l.trim_start();
            t.starts_with("# ") || t.starts_with("## ") || t.starts_with('|') || t.starts_with("**")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_utf16_and_windows_1252() {
        assert_eq!(decode("\u{feff}Åtgärd".as_bytes()).unwrap().0, "Åtgärd");
        let mut le = vec![0xff, 0xfe];
        for u in "Åtgärd".encode_utf16() {
            le.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap().0, "Åtgärd");
        let (text, issues) = decode(b"\xc5tg\xe4rder f\xf6r elever").unwrap();
        assert_eq!(text, "Åtgärder för elever");
        assert_eq!(issues.len(), 1);
    }

    #[test]
    fn refuses_empty_binary_and_unknown_encodings() {
        assert_eq!(load(b"", "x.txt").err(), Some(LoadError::Empty));
        assert!(matches!(
            load(b"ab\0\x01\x02cd efg", "x.txt").err(),
            Some(LoadError::Binary(_))
        ));
        assert!(matches!(
            load(b"\xd0\xcf\x11\xe0rest", "x.doc").err(),
            Some(LoadError::Binary(_))
        ));
        assert!(matches!(
            decode(b"abc \x81\x8d\x90 def"),
            Err(LoadError::Encoding(4))
        ));
        assert!(matches!(
            load(b"PK\x03\x04garbage", "x.docx").err(),
            Some(LoadError::Corrupt { .. })
        ));
    }

    #[test]
    fn a_text_that_mentions_the_pdf_header_is_text() {
        let (doc, _) = load(
            "# Om format\n\nEn PDF börjar med %PDF- och en version.\n".as_bytes(),
            "om.md",
        )
        .unwrap();
        assert_eq!(doc.format, Format::Markdown);
    }

    #[test]
    fn format_is_decided_by_content() {
        let (doc, _) = load("# Rubrik\n\nText.\n".as_bytes(), "rapport.md").unwrap();
        assert_eq!(doc.format, Format::Markdown);
        let (doc, _) = load("RUBRIK\n\nText.\n".as_bytes(), "rapport.txt").unwrap();
        assert_eq!(doc.format, Format::Text);
    }
}
