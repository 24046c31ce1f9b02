//! What the text and Markdown targets share: `document::load` on the bytes, then the whole
//! pipeline on what it read, `profile::detect` and `check::run` with the embedded rule pack.

use std::sync::LazyLock;

pub static PACK: LazyLock<skalint::RulePack> =
    LazyLock::new(|| skalint::RulePack::embedded().expect("the embedded rule pack is valid"));

/// Compiling the pack takes seconds in this build: done in the target's `init`, not inside the
/// first input's time.
pub fn init() {
    LazyLock::force(&PACK);
}

/// An `Err` from `load` is a correct answer; only panics, aborts, hangs and stack overflows
/// are bugs.
pub fn run(data: &[u8], name: &str) {
    if let Ok((doc, _issues)) = skalint::document::load(data, name) {
        let profile = skalint::profile::detect(&doc, &skalint::profile::Overrides::default());
        let _ = skalint::check::run(&doc, &profile, &PACK, &skalint::check::Options::default());
    }
}
