//! The summary matrix as CSV (`--format csv`), for Excel.
//!
//! UTF-8 with a byte-order mark, or Excel reads å, ä, ö as Windows-1252; semicolons between
//! fields, because Swedish Excel uses the comma as the decimal separator and opens
//! semicolon-separated files straight into columns.

use super::Failure;
use super::summary::Matrix;

const BOM: &str = "\u{feff}";

pub fn render(matrix: &Matrix, failures: &[Failure]) -> String {
    let used = matrix.used_columns();
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut header: Vec<String> = ["Dokument", "Fil", "Nivå", "Skolformer", "Fel", "Varningar"]
        .map(String::from)
        .to_vec();
    header.extend(used.iter().map(|&c| matrix.columns[c].key.clone()));
    let mut records = vec![header];
    for row in &matrix.rows {
        let mut r = vec![
            row.name.clone(),
            row.path.clone(),
            row.level.to_string(),
            row.school_forms.join(", "),
            row.errors.to_string(),
            row.warnings.to_string(),
        ];
        r.extend(used.iter().map(|&c| row.cells[c].label().to_string()));
        records.push(r);
    }
    let mut totals = vec![
        "Antal som saknar".to_string(),
        String::new(),
        String::new(),
        String::new(),
        matrix
            .rows
            .iter()
            .map(|r| r.errors)
            .sum::<usize>()
            .to_string(),
        matrix
            .rows
            .iter()
            .map(|r| r.warnings)
            .sum::<usize>()
            .to_string(),
    ];
    totals.extend(used.iter().map(|&c| {
        let t = matrix.total(c);
        format!("{} av {}", t.missing(), t.checked)
    }));
    records.push(totals);
    for f in failures {
        let mut r = vec![format!("kunde inte läsas: {}", f.error), f.path.clone()];
        r.resize(6 + used.len(), String::new());
        records.push(r);
    }
    for r in &records {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(r);
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("{BOM}{}", String::from_utf8_lossy(&bytes))
}
