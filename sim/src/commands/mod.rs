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
pub mod show;
pub mod verify;

use anyhow::Result;

use crate::cli::{Command, RunArgs, ScenarioArg};
use crate::output;
use crate::progress::Ui;
use crate::registry::VMS;

/// Runs a parsed command line.
pub fn dispatch(command: Option<Command>, ui: &Ui) -> Result<()> {
    match command {
        None => run::run(
            RunArgs { scenario: ScenarioArg { scenario: None, ops: None, params: None }, events: false, json: None },
            ui,
        ),
        Some(Command::Run(args)) => run::run(args, ui),
        Some(Command::Prove(args)) => prove::run(args, ui),
        Some(Command::Verify(args)) => verify::run(args, ui),
        Some(Command::Cost(args)) => cost::run(args),
        Some(Command::Bench(args)) => bench::run(args, ui),
        Some(Command::Gen(args)) => gen::run(args),
        Some(Command::Render(args)) => render::run(args),
        Some(Command::Show(args)) => show::run(args),
        Some(Command::List) => list(),
    }
}

/// `appvm list`: the columns as wide as their longest entry.
fn list() -> Result<()> {
    let rows: Vec<(String, String, &str)> = VMS
        .iter()
        .flat_map(|vm| {
            vm.workloads().iter().enumerate().map(|(j, w)| {
                let kind = if j == 0 { vm.name().to_string() } else { format!("{}:{}", vm.name(), w.name) };
                (w.name.to_string(), kind, w.about)
            })
        })
        .collect();
    let name_width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let kind_width = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
    let mut text = String::new();
    for (i, vm) in VMS.iter().enumerate() {
        let default = if i == 0 { " (default)" } else { "" };
        text.push_str(&format!("{}{default}: {}\n", vm.name(), vm.about()));
        for (j, w) in vm.workloads().iter().enumerate() {
            let kind = if j == 0 { vm.name().to_string() } else { format!("{}:{}", vm.name(), w.name) };
            text.push_str(&format!("  workload {:<name_width$}  gen {kind:<kind_width$}  {}\n", w.name, w.about));
        }
    }
    output::print(text.trim_end())
}
