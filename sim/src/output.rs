//! Writing to standard output: a failed write (a closed pipe, `appvm run … | head -1`) is an
//! error the command reports, not a panic as `println!` makes it.

use std::fmt::Display;
use std::io::Write;

use anyhow::{Context, Result};

use crate::app::Event;

/// Writes `text` and a newline to standard output.
pub fn print(text: impl Display) -> Result<()> {
    writeln!(std::io::stdout().lock(), "{text}").context("cannot write to standard output")
}

/// Events as `run --events`, `verify --events` and `show` list them: a header, then one line each,
/// with the position of the input that caused it.
pub fn events(events: &[Event]) -> String {
    let mut text = format!("events ({}, by input):", events.len());
    for event in events {
        text.push_str(&format!("\n  #{:<6} {}", event.input, event.text));
    }
    text
}

/// Writes `value` as pretty JSON to `path` (`--json FILE` of `run`, `prove`, `verify`, `show`).
pub fn write_json(path: &std::path::Path, value: &impl serde::Serialize) -> Result<()> {
    let json = serde_json::to_string_pretty(value)?;
    std::fs::write(path, json + "\n").with_context(|| format!("cannot write `{}`", path.display()))
}

/// The summary's figures as a JSON object, by name.
pub fn figures(summary: &[(&'static str, String)]) -> serde_json::Map<String, serde_json::Value> {
    summary.iter().map(|(k, v)| (k.to_string(), v.clone().into())).collect()
}

/// `verify --json` and `show --json`: what a proof file's batch did, decoded from its statement.
#[derive(Debug, serde::Serialize)]
pub struct StatementReport<'a> {
    /// The VM.
    pub vm: &'a str,
    /// The proof's parameter set.
    pub params: String,
    /// The VM id the statement names.
    pub vm_id: String,
    /// Whether the proof was verified (`verify`: true; `show` does not verify).
    pub verified: bool,
    /// Input records.
    pub inputs: usize,
    /// Output records.
    pub outputs: usize,
    /// The summary's figures in the app's words, by name.
    pub figures: serde_json::Map<String, serde_json::Value>,
    /// What the batch did, event by event.
    pub events: &'a [Event],
    /// The state after the batch, as lines (the order book's balances and books).
    pub state: &'a [String],
}
