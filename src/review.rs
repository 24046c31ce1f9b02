//! A review of many documents: read, load, profile and check each on all cores, and hand the
//! results to the caller in input order.
//!
//! Documents go through in chunks a few times the number of threads: a chunk is checked in
//! parallel, handed over in order, and dropped before the next one is read, so memory holds a
//! chunk of documents, never the whole batch.

use crate::check::{self, Options};
use crate::config;
use crate::document::{self, Document};
use crate::input::{self, Input};
use crate::profile::{self, Overrides};
use crate::report::{CheckedFile, Failure};
use crate::rules::{RuleError, RulePack};
use crate::walk::Target;
use rayon::prelude::*;
use std::path::PathBuf;

/// What every document of a run is checked with.
pub struct Setup {
    pub pack: RulePack,
    pub overrides: Overrides,
    pub options: Options,
}

/// What a caller adds on top of a `skalint.toml`: command-line flags, or nothing.
#[derive(Debug, Clone, Default)]
pub struct Additions {
    /// Rule folders beside the configuration's own.
    pub rules: Vec<PathBuf>,
    /// Rules or requirement keys switched off beside the configuration's.
    pub disable: Vec<String>,
    /// Level, kind and school forms that override the documents' own (the defaults are taken
    /// from the configuration).
    pub overrides: Overrides,
}

impl Setup {
    /// The setup a configuration describes (its local rules, switches, levels and defaults),
    /// with `additions` on top; the built-in pack alone when there is no configuration. Every
    /// front end (check, lsp, serve) builds its setup here, so they check alike.
    pub fn configured(
        loaded: Option<&config::Loaded>,
        additions: Additions,
    ) -> Result<Setup, RuleError> {
        let mut rule_dirs = loaded.map(|l| l.rule_dirs()).unwrap_or_default();
        rule_dirs.extend(additions.rules);
        let pack = RulePack::with_dirs(&rule_dirs)?;
        if let Some(l) = loaded {
            l.check_names(&pack)?;
        }
        let cfg = loaded.map(|l| &l.config);
        let mut disabled: Vec<String> = cfg.map(|c| c.disable.clone()).unwrap_or_default();
        disabled.extend(additions.disable);
        let severity = cfg
            .map(|c| c.severity.clone().into_iter().collect())
            .unwrap_or_default();
        let mut overrides = additions.overrides;
        overrides.defaults = loaded.map(|l| l.defaults()).unwrap_or_default();
        Ok(Setup {
            pack,
            overrides,
            options: Options { disabled, severity },
        })
    }
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
    let profile = profile::detect_with(&document, overrides, &setup.pack.profile);
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
