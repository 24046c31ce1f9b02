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
pub fn read_loop(input: &mut dyn BufRead, to_server: &Sender<Message>) {
    loop {
        match read_frame(input) {
            Ok(Some(body)) => match serde_json::from_slice::<Message>(&body) {
                Ok(msg) => {
                    let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
                    if to_server.send(msg).is_err() || exit {
                        return;
                    }
                }
                Err(e) => eprintln!(
                    "skalint lsp: ett meddelande ({} byte) kunde inte tolkas och hoppades över: {}",
                    body.len(),
                    json_error_kind(&e)
                ),
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

/// One message body; `Ok(None)` at the end of input. Lines before a `Content-Length` header
/// that are not headers are skipped, so the reader finds the next message after garbage.
fn read_frame(input: &mut dyn BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
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
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                length = value.trim().parse().ok();
            }
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
