//! The language server's reader: `Content-Length` framing, header parsing and JSON-RPC
//! decoding (`lsp::transport::read_loop`) on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (tx, _rx) = crossbeam_channel::unbounded();
    skalint::lsp::transport::read_loop(&mut std::io::Cursor::new(data), &tx);
});
