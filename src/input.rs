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

/// Reads a regular file (a link to one is followed). A FIFO, a device or a socket is refused
/// before it is opened, since opening or reading one can block for ever, and again after
/// opening, in case the path was swapped in between.
pub fn read_path(path: &Path) -> Result<Input, InputError> {
    let meta = std::fs::metadata(path).map_err(|e| InputError::Io(io_message(&e)))?;
    regular(&meta)?;
    if meta.len() > MAX_BYTES {
        return Err(too_large(meta.len()));
    }
    let file = open(path).map_err(|e| InputError::Io(io_message(&e)))?;
    regular(
        &file
            .metadata()
            .map_err(|e| InputError::Io(io_message(&e)))?,
    )?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::Io(io_message(&e)))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(Input {
        path: path.display().to_string(),
        bytes,
    })
}

fn regular(meta: &std::fs::Metadata) -> Result<(), InputError> {
    if meta.is_dir() {
        return Err(InputError::Io("det är en mapp, inte en fil".into()));
    }
    if !meta.is_file() {
        return Err(InputError::Io(
            "det är ingen vanlig fil (utan t.ex. en namngiven pipe eller en enhet); skalint läser bara vanliga filer".into(),
        ));
    }
    Ok(())
}

/// Opens without blocking: a FIFO put in place after the check would otherwise wait for a
/// writer at `open`.
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
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

/// An OS error in Swedish. The system's own text is English (and may name the path again), so
/// it is never appended; the error number is, for whoever has to look it up.
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let text = match e.kind() {
        K::NotFound => "filen finns inte",
        K::PermissionDenied => "behörighet saknas",
        K::InvalidFilename => "namnet är för långt eller ogiltigt",
        K::IsADirectory => "det är en mapp, inte en fil",
        K::NotADirectory => "en del av sökvägen är inte en mapp",
        K::TooManyLinks => "för många länkar",
        K::Interrupted | K::WouldBlock => "läsningen avbröts",
        K::TimedOut => "det tog för lång tid",
        K::UnexpectedEof => "filen tog slut under läsningen",
        K::OutOfMemory => "minnet räckte inte",
        K::StaleNetworkFileHandle | K::NetworkDown | K::NotConnected => {
            "nätverksenheten svarar inte"
        }
        K::ResourceBusy => "filen används av ett annat program",
        K::InvalidData => "innehållet kunde inte läsas",
        K::AddrInUse => "adressen används redan av ett annat program",
        K::AddrNotAvailable => "adressen finns inte på den här datorn",
        K::StorageFull => "disken är full",
        K::ReadOnlyFilesystem => "filsystemet är skrivskyddat",
        K::AlreadyExists => "filen finns redan",
        K::BrokenPipe => "mottagaren stängde förbindelsen",
        _ => "ett fel i filsystemet",
    };
    match e.raw_os_error() {
        Some(code) if !matches!(e.kind(), K::NotFound | K::PermissionDenied) => {
            format!("{text} (systemfel {code})")
        }
        _ => text.into(),
    }
}
