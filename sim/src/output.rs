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
