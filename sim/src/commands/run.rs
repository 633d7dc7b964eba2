//! `appvm run`: a scenario or replay end to end, with a summary.

use anyhow::Result;
use serde::Serialize;

use crate::app::Event;
use crate::cli::RunArgs;
use crate::output;
use crate::progress::Ui;
use crate::registry;
use crate::report::Measurement;

/// `run --json` and `prove --json`: the measurements (one run of the benchmark schema), the summary's figures, the
/// verdict and every event.
#[derive(Serialize)]
pub(crate) struct RunReport<'a> {
    #[serde(flatten)]
    measurement: &'a Measurement,
    /// Whether the proof verified (a run that reaches the report always did).
    verified: bool,
    /// The summary's figures in the app's words, by name.
    figures: serde_json::Map<String, serde_json::Value>,
    /// What the batch did, event by event.
    events: &'a [Event],
}

impl<'a> RunReport<'a> {
    /// The report of a run that proved and verified.
    pub fn new(measurement: &'a Measurement, events: &'a [Event]) -> Self {
        Self { measurement, verified: true, figures: output::figures(&measurement.summary), events }
    }
}

/// Runs the command.
pub fn run(args: RunArgs, ui: &Ui) -> Result<()> {
    let source = registry::resolve(args.scenario.scenario.as_deref())?;
    let vm = registry::vm_of(&source)?;
    eprintln!("appvm: {} ({})", source.name, vm.name());
    let want_events = args.events || args.json.is_some();
    let outcome = vm.measure(&source, args.scenario.ops, args.scenario.params, want_events, ui)?;
    let events = outcome.events.unwrap_or_default();
    if args.events {
        output::print(format!("\n{}", output::events(&events)))?;
    }
    output::print(format!("\n{}", outcome.measurement))?;
    if let Some(path) = args.json {
        output::write_json(&path, &RunReport::new(&outcome.measurement, &events))?;
    }
    Ok(())
}
