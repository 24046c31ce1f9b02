//! Reading a document's bytes from disk or standard input, with clear Swedish errors for what
//! cannot be read. The document itself is never changed; what the bytes are is decided by
//! [`crate::document::load`].

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
}

/// A document's bytes and the name it was given.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: String,
    pub bytes: Vec<u8>,
}

pub fn read_path(path: &Path) -> Result<Input, InputError> {
    let meta = std::fs::metadata(path).map_err(|e| InputError::Io(io_message(&e)))?;
    if meta.is_dir() {
        return Err(InputError::Io("det är en mapp, inte en fil".into()));
    }
    if meta.len() > MAX_BYTES {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| InputError::Io(io_message(&e)))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(Input {
        path: path.display().to_string(),
        bytes,
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
    Ok(Input {
        path: "-".into(),
        bytes,
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
