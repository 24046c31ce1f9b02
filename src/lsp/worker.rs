//! The checking thread of the language server. The loop hands it a document's text and gets
//! the check back as a message, so that a long document being checked never delays the
//! answers about the others. Jobs for the same document queued behind each other are
//! collapsed: only the newest text is checked.

use super::Checked;
use super::position::Encoding;
use crate::document::Format;
use crate::review::Setup;
use crossbeam_channel::{Receiver, Sender, unbounded};
use gen_lsp_types as lsp;
use std::sync::Arc;

/// One document to check.
pub struct Job {
    pub uri: String,
    pub generation: u64,
    pub text: String,
    pub format: Format,
    pub setup: Arc<Setup>,
    pub enc: Encoding,
}

/// A finished check; `checked` is `None` if the check failed (a bug; said on standard error).
pub struct Done {
    pub uri: String,
    pub generation: u64,
    pub checked: Option<Checked>,
    pub diagnostics: Vec<lsp::Diagnostic>,
}

pub struct Worker {
    jobs: Sender<Job>,
    pub done: Receiver<Done>,
}

impl Worker {
    /// Starts the thread; it ends when the `Worker` is dropped.
    pub fn start() -> Worker {
        let (jobs, queue) = unbounded::<Job>();
        let (finished, done) = unbounded::<Done>();
        // The stack is generous for the same reason as the document readers': no text may
        // overflow it and abort the process.
        let spawned = std::thread::Builder::new()
            .name("skalint-lsp-check".into())
            .stack_size(64 * 1024 * 1024)
            .spawn(move || run(&queue, &finished));
        if spawned.is_err() {
            eprintln!("skalint lsp: kunde inte starta granskningstråden");
        }
        Worker { jobs, done }
    }

    pub fn send(&self, job: Job) {
        let _ = self.jobs.send(job);
    }
}

fn run(queue: &Receiver<Job>, finished: &Sender<Done>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        batch.extend(queue.try_iter());
        // Only the newest job of each document is worth checking.
        let newest: Vec<Job> = {
            let mut keep: Vec<Job> = Vec::new();
            for job in batch {
                match keep.iter_mut().find(|j| j.uri == job.uri) {
                    Some(j) if j.generation < job.generation => *j = job,
                    Some(_) => {}
                    None => keep.push(job),
                }
            }
            keep
        };
        for job in newest {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let checked = Checked::new(&job.text, job.format, job.setup.clone());
                let diagnostics = checked.diagnostics(&job.uri, &job.text, job.enc);
                (checked, diagnostics)
            }));
            let (checked, diagnostics) = match result {
                Ok((c, d)) => (Some(c), d),
                Err(_) => {
                    eprintln!("skalint lsp: internt fel när ett dokument granskades");
                    (None, Vec::new())
                }
            };
            let done = Done {
                uri: job.uri,
                generation: job.generation,
                checked,
                diagnostics,
            };
            if finished.send(done).is_err() {
                return;
            }
        }
    }
}
