//! Reading a document from disk or standard input into text, with clear Swedish errors for
//! what cannot be read. The document itself is never changed.

use crate::document::Format;
use std::io::Read;
use std::path::Path;

/// Larger inputs are refused rather than read into memory.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InputError {
    #[error("filen kunde inte läsas: {0}")]
    Io(String),
    #[error("filen är för stor ({size} MB); skalint läser högst {max} MB")]
    TooLarge { size: u64, max: u64 },
    #[error("filen är tom")]
    Empty,
    #[error(
        "filen ser ut att vara binär ({0}); skalint läser Markdown (.md) och vanlig text (.txt)"
    )]
    Binary(&'static str),
    #[error(
        "filen är inte UTF-8 (första felaktiga byte vid position {0}); spara den som UTF-8 och försök igen"
    )]
    Encoding(usize),
}

/// A document's text, read and decoded.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: String,
    pub format: Format,
    pub text: String,
}

pub fn read_path(path: &Path) -> Result<Input, InputError> {
    let meta = std::fs::metadata(path).map_err(|e| InputError::Io(io_message(&e)))?;
    if meta.is_dir() {
        return Err(InputError::Io("det är en mapp, inte en fil".into()));
    }
    if meta.len() > MAX_BYTES {
        return Err(too_large(meta.len()));
    }
    let bytes = std::fs::read(path).map_err(|e| InputError::Io(io_message(&e)))?;
    let name = path.display().to_string();
    let text = decode(&bytes)?;
    Ok(Input {
        format: Format::from_path(&name),
        path: name,
        text,
    })
}

pub fn read_stdin() -> Result<Input, InputError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::Io(io_message(&e)))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    let text = decode(&bytes)?;
    let format = if looks_like_markdown(&text) {
        Format::Markdown
    } else {
        Format::Text
    };
    Ok(Input {
        path: "-".into(),
        format,
        text,
    })
}

fn too_large(size: u64) -> InputError {
    InputError::TooLarge {
        size: size.div_ceil(1024 * 1024),
        max: MAX_BYTES / (1024 * 1024),
    }
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "filen finns inte".into(),
        std::io::ErrorKind::PermissionDenied => "behörighet saknas".into(),
        _ => e.to_string(),
    }
}

/// Decodes UTF-8 (with or without BOM) and UTF-16 with a BOM; refuses binary data.
pub fn decode(bytes: &[u8]) -> Result<String, InputError> {
    if bytes.is_empty() {
        return Err(InputError::Empty);
    }
    for (magic, what) in [
        (&b"%PDF-"[..], "PDF"),
        (b"PK\x03\x04", "zip, t.ex. .docx eller .odt"),
        (b"\xd0\xcf\x11\xe0", "gammalt Word-format .doc"),
        (b"{\\rtf", "RTF"),
    ] {
        if bytes.starts_with(magic) {
            return Err(InputError::Binary(what));
        }
    }
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        return utf16(rest, u16::from_be_bytes);
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(InputError::Binary("innehåller NUL-tecken"));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(InputError::Encoding(e.valid_up_to())),
    }
}

fn utf16(bytes: &[u8], from: fn([u8; 2]) -> u16) -> Result<String, InputError> {
    let units = bytes.chunks_exact(2).map(|c| from([c[0], c[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| InputError::Binary("ogiltig UTF-16"))
}

fn looks_like_markdown(text: &str) -> bool {
    text.starts_with("---\n")
        || text.starts_with("+++\n")
        || text.lines().any(|l| {
            let t = l.trim_start();
            t.starts_with("# ") || t.starts_with("## ") || t.starts_with("|") || t.starts_with("**")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_and_utf16() {
        assert_eq!(decode("\u{feff}Åtgärd".as_bytes()).unwrap(), "Åtgärd");
        let mut le = vec![0xff, 0xfe];
        for u in "Åtgärd".encode_utf16() {
            le.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap(), "Åtgärd");
    }

    #[test]
    fn refuses_binary_empty_and_latin1() {
        assert_eq!(decode(b""), Err(InputError::Empty));
        assert!(matches!(
            decode(b"%PDF-1.7 ..."),
            Err(InputError::Binary(_))
        ));
        assert!(matches!(decode(b"a\0b"), Err(InputError::Binary(_))));
        assert_eq!(decode(b"\xc5tg\xe4rd"), Err(InputError::Encoding(0)));
    }
}
