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
                detail: zip_problem(&e).into(),
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
            detail: format!("{name}: {}", zip_problem(&e)),
        })?;
        let mut bytes = Vec::new();
        entry
            .take(MAX_PART + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| LoadError::Corrupt {
                what,
                detail: format!("{name}: {}", read_problem(&e)),
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

/// Deeper element nesting than any real document has (a table in a table in a text box is a
/// few dozen levels). The readers walk the tree recursively, so a hostile file nesting thousands
/// of levels is refused here instead of overflowing a thread's stack.
pub(super) const MAX_DEPTH: usize = 256;

/// Parses XML; DTDs (and with them entity expansion bombs) are refused by roxmltree, and so is
/// nesting deeper than [`MAX_DEPTH`].
pub(super) fn parse<'a>(
    text: &'a str,
    what: &'static str,
    part: &str,
) -> Result<roxmltree::Document<'a>, LoadError> {
    let doc = roxmltree::Document::parse(text).map_err(|e| match e {
        roxmltree::Error::DtdDetected => LoadError::Dtd(what),
        e => LoadError::Corrupt {
            what,
            detail: format!("{part} är inte giltig XML ({})", xml_problem(&e)),
        },
    })?;
    if depth(&doc) > MAX_DEPTH {
        return Err(LoadError::TooDeep {
            what,
            max: MAX_DEPTH,
        });
    }
    Ok(doc)
}

/// The deepest element nesting, counted without recursion (each node's depth from its
/// parent's, in document order).
fn depth(doc: &roxmltree::Document) -> usize {
    let mut depths: Vec<u32> = Vec::new();
    let mut max = 0;
    for n in doc.descendants() {
        let parent = n.parent().map_or(0, |p| depths[p.id().get() as usize]);
        let d = parent + u32::from(n.is_element());
        let id = n.id().get() as usize;
        if depths.len() <= id {
            depths.resize(id + 1, 0);
        }
        depths[id] = d;
        max = max.max(d);
    }
    max as usize
}

/// What is wrong with the XML, in Swedish and with its place; roxmltree's own message is English.
fn xml_problem(e: &roxmltree::Error) -> String {
    let pos = e.pos();
    let place = format!("rad {}, kolumn {}", pos.row, pos.col);
    match e {
        roxmltree::Error::UnexpectedEndOfStream | roxmltree::Error::UnclosedRootNode => {
            "texten tar slut mitt i".into()
        }
        roxmltree::Error::NoRootNode => "inget innehåll".into(),
        roxmltree::Error::NodesLimitReached
        | roxmltree::Error::AttributesLimitReached
        | roxmltree::Error::NamespacesLimitReached => "för många delar".into(),
        roxmltree::Error::UnknownEntityReference(..)
        | roxmltree::Error::MalformedEntityReference(_)
        | roxmltree::Error::EntityReferenceLoop(_) => {
            format!("okänd eller trasig entitet, {place}")
        }
        roxmltree::Error::UnexpectedCloseTag(..)
        | roxmltree::Error::UnexpectedEntityCloseTag(_) => {
            format!("en tagg stängs i fel ordning, {place}")
        }
        roxmltree::Error::NonXmlChar(..) => format!("otillåtet tecken, {place}"),
        _ => format!("fel vid {place}"),
    }
}

/// A zip error in Swedish (the zip crate's messages are English).
fn zip_problem(e: &zip::result::ZipError) -> &'static str {
    use zip::result::ZipError;
    match e {
        ZipError::Io(io) => read_problem(io),
        ZipError::InvalidArchive(_) => "arkivet är ofullständigt eller skadat",
        ZipError::UnsupportedArchive(_) | ZipError::CompressionMethodNotSupported(_) => {
            "arkivet använder en packning eller kryptering som skalint inte läser"
        }
        ZipError::InvalidPassword => "arkivet är lösenordsskyddat",
        ZipError::FileNotFound => "en del saknas i arkivet",
        _ => "arkivet kunde inte packas upp",
    }
}

/// A read error inside the archive (a truncated or damaged part).
fn read_problem(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => "delen tar slut för tidigt",
        std::io::ErrorKind::InvalidData => "delen är skadad och kan inte packas upp",
        _ => "delen kunde inte läsas",
    }
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
