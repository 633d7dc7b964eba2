//! `appvm prove`: a scenario or replay end to end, its statement and proof written to a file.

use std::fs::OpenOptions;
use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::ProveArgs;
use crate::output;
use crate::progress::Ui;
use crate::registry;

/// Runs the command.
pub fn run(args: ProveArgs, ui: &Ui) -> Result<()> {
    let source = registry::resolve(args.scenario.scenario.as_deref())?;
    let vm = registry::vm_of(&source)?;
    // Proving can take minutes: a path it cannot write is refused first.
    check_writable(&args.output)?;
    eprintln!("appvm: {} ({})", source.name, vm.name());
    let want_events = args.events || args.json.is_some();
    let outcome = vm.measure(&source, args.scenario.ops, args.scenario.params, want_events, ui)?;
    let bytes = outcome.proof.to_bytes();
    std::fs::write(&args.output, &bytes).with_context(|| format!("cannot write `{}`", args.output.display()))?;
    let events = outcome.events.clone().unwrap_or_default();
    if args.events {
        output::print(format!("\n{}", output::events(&events)))?;
    }
    if let Some(path) = &args.json {
        output::write_json(path, &super::run::RunReport::new(&outcome.measurement, &events))?;
    }
    output::print(format!("\n{}", outcome.measurement))?;
    output::print(format!(
        "wrote {} ({} bytes: statement {} + proof {}); check it with `appvm verify {}{}`",
        args.output.display(),
        bytes.len(),
        outcome.proof.statement.len(),
        outcome.proof.proof.len(),
        if outcome.proof.params == appvm::Params::Fast { "--fast " } else { "" },
        args.output.display()
    ))
}

/// Opens `path` for writing without changing it (a file this creates is removed again), so that
/// a missing directory or a read-only file is an error before the work, not after.
fn check_writable(path: &Path) -> Result<()> {
    let existed = path.exists();
    OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .with_context(|| format!("cannot write the proof file `{}`", path.display()))?;
    if !existed {
        // Best effort: the file is written again once the proof is made.
        let _ = std::fs::remove_file(path);
    }
    Ok(())
}
