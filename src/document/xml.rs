//! Zip containers of XML (Word, OpenDocument), read with bounds: a hostile file can claim any
//! size, so entry count and uncompressed size are capped while reading, not trusted.

use super::LoadError;
use std::io::{Cursor, Read};

/// More entries than any real document has.
const MAX_ENTRIES: usize = 10_000;
/// The largest XML part read (document.xml of a 500-page report is a few MB).
pub(super) const MAX_PART: u64 = 64 * 1024 * 1024;

pub(super) struct Container {
    zip: zip::ZipArchive<Cursor<Vec<u8>>>,
    what: &'static str,
}

impl Container {
    pub fn open(bytes: &[u8], what: &'static str) -> Result<Container, LoadError> {
        let zip =
            zip::ZipArchive::new(Cursor::new(bytes.to_vec())).map_err(|e| LoadError::Corrupt {
                what,
                detail: e.to_string(),
            })?;
        if zip.len() > MAX_ENTRIES {
            return Err(LoadError::Corrupt {
                what,
                detail: format!("{} delar i arkivet", zip.len()),
            });
        }
        Ok(Container { zip, what })
    }

    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The text of one part, or `None` when the archive has no such part.
    pub fn part(&mut self, name: &str) -> Result<Option<String>, LoadError> {
        let what = self.what;
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let entry = self.zip.by_index(index).map_err(|e| LoadError::Corrupt {
            what,
            detail: format!("{name}: {e}"),
        })?;
        let mut bytes = Vec::new();
        entry
            .take(MAX_PART + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| LoadError::Corrupt {
                what,
                detail: format!("{name}: {e}"),
            })?;
        if bytes.len() as u64 > MAX_PART {
            return Err(LoadError::TooLargeInside {
                what,
                part: name.to_string(),
            });
        }
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| LoadError::Corrupt {
                what,
                detail: format!("{name} är inte UTF-8"),
            })
    }
}

/// Parses XML; DTDs (and with them entity expansion bombs) are refused by roxmltree.
pub(super) fn parse<'a>(
    text: &'a str,
    what: &'static str,
    part: &str,
) -> Result<roxmltree::Document<'a>, LoadError> {
    roxmltree::Document::parse(text).map_err(|e| LoadError::Corrupt {
        what,
        detail: format!("{part}: {e}"),
    })
}

/// The local name of an element, whatever prefix its namespace has.
pub(super) fn is(node: roxmltree::Node, local: &str) -> bool {
    node.is_element() && node.tag_name().name() == local
}

/// An attribute by local name, whatever its namespace.
pub(super) fn attr<'a>(node: roxmltree::Node<'a, '_>, local: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == local)
        .map(|a| a.value())
}
