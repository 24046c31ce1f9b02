//! `document::load` on bytes named `f.md`, then the whole pipeline on what it read.
#![no_main]

#[path = "pipeline.rs"]
mod pipeline;

libfuzzer_sys::fuzz_target!(init: { pipeline::init(); }, |data: &[u8]| {
    pipeline::run(data, "f.md");
});
