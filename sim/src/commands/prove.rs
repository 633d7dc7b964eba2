//! `appvm prove`: a scenario or replay end to end, its statement and proof written to a file.

use anyhow::{Context, Result};

use crate::cli::ProveArgs;
use crate::progress::Ui;
use crate::registry;

/// Runs the command.
pub fn run(args: ProveArgs, ui: &Ui) -> Result<()> {
    let source = registry::resolve(args.scenario.scenario.as_deref())?;
    let vm = registry::vm_of(&source)?;
    eprintln!("appvm: {} ({})", source.name, vm.name());
    let outcome = vm.measure(&source, args.scenario.ops, args.scenario.params, ui)?;
    let bytes = outcome.proof.to_bytes();
    std::fs::write(&args.output, &bytes).with_context(|| format!("cannot write `{}`", args.output.display()))?;
    println!("\n{}", outcome.measurement);
    println!(
        "wrote {} ({} bytes: statement {} + proof {}); check it with `appvm verify {}{}`",
        args.output.display(),
        bytes.len(),
        outcome.proof.statement.len(),
        outcome.proof.proof.len(),
        if outcome.proof.params == appvm::Params::Fast { "--fast " } else { "" },
        args.output.display()
    );
    Ok(())
}
