//! Which files a run checks: the files named, and the recognised documents in the folders
//! named. Hidden files and folders, Word's lock files (`~$rapport.docx`) and `--exclude` globs
//! are skipped in folders; a file named outright is always checked, whatever it is called.

use crate::report::Failure;
use ignore::WalkBuilder;
use ignore::overrides::OverrideBuilder;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// File endings of the formats skalint reads.
pub const EXTENSIONS: [&str; 7] = ["md", "markdown", "txt", "text", "docx", "odt", "pdf"];

/// What a walk found: the targets, the folders and links that could not be followed, and
/// every entry of a folder that is not checked, with its reason.
#[derive(Debug, Default)]
pub struct Walked {
    pub targets: Vec<Target>,
    pub errors: Vec<Failure>,
    pub skipped: Vec<Skipped>,
}

/// An entry in a checked folder that is not checked, and why (in Swedish).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: &'static str,
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
    skip_reason(path).is_none()
}

/// Why a file in a folder is not checked, by its name; `None` for a document skalint reads.
pub fn skip_reason(path: &Path) -> Option<&'static str> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with("~$") {
        return Some("Words låsfil för ett dokument som är öppet");
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    if EXTENSIONS.contains(&ext.as_str()) {
        return None;
    }
    Some(match ext.as_str() {
        "doc" | "dot" => "gammalt Word-format – spara som .docx",
        "docm" | "dotx" | "dotm" => "Word-mall eller Word-fil med makron – spara som .docx",
        "rtf" => "RTF – spara som .docx",
        "odp" | "ods" | "ppt" | "pptx" | "xls" | "xlsx" | "csv" => {
            "kalkylblad eller presentation, ingen rapport"
        }
        "png" | "jpg" | "jpeg" | "gif" | "tif" | "tiff" | "bmp" | "heic" | "webp" | "svg" => {
            "en bild"
        }
        "html" | "htm" => "en webbsida – spara texten som .txt eller .md",
        "" => "filen har ingen filändelse som skalint känner igen (.md, .txt, .docx, .odt, .pdf)",
        _ => "ett format som skalint inte läser (.md, .txt, .docx, .odt, .pdf)",
    })
}

/// Expands folders to their documents, in a stable order (sorted by name within each folder).
/// Paths that do not exist are kept, so that reading them reports the error. Links are
/// followed (a förvaltning may gather the units' reports by link), with loops detected.
/// Errors while walking (a folder that cannot be read, a broken link, a loop) come back beside
/// the targets, each under the path that failed; entries that are not checked come back as
/// [`Skipped`].
pub fn targets(paths: &[PathBuf], exclude: &[String]) -> Result<Walked, WalkError> {
    let mut walked = Walked::default();
    for path in paths {
        if path.as_os_str() == "-" {
            walked.targets.push(Target::Stdin);
            continue;
        }
        if !path.is_dir() {
            walked.targets.push(Target::Path(path.clone()));
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
        // Hidden entries and excluded ones are pruned in the filter (a hidden folder's content
        // is not listed, only the folder), and noted there, since the walker says nothing of
        // what a filter drops.
        let pruned: Arc<Mutex<Vec<Skipped>>> = Arc::default();
        let note = pruned.clone();
        let filter = move |e: &ignore::DirEntry| {
            if e.depth() == 0 {
                return true;
            }
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            let name = e.file_name().to_string_lossy();
            let reason = if name.starts_with('.') {
                Some(if is_dir { "dold mapp" } else { "dold fil" })
            } else if overrides.matched(e.path(), is_dir).is_ignore() {
                Some("undantagen (--exclude eller exclude i skalint.toml)")
            } else {
                None
            };
            if let Some(reason) = reason {
                note.lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(Skipped {
                        path: e.path().to_path_buf(),
                        reason,
                    });
            }
            reason.is_none()
        };
        // A förvaltning's folders are not repositories: a .gitignore there is no statement
        // about what to review, so no standard filters.
        let walk = WalkBuilder::new(path)
            .standard_filters(false)
            .follow_links(true)
            .filter_entry(filter)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walk {
            match entry {
                Ok(e) => {
                    let Some(kind) = e.file_type() else { continue };
                    if kind.is_dir() {
                        continue;
                    }
                    let reason = if !kind.is_file() {
                        Some("ingen vanlig fil (t.ex. en namngiven pipe eller en enhet)")
                    } else if e.file_name() == crate::config::FILE_NAME {
                        // The configuration of the run, not a document.
                        continue;
                    } else {
                        skip_reason(e.path())
                    };
                    match reason {
                        Some(reason) => walked.skipped.push(Skipped {
                            path: e.into_path(),
                            reason,
                        }),
                        None => walked.targets.push(Target::Path(e.into_path())),
                    }
                }
                Err(e) => walked.errors.push(walk_failure(path, &e)),
            }
        }
        let mut pruned = std::mem::take(&mut *pruned.lock().unwrap_or_else(|p| p.into_inner()));
        walked.skipped.append(&mut pruned);
    }
    walked.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(walked)
}

/// A walking error as a failure of the path that failed (not of the folder the walk began in).
fn walk_failure(root: &Path, e: &ignore::Error) -> Failure {
    let (path, message) = describe(e);
    Failure {
        path: path.unwrap_or(root).display().to_string(),
        error: message,
    }
}

fn describe(e: &ignore::Error) -> (Option<&Path>, String) {
    match e {
        ignore::Error::WithPath { path, err } => (Some(path.as_path()), describe(err).1),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe(err)
        }
        ignore::Error::Loop { ancestor, child } => (
            Some(child.as_path()),
            format!(
                "länken leder tillbaka till {} (en slinga) och följs inte",
                ancestor.display()
            ),
        ),
        ignore::Error::Io(io) => (
            None,
            match io.kind() {
                std::io::ErrorKind::PermissionDenied => {
                    "mappen får inte läsas (behörighet saknas)".into()
                }
                std::io::ErrorKind::NotFound => {
                    "finns inte (en länk som pekar på något som har tagits bort?)".into()
                }
                _ => format!("kunde inte läsas: {}", crate::input::io_message(io)),
            },
        ),
        ignore::Error::Partial(errs) => errs
            .first()
            .map(describe)
            .unwrap_or((None, "mappen kunde inte läsas".into())),
        _ => (None, "mappen kunde inte läsas".into()),
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
        let skipped: Vec<(String, &str)> = walked
            .skipped
            .iter()
            .map(|s| {
                let p = s.path.strip_prefix(root).unwrap().display().to_string();
                (p, s.reason)
            })
            .collect();
        assert_eq!(
            skipped,
            [
                (".dold.md".into(), "dold fil"),
                (".git".into(), "dold mapp"),
                (
                    "arkiv/gammal.md".into(),
                    "undantagen (--exclude eller exclude i skalint.toml)"
                ),
                ("bild.png".into(), "en bild"),
                (
                    "~$a.docx".into(),
                    "Words låsfil för ett dokument som är öppet"
                ),
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_loops_and_broken_links_named() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::write(elsewhere.path().join("enhet.md"), "x").unwrap();
        std::fs::create_dir(root.join("rapporter")).unwrap();
        let link = |to: &Path, at: &str| std::os::unix::fs::symlink(to, root.join(at)).unwrap();
        link(&elsewhere.path().join("enhet.md"), "rapporter/länkad.md");
        link(root, "rapporter/runt");
        link(&root.join("borta.md"), "rapporter/trasig.md");
        let walked = targets(&[root.to_path_buf()], &[]).unwrap();
        assert_eq!(
            walked.targets,
            [Target::Path(root.join("rapporter/länkad.md"))]
        );
        let failed: Vec<&str> = walked.errors.iter().map(|f| f.path.as_str()).collect();
        let expected = [
            root.join("rapporter/runt").display().to_string(),
            root.join("rapporter/trasig.md").display().to_string(),
        ];
        assert_eq!(failed, expected, "{:?}", walked.errors);
        assert!(walked.errors[0].error.contains("slinga"));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_in_a_folder_is_skipped_unopened() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("b.md"), "x").unwrap();
        let fifo = root.join("rör.md");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let walked = targets(&[root.to_path_buf()], &[]).unwrap();
        assert_eq!(walked.targets, [Target::Path(root.join("b.md"))]);
        assert_eq!(walked.skipped.len(), 1);
        assert_eq!(walked.skipped[0].path, fifo);
    }

    #[test]
    fn an_unreadable_subfolder_is_reported_under_its_own_name() {
        // As the walker reports it (tests run as root in CI, where no folder is unreadable).
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let e = ignore::Error::WithDepth {
            depth: 2,
            err: Box::new(ignore::Error::WithPath {
                path: "rapporter/låst".into(),
                err: Box::new(ignore::Error::Io(denied)),
            }),
        };
        let f = walk_failure(Path::new("rapporter"), &e);
        assert_eq!(f.path, "rapporter/låst");
        assert_eq!(f.error, "mappen får inte läsas (behörighet saknas)");
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
