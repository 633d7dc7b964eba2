//! `appvm gen`: a deterministic workload as a runnable scenario with an explicit input list, or a
//! generated match as a replay.

use std::io::Write;

use anyhow::{Context, Result};

use crate::cli::GenArgs;
use crate::entry::GenSize;
use crate::registry;

/// Runs the command.
pub fn run(args: GenArgs) -> Result<()> {
    let (vm_name, workload) = match args.kind.split_once(':') {
        Some((vm, w)) => (vm, Some(w)),
        None => (args.kind.as_str(), None),
    };
    let vm = registry::find(vm_name)?;
    let workload = workload.unwrap_or(vm.workloads()[0].name);
    // clap requires `--ops`, or `--units` with `--ticks`.
    let size = match (args.ops, args.units, args.ticks) {
        (_, Some(units), Some(ticks)) => GenSize::Match { units, ticks },
        (ops, _, _) => GenSize::Ops(ops.context("give `--ops N`, or `--units N --ticks T` for a replay")?),
    };
    let text = vm.generate(workload, args.seed, size, args.params)?;
    match &args.output {
        Some(path) => std::fs::write(path, &text).with_context(|| format!("cannot write `{}`", path.display()))?,
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    Ok(())
}
