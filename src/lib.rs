//! skalint: checks documentation of systematiskt kvalitetsarbete (SKA) in Swedish schools
//! against skollagen 4 kap. and Skolverket's allmänna råd.
//!
//! Flow: [`document`] lowers a file to blocks and sentences, [`profile`] decides level, kind
//! and school forms, [`check`] applies the [`rules`] pack and returns plain
//! [`diagnostic::Diagnostic`] values, and [`report`] renders them.

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod input;
pub mod lsp;
pub mod profile;
pub mod report;
pub mod review;
pub mod rules;
pub mod serve;
pub mod template;
pub mod walk;

pub use check::{Options, check};
pub use diagnostic::Diagnostic;
pub use document::{Document, Format};
pub use rules::RulePack;
