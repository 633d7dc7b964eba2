//! `appvm run`: a scenario or replay end to end, with a summary.

use anyhow::{Context, Result};

use crate::cli::RunArgs;
use crate::progress::Ui;
use crate::registry;

/// Runs the command.
pub fn run(args: RunArgs, ui: &Ui) -> Result<()> {
    let source = registry::resolve(args.scenario.scenario.as_deref())?;
    let vm = registry::vm_of(&source)?;
    eprintln!("appvm: {} ({})", source.name, vm.name());
    let outcome = vm.measure(&source, args.scenario.ops, args.scenario.params, ui)?;
    println!("\n{}", outcome.measurement);
    if let Some(path) = args.json {
        let json = serde_json::to_string_pretty(&outcome.measurement)?;
        std::fs::write(&path, json + "\n").with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    Ok(())
}
