//! Which files a run checks: the files named, and the recognised documents in the folders
//! named. Hidden files and folders, Word's lock files (`~$rapport.docx`) and `--exclude` globs
//! are skipped in folders; a file named outright is always checked, whatever it is called.

use crate::report::Failure;
use ignore::WalkBuilder;
use ignore::overrides::OverrideBuilder;
use std::path::{Path, PathBuf};

/// File endings of the formats skalint reads.
pub const EXTENSIONS: [&str; 7] = ["md", "markdown", "txt", "text", "docx", "odt", "pdf"];

/// What a walk found: the targets, and the folders that could not be read.
#[derive(Debug, Default)]
pub struct Walked {
    pub targets: Vec<Target>,
    pub errors: Vec<Failure>,
}

/// One thing to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum WalkError {
    #[error("ogiltigt mönster i --exclude «{glob}»: {message}")]
    #[diagnostic(
        code(skalint::exclude),
        help("Mönstren skrivs som i .gitignore, t.ex. arkiv/ eller *utkast*.")
    )]
    Glob { glob: String, message: String },
}

/// Whether a file in a folder is one skalint reads.
pub fn is_document(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with("~$") {
        return false;
    }
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Expands folders to their documents, in a stable order (sorted by name within each folder).
/// Paths that do not exist are kept, so that reading them reports the error.
/// Errors while walking (a folder that cannot be read) come back beside the targets.
pub fn targets(paths: &[PathBuf], exclude: &[String]) -> Result<Walked, WalkError> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Target::Stdin);
            continue;
        }
        if !path.is_dir() {
            out.push(Target::Path(path.clone()));
            continue;
        }
        let mut overrides = OverrideBuilder::new(path);
        for glob in exclude {
            overrides
                .add(&format!("!{glob}"))
                .map_err(|e| WalkError::Glob {
                    glob: glob.clone(),
                    message: e.to_string(),
                })?;
        }
        let overrides = overrides.build().map_err(|e| WalkError::Glob {
            glob: exclude.join(", "),
            message: e.to_string(),
        })?;
        // Only hidden files are skipped by default: a förvaltning's folders are not
        // repositories, and a .gitignore there is no statement about what to review.
        let walk = WalkBuilder::new(path)
            .standard_filters(false)
            .hidden(true)
            .overrides(overrides)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walk {
            match entry {
                Ok(e) => {
                    let is_file = e.file_type().is_some_and(|t| t.is_file());
                    if is_file && is_document(e.path()) {
                        out.push(Target::Path(e.into_path()));
                    }
                }
                Err(e) => errors.push(Failure {
                    path: path.display().to_string(),
                    error: walk_message(&e),
                }),
            }
        }
    }
    Ok(Walked {
        targets: out,
        errors,
    })
}

fn walk_message(e: &ignore::Error) -> String {
    let io = match e {
        ignore::Error::WithPath { err, .. } => err.io_error(),
        other => other.io_error(),
    };
    match io.map(|e| e.kind()) {
        Some(std::io::ErrorKind::PermissionDenied) => {
            "mappen får inte läsas (behörighet saknas)".into()
        }
        Some(std::io::ErrorKind::NotFound) => "mappen finns inte".into(),
        _ => format!("mappen kunde inte läsas: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_documents_skips_hidden_locks_and_excluded() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b.md",
            "a.docx",
            "Ä.PDF",
            "bild.png",
            "~$a.docx",
            ".dold.md",
            "arkiv/gammal.md",
            "sub/c.odt",
            ".git/x.md",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let walked = targets(&[root.to_path_buf()], &["arkiv/**".into()]).unwrap();
        assert!(walked.errors.is_empty());
        let names: Vec<String> = walked
            .targets
            .iter()
            .map(|t| match t {
                Target::Path(p) => p.strip_prefix(root).unwrap().display().to_string(),
                Target::Stdin => "-".into(),
            })
            .collect();
        assert_eq!(names, ["a.docx", "b.md", "sub/c.odt", "Ä.PDF"]);
    }

    #[test]
    fn named_files_are_kept_whatever_their_name() {
        let walked = targets(&["rapport.png".into(), "-".into()], &[]).unwrap();
        assert_eq!(
            walked.targets,
            [Target::Path("rapport.png".into()), Target::Stdin]
        );
    }

    #[test]
    fn a_bad_glob_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = targets(&[dir.path().to_path_buf()], &["a/{b".into()]).unwrap_err();
        assert!(err.to_string().contains("ogiltigt mönster"));
    }
}
