//! One module per command: its arguments, the VM it picks and what it prints. The work behind a
//! command is generic over the VM's `App` (`pipeline`, `verifier`, `report::cost`,
//! `scenario::generate`, `replay`) and reached through the picked VM's `Entry`; `render`, which
//! only the arena has, calls its viewer directly.

pub mod bench;
pub mod cost;
pub mod gen;
pub mod prove;
pub mod render;
pub mod run;
pub mod verify;

use anyhow::Result;

use crate::cli::{Command, RunArgs, ScenarioArg};
use crate::progress::Ui;
use crate::registry::VMS;

/// Runs a parsed command line.
pub fn dispatch(command: Option<Command>, ui: &Ui) -> Result<()> {
    match command {
        None => run::run(RunArgs { scenario: ScenarioArg { scenario: None, ops: None, params: None }, json: None }, ui),
        Some(Command::Run(args)) => run::run(args, ui),
        Some(Command::Prove(args)) => prove::run(args, ui),
        Some(Command::Verify(args)) => verify::run(args, ui),
        Some(Command::Cost(args)) => cost::run(args),
        Some(Command::Bench(args)) => bench::run(args, ui),
        Some(Command::Gen(args)) => gen::run(args),
        Some(Command::Render(args)) => render::run(args),
        Some(Command::List) => {
            list();
            Ok(())
        }
    }
}

/// `appvm list`.
fn list() {
    for (i, vm) in VMS.iter().enumerate() {
        let default = if i == 0 { " (default)" } else { "" };
        println!("{}{default}: {}", vm.name(), vm.about());
        for (j, w) in vm.workloads().iter().enumerate() {
            let kind = if j == 0 { vm.name().to_string() } else { format!("{}:{}", vm.name(), w.name) };
            println!("  workload {:<10} gen {kind:<16} {}", w.name, w.about);
        }
    }
}
