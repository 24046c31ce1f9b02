//! `document::load` on bytes named `f.odt` (the reader is picked by content, so mutated
//! seeds also reach the other readers and the text decoder).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // An `Err` is a correct answer; only panics, aborts, hangs and stack overflows are bugs.
    let _ = skalint::document::load(data, "f.odt");
});
