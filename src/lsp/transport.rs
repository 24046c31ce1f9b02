//! The stdio transport. lsp-server's own stdio reader ends the connection at the first message
//! it cannot parse; an editor plugin that sends one bad message would then lose the server for
//! the whole session. This reader skips such a message (and any garbage before the next
//! header) and goes on; it never writes what it skipped anywhere, as it may hold document text.

use crossbeam_channel::{Sender, bounded};
use lsp_server::{Connection, Message};
use std::io::{self, BufRead, Write};
use std::thread;

/// Messages larger than this are refused (a 100-page report is about 0.3 MB).
const MAX_MESSAGE: usize = 64 * 1024 * 1024;

/// The reader and writer threads; join after the server loop returns.
pub struct Threads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<io::Result<()>>,
}

impl Threads {
    pub fn join(self) -> io::Result<()> {
        // The reader may be blocked on standard input after `exit`; it ends with the process.
        drop(self.reader);
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")))
    }
}

/// A connection over standard input and output.
pub fn stdio() -> (Connection, Threads) {
    let (to_writer, from_server) = bounded::<Message>(0);
    let writer = thread::Builder::new()
        .name("skalint-lsp-writer".into())
        .spawn(move || {
            let stdout = io::stdout();
            let mut out = stdout.lock();
            for msg in from_server {
                msg.write(&mut out)?;
                out.flush()?;
            }
            Ok(())
        })
        .expect("spawn the writer thread");
    let (to_server, from_reader) = bounded::<Message>(0);
    let reader = thread::Builder::new()
        .name("skalint-lsp-reader".into())
        .spawn(move || {
            let stdin = io::stdin();
            read_loop(&mut stdin.lock(), &to_server);
        })
        .expect("spawn the reader thread");
    (
        Connection {
            sender: to_writer,
            receiver: from_reader,
        },
        Threads { reader, writer },
    )
}

/// Reads framed messages until end of input or `exit`.
///
/// A malformed frame (a misspelled, non-numeric or wrong `Content-Length`) never leaves the
/// reader deaf: it looks for the next `Content-Length:` header wherever it starts, even glued
/// to the tail of the broken body, and a body that is not JSON but holds a header is read
/// again from that header.
pub fn read_loop(input: &mut dyn BufRead, to_server: &Sender<Message>) {
    let mut input = Rewind::new(input);
    loop {
        match read_frame(&mut input) {
            Ok(Some(body)) => match serde_json::from_slice::<Message>(&body) {
                Ok(msg) => {
                    let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
                    if to_server.send(msg).is_err() || exit {
                        return;
                    }
                }
                Err(e) => {
                    eprintln!(
                        "skalint lsp: ett meddelande ({} byte) kunde inte tolkas och hoppades över: {}",
                        body.len(),
                        json_error_kind(&e)
                    );
                    // A length longer than the body swallows the next header: read on from it.
                    if let Some(at) = header_at(&body[1.min(body.len())..]) {
                        input.put_back(&body[1 + at..]);
                    }
                }
            },
            Ok(None) => return,
            Err(e) => eprintln!("skalint lsp: {e}; läser vidare"),
        }
    }
}

/// What kind of JSON error `e` is, in Swedish, without serde's message, which may quote the
/// payload (document text).
pub fn json_error_kind(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Io => "läsfel",
        serde_json::error::Category::Syntax => "ogiltig JSON",
        serde_json::error::Category::Data => "fel typ eller fält saknas",
        serde_json::error::Category::Eof => "JSON tar slut för tidigt",
    }
}

/// The longest header line kept; a longer line (garbage without a newline) is scanned for a
/// header and otherwise dropped as it is read, so memory stays bounded.
const MAX_HEADER_LINE: usize = 8 * 1024;

const HEADER: &[u8] = b"content-length:";

/// Where a `Content-Length:` header starts in `bytes`, in any letter case.
fn header_at(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(HEADER.len())
        .position(|w| w.eq_ignore_ascii_case(HEADER))
}

/// Reads one line (up to and including `\n`) into `line`, keeping at most
/// [`MAX_HEADER_LINE`] bytes: from a longer line only the part from its last header on, or its
/// last few bytes, are kept. Returns whether anything was read.
fn read_line(input: &mut dyn BufRead, line: &mut Vec<u8>) -> io::Result<bool> {
    line.clear();
    let mut any = false;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(any);
        }
        any = true;
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        line.extend_from_slice(chunk);
        let used = chunk.len();
        input.consume(used);
        if line.len() > MAX_HEADER_LINE {
            let keep = match header_at(line) {
                Some(at) if line.len() - at <= MAX_HEADER_LINE => at,
                _ => line.len() - HEADER.len(),
            };
            line.drain(..keep);
        }
        if done {
            return Ok(true);
        }
    }
}

/// One message body; `Ok(None)` at the end of input. Lines before a `Content-Length` header
/// that are not headers are skipped, so the reader finds the next message after garbage.
fn read_frame(input: &mut dyn BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut line = Vec::new();
    loop {
        if !read_line(input, &mut line)? {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if length.is_some() {
                break;
            }
            continue;
        }
        // The header may be glued to the tail of a broken body before it.
        if let Some(at) = header_at(text.as_bytes()) {
            length = text[at + HEADER.len()..].trim().parse().ok();
            continue;
        }
        match text.split_once(':') {
            // Content-Type and unknown headers are allowed; anything else is garbage.
            Some((name, _)) if !name.contains(char::is_whitespace) && length.is_some() => {}
            _ => length = None,
        }
    }
    let length = length.unwrap_or_default();
    if length > MAX_MESSAGE {
        io::copy(
            &mut io::Read::take(&mut *input, length as u64),
            &mut io::sink(),
        )?;
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("ett meddelande på {length} byte är för stort och hoppades över"),
        ));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

/// A reader that can be given bytes back, read again before the rest of the input.
struct Rewind<'a> {
    inner: &'a mut dyn BufRead,
    back: Vec<u8>,
    pos: usize,
}

impl<'a> Rewind<'a> {
    fn new(inner: &'a mut dyn BufRead) -> Rewind<'a> {
        Rewind {
            inner,
            back: Vec::new(),
            pos: 0,
        }
    }

    fn put_back(&mut self, bytes: &[u8]) {
        let mut back = bytes.to_vec();
        back.extend_from_slice(&self.back[self.pos..]);
        self.back = back;
        self.pos = 0;
    }
}

impl io::Read for Rewind<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(buf.len());
            buf[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Rewind<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos < self.back.len() {
            Ok(&self.back[self.pos..])
        } else {
            self.inner.fill_buf()
        }
    }

    fn consume(&mut self, n: usize) {
        if self.pos < self.back.len() {
            self.pos += n;
            if self.pos >= self.back.len() {
                self.back.clear();
                self.pos = 0;
            }
        } else {
            self.inner.consume(n);
        }
    }
}

/// Frames a message as the protocol sends it (for tests and clients).
pub fn frame(json: &str) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", json.len()).into_bytes();
    out.extend_from_slice(json.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_and_bad_json_are_skipped() {
        let mut bytes = b"hello there\r\n\r\n".to_vec();
        bytes.extend(frame("{not json"));
        bytes.extend(frame(
            r#"{"jsonrpc":"2.0","method":"nonsense-without-params?"}"#,
        ));
        bytes.extend(frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#));
        bytes.extend(b"Content-Length: 5\r\n\r\n[1,2]");
        bytes.extend(frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        let (tx, rx) = crossbeam_channel::unbounded();
        read_loop(&mut io::Cursor::new(bytes), &tx);
        let got: Vec<String> = rx
            .try_iter()
            .map(|m| match m {
                Message::Request(r) => r.method,
                Message::Notification(n) => n.method,
                Message::Response(_) => "response".into(),
            })
            .collect();
        assert_eq!(got, ["nonsense-without-params?", "shutdown", "exit"]);
    }

    /// The methods `read_loop` passes on from `bytes`.
    fn methods(bytes: Vec<u8>) -> Vec<String> {
        let (tx, rx) = crossbeam_channel::unbounded();
        read_loop(&mut io::Cursor::new(bytes), &tx);
        rx.try_iter()
            .map(|m| match m {
                Message::Request(r) => r.method,
                Message::Notification(n) => n.method,
                Message::Response(_) => "response".into(),
            })
            .collect()
    }

    const SHUTDOWN: &str = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
    const EXIT: &str = r#"{"jsonrpc":"2.0","method":"exit"}"#;

    #[test]
    fn the_reader_resynchronises_after_every_kind_of_broken_frame() {
        let body = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let broken: Vec<(&str, Vec<u8>)> = vec![
            (
                "misspelled",
                format!("Content-Lenght: {}\r\n\r\n{body}", body.len()).into(),
            ),
            (
                "not a number",
                format!("Content-Length: tio\r\n\r\n{body}").into(),
            ),
            (
                "negative",
                format!("Content-Length: -5\r\n\r\n{body}").into(),
            ),
            (
                "too short",
                format!("Content-Length: 10\r\n\r\n{body}").into(),
            ),
            (
                "too long",
                format!("Content-Length: {}\r\n\r\n{body}", body.len() + 30).into(),
            ),
            (
                "no blank line",
                format!("Content-Length: {}\r\n{body}", body.len()).into(),
            ),
            (
                "lower case",
                format!("content-length: {}\r\n\r\n{body}", body.len()).into(),
            ),
        ];
        for (what, bad) in broken {
            let mut bytes = bad;
            bytes.extend(frame(SHUTDOWN));
            bytes.extend(frame(EXIT));
            let got = methods(bytes);
            assert!(
                got.ends_with(&["shutdown".to_string(), "exit".to_string()]),
                "{what}: {got:?}"
            );
        }
    }

    #[test]
    fn a_header_line_without_end_is_dropped_as_it_is_read() {
        // Memory stays bounded (MAX_HEADER_LINE), and the next message is still found.
        let mut bytes = vec![b'x'; 4 * 1024 * 1024];
        bytes.extend(frame(SHUTDOWN));
        bytes.extend(frame(EXIT));
        assert_eq!(methods(bytes), ["shutdown", "exit"]);
        let mut line = Vec::new();
        let mut long = io::Cursor::new(vec![b'y'; 100_000]);
        assert!(read_line(&mut long, &mut line).unwrap());
        assert!(line.len() <= MAX_HEADER_LINE);
    }

    #[test]
    fn truncated_input_ends_the_loop() {
        let (tx, rx) = crossbeam_channel::unbounded();
        read_loop(
            &mut io::Cursor::new(b"Content-Length: 100\r\n\r\n{".to_vec()),
            &tx,
        );
        assert!(rx.try_recv().is_err());
    }
}
