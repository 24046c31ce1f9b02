//! The form of the page: its fields, read from a `multipart/form-data` body into memory.
//!
//! Fields: `fil` (the file), `text` (pasted text), `niva` (auto, enhet, huvudman), `skolform`
//! (any number of school forms; none means "decide from the document") and `typ` (auto,
//! rapport, plan, klagomalsrutin). Other fields are ignored.

use crate::input::Input;
use crate::profile::{Kind, Level, SchoolForm};
use axum::extract::Multipart;
use axum::http::StatusCode;

/// The name a pasted text is checked under: `document::load` then tells Markdown from plain
/// text by its look, as it does for standard input.
pub const PASTED: &str = "-";

/// What the user chose in the form; `None` and an empty list leave it to the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choice {
    pub level: Option<Level>,
    pub kind: Option<Kind>,
    pub school_forms: Vec<SchoolForm>,
    /// The pasted text, offered again with the result so it can be re-checked as it is.
    pub text: String,
}

/// A form as sent.
#[derive(Debug, Default)]
pub struct Submitted {
    /// The file's name (its last path component) and bytes, if a file was chosen.
    pub file: Option<(String, Vec<u8>)>,
    pub text: String,
    pub choice: Choice,
}

#[derive(Debug, PartialEq, Eq)]
pub enum FormError {
    /// The body went over the limit.
    TooLarge,
    /// Not a form this page sends.
    Malformed,
}

impl Submitted {
    /// The document to check: the file if one was chosen, else the pasted text.
    pub fn input(self) -> Option<Input> {
        match self.file {
            Some((path, bytes)) if !bytes.is_empty() => Some(Input { path, bytes }),
            _ if !self.text.trim().is_empty() => Some(Input {
                path: PASTED.into(),
                bytes: self.text.into_bytes(),
            }),
            _ => None,
        }
    }
}

/// Reads every field into memory.
pub async fn read(mut multipart: Multipart) -> Result<Submitted, FormError> {
    let mut out = Submitted::default();
    let fail = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            FormError::TooLarge
        } else {
            FormError::Malformed
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(fail)? {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "fil" => {
                let file_name = field.file_name().map(base_name).unwrap_or_default();
                let bytes = field.bytes().await.map_err(fail)?;
                if !bytes.is_empty() {
                    let file_name = if file_name.is_empty() {
                        "dokument".to_string()
                    } else {
                        file_name
                    };
                    out.file = Some((file_name, bytes.to_vec()));
                }
            }
            "text" => {
                let bytes = field.bytes().await.map_err(fail)?;
                out.text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
            }
            "niva" => out.choice.level = Level::parse(&field.text().await.map_err(fail)?),
            "typ" => out.choice.kind = Kind::parse(&field.text().await.map_err(fail)?),
            "skolform" => {
                if let Some(f) = SchoolForm::parse(&field.text().await.map_err(fail)?)
                    && !out.choice.school_forms.contains(&f)
                {
                    out.choice.school_forms.push(f);
                }
            }
            _ => {
                // Read and dropped, so the next field can be reached.
                field.bytes().await.map_err(fail)?;
            }
        }
    }
    out.choice.school_forms.sort();
    out.choice.text = out.text.clone();
    Ok(out)
}

/// The last component of a file name as a browser sends it (some send a whole Windows path),
/// at most 200 characters, without control characters.
pub fn base_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let count = clean.chars().count();
    if count <= 200 {
        return clean;
    }
    // Keep the extension: it tells Markdown from text.
    let ext: String = match clean.rfind('.') {
        Some(i) if clean.len() - i <= 10 => clean[i..].to_string(),
        _ => String::new(),
    };
    let head: String = clean.chars().take(200 - ext.chars().count()).collect();
    format!("{head}{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_their_folders() {
        assert_eq!(
            base_name(r"C:\Users\rektor\Rapport 2025.docx"),
            "Rapport 2025.docx"
        );
        assert_eq!(base_name("a/b/c.md"), "c.md");
        let long = format!("{}.md", "x".repeat(300));
        let short = base_name(&long);
        assert_eq!(short.chars().count(), 200);
        assert!(short.ends_with(".md"));
    }

    #[test]
    fn text_is_used_when_no_file_is_chosen() {
        let s = Submitted {
            file: Some(("tom.docx".into(), Vec::new())),
            text: "# Rapport".into(),
            ..Default::default()
        };
        assert_eq!(s.input().unwrap().path, PASTED);
        assert!(Submitted::default().input().is_none());
    }
}
