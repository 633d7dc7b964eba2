//! `appvm cost`: per-opcode trace cost from the layout alone (the report is
//! `report::cost::VmCost`).

use anyhow::Result;

use crate::cli::CostArgs;
use crate::output;
use crate::registry;

/// Runs the command.
pub fn run(args: CostArgs) -> Result<()> {
    let vm = registry::find(&args.vm)?;
    output::print(vm.cost(args.params.into())?)
}
