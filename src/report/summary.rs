//! The summary matrix of a multi-file run: one row per document, one column per requirement
//! key, and per key how many documents lack it. Built a row at a time, so a batch need not keep
//! its documents.

use super::CheckedFile;
use crate::rules::{REQUIREMENTS, RulePack, Severity};

/// What one document shows for one requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cell {
    Present,
    /// A finding at error level.
    MissingError,
    /// Findings at warning or info level only.
    MissingWarning,
    /// No rule for the key applies to the document (or the key is switched off).
    NotApplicable,
}

impl Cell {
    /// The word for the cell, in Swedish.
    pub fn label(self) -> &'static str {
        match self {
            Cell::Present => "finns",
            Cell::MissingError => "saknas (fel)",
            Cell::MissingWarning => "saknas (varning)",
            Cell::NotApplicable => "gäller inte",
        }
    }

    /// The checklist's word for rektorer, on the web page and in the editor.
    pub fn verdict(self) -> &'static str {
        match self {
            Cell::Present => "uppfyllt",
            Cell::MissingError => "saknas",
            Cell::MissingWarning => "bör kompletteras",
            Cell::NotApplicable => "gäller inte",
        }
    }

    /// The cell a finding of `severity` makes of its requirement: a *ska* missing, or advice.
    pub fn missing(severity: Severity) -> Cell {
        match severity {
            Severity::Error => Cell::MissingError,
            _ => Cell::MissingWarning,
        }
    }

    /// One character for narrow tables.
    pub fn symbol(self) -> char {
        match self {
            Cell::Present => '✓',
            Cell::MissingError => '✗',
            Cell::MissingWarning => '!',
            Cell::NotApplicable => '–',
        }
    }

    /// What `file` shows for the requirement `key`: its worst finding, else present if the
    /// key was checked.
    pub fn of(file: &CheckedFile, key: &str) -> Cell {
        let worst = file
            .diagnostics()
            .filter(|d| d.requirement == key)
            .map(|d| d.severity)
            .max();
        match worst {
            Some(severity) => Cell::missing(severity),
            None if file.requirements.iter().any(|k| k == key) => Cell::Present,
            None => Cell::NotApplicable,
        }
    }

    pub fn is_missing(self) -> bool {
        matches!(self, Cell::MissingError | Cell::MissingWarning)
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub key: String,
    /// The part's name, from the rules of the key ("analys av orsaker").
    pub title: String,
}

#[derive(Debug, Clone)]
pub struct Row {
    /// The unit's name, else the file name.
    pub name: String,
    pub path: String,
    pub level: &'static str,
    pub school_forms: Vec<&'static str>,
    pub cells: Vec<Cell>,
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Total {
    /// Documents the key applies to.
    pub checked: usize,
    pub missing_error: usize,
    pub missing_warning: usize,
}

impl Total {
    pub fn missing(&self) -> usize {
        self.missing_error + self.missing_warning
    }
}

#[derive(Debug, Clone)]
pub struct Matrix {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl Matrix {
    /// Columns for every requirement key of the pack: the catalogue's order, then local keys.
    pub fn new(pack: &RulePack) -> Matrix {
        let mut keys: Vec<String> = REQUIREMENTS.iter().map(|k| k.to_string()).collect();
        for r in &pack.rules {
            if !keys.contains(&r.def.requirement) {
                keys.push(r.def.requirement.clone());
            }
        }
        let columns = keys
            .into_iter()
            .filter_map(|key| {
                let mut titles: Vec<&str> = Vec::new();
                for r in pack.rules.iter().filter(|r| r.def.requirement == key) {
                    if !titles.contains(&r.def.title.as_str()) {
                        titles.push(&r.def.title);
                    }
                }
                (!titles.is_empty()).then(|| Column {
                    title: titles.join(" / "),
                    key,
                })
            })
            .collect();
        Matrix {
            columns,
            rows: Vec::new(),
        }
    }

    pub fn add(&mut self, file: &CheckedFile) {
        let cells = self
            .columns
            .iter()
            .map(|c| Cell::of(file, &c.key))
            .collect();
        let tally = file.tally();
        self.rows.push(Row {
            name: file.name().to_string(),
            path: file.path.clone(),
            level: file.profile.level.value.name(),
            school_forms: file
                .profile
                .school_forms
                .value
                .iter()
                .map(|f| f.name())
                .collect(),
            cells,
            errors: tally.errors,
            warnings: tally.warnings + tally.infos,
        });
    }

    pub fn total(&self, column: usize) -> Total {
        let mut t = Total::default();
        for row in &self.rows {
            match row.cells[column] {
                Cell::NotApplicable => continue,
                Cell::MissingError => t.missing_error += 1,
                Cell::MissingWarning => t.missing_warning += 1,
                Cell::Present => {}
            }
            t.checked += 1;
        }
        t
    }

    /// The columns that apply to at least one document; the others only widen a table.
    pub fn used_columns(&self) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|&i| self.total(i).checked > 0)
            .collect()
    }

    /// "8 av 31 enheter saknar analys av orsaker".
    pub fn sentence(&self, column: usize) -> String {
        let t = self.total(column);
        let all_units = self.rows.iter().all(|r| r.level == "enhet");
        let noun = match (all_units, t.checked) {
            (true, 1) => "enhet",
            (true, _) => "enheter",
            (false, _) => "dokument",
        };
        let mut s = format!(
            "{} av {} {noun} saknar {}",
            t.missing(),
            t.checked,
            self.columns[column].title
        );
        if t.missing_warning > 0 && t.missing_error > 0 {
            s.push_str(&format!(
                " ({} fel, {} varningar)",
                t.missing_error, t.missing_warning
            ));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{self, Options};
    use crate::document::{Document, Format};
    use crate::profile::{self, Overrides};

    fn checked(pack: &RulePack, path: &str, text: &str) -> CheckedFile {
        let (doc, _) = Document::parse(text, Format::Markdown);
        let profile = profile::detect(&doc, &Overrides::default());
        let outcome = check::run(&doc, &profile, pack, &Options::default());
        CheckedFile::new(path.into(), &doc, profile, outcome)
    }

    #[test]
    fn cells_and_totals_follow_the_findings() {
        let pack = RulePack::embedded().unwrap();
        let mut m = Matrix::new(&pack);
        let empty = "---\nenhet: Ekbackens förskola\nnivå: enhet\nskolformer: [förskola]\n---\n# Kvalitetsrapport\n\nText.\n";
        m.add(&checked(&pack, "a/ekbacken.md", empty));
        m.add(&checked(
            &pack,
            "b/utan-namn.md",
            "# Kvalitetsrapport\n\nText.\n",
        ));
        assert_eq!(m.rows[0].name, "Ekbackens förskola");
        assert_eq!(m.rows[1].name, "utan-namn.md");
        let analys = m
            .columns
            .iter()
            .position(|c| c.key == "analys-orsaker")
            .unwrap();
        assert_eq!(m.rows[0].cells[analys], Cell::MissingError);
        let huvudman_only = m
            .columns
            .iter()
            .position(|c| c.key == "resursfordelning")
            .unwrap();
        assert_eq!(m.rows[0].cells[huvudman_only], Cell::NotApplicable);
        assert!(!m.used_columns().contains(&huvudman_only));
        assert_eq!(m.total(analys).missing_error, 2);
        assert_eq!(
            m.sentence(analys),
            "2 av 2 enheter saknar analys av orsaker"
        );
    }
}
