//! A review of many documents: read, load, profile and check each on all cores, and hand the
//! results to the caller in input order.
//!
//! Documents go through in chunks a few times the number of threads: a chunk is checked in
//! parallel, handed over in order, and dropped before the next one is read, so memory holds a
//! chunk of documents, never the whole batch.

use crate::check::{self, Options};
use crate::document::{self, Document};
use crate::input::{self, Input};
use crate::profile::{self, Overrides};
use crate::report::{CheckedFile, Failure};
use crate::rules::RulePack;
use crate::walk::Target;
use rayon::prelude::*;

/// What every document of a run is checked with.
pub struct Setup {
    pub pack: RulePack,
    pub overrides: Overrides,
    pub options: Options,
}

/// One checked document, with the document itself while the caller may still quote it.
pub struct Reviewed {
    pub file: CheckedFile,
    pub document: Document,
    /// Problems worth a warning that did not stop the check (bad front matter, a reader's
    /// notes), in Swedish.
    pub warnings: Vec<String>,
}

/// Loads and checks one input.
pub fn review(input: Input, setup: &Setup) -> Result<Reviewed, Failure> {
    let path = input.path.clone();
    review_as(input, setup, &setup.overrides).map_err(|e| Failure {
        path,
        error: e.to_string(),
    })
}

/// Loads and checks one input under `overrides` instead of the setup's own: `skalint serve`
/// takes level, kind and school forms from each request's form.
pub fn review_as(
    input: Input,
    setup: &Setup,
    overrides: &Overrides,
) -> Result<Reviewed, document::LoadError> {
    let (document, issues) = document::load(&input.bytes, &input.path)?;
    drop(input.bytes);
    let warnings = issues
        .into_iter()
        .map(|i| i.message)
        .chain(profile::front_matter_problems(&document))
        .collect();
    let profile = profile::detect(&document, overrides);
    let outcome = check::run(&document, &profile, &setup.pack, &setup.options);
    let file = CheckedFile::new(input.path, &document, profile, outcome);
    Ok(Reviewed {
        file,
        document,
        warnings,
    })
}

fn read(target: &Target) -> Result<Input, Failure> {
    let (read, name) = match target {
        Target::Stdin => (input::read_stdin(), "-".to_string()),
        Target::Path(p) => (input::read_path(p), p.display().to_string()),
    };
    read.map_err(|e| Failure {
        path: name,
        error: e.to_string(),
    })
}

/// Reviews `targets` (and `extra` inputs before them, such as the embedded example) on the
/// rayon pool, calling `each` in input order; `tick` is called from workers as each file is
/// done, for a progress bar.
pub fn run(
    extra: Vec<Input>,
    targets: &[Target],
    setup: &Setup,
    tick: &(dyn Fn() + Sync),
    mut each: impl FnMut(Result<Reviewed, Failure>),
) {
    for input in extra {
        each(review(input, setup));
        tick();
    }
    let chunk = 4 * rayon::current_num_threads().max(1);
    for part in targets.chunks(chunk) {
        let done: Vec<Result<Reviewed, Failure>> = part
            .par_iter()
            .map(|t| {
                // Standard input is read here too, once: it is one target among the others.
                let r = read(t).and_then(|i| review(i, setup));
                tick();
                r
            })
            .collect();
        for r in done {
            each(r);
        }
    }
}
