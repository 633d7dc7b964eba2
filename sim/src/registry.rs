//! The VMs the command knows, and how a command picks one by name or by file. A VM plugs in by
//! implementing [`App`](crate::app::App) (its plain-Rust reference engine) and either
//! [`ScenarioApp`](crate::app::ScenarioApp) (its scenario state and workload generators) or
//! [`ReplayApp`](crate::app::ReplayApp) (its replay format; see `src/apps/`), and adding one line
//! to [`VMS`]; every command then works for it through its [`Entry`].

use std::marker::PhantomData;
use std::path::Path;

use anyhow::{anyhow, bail, Result};

use crate::apps::arena::ArenaApp;
use crate::apps::ledger::LedgerApp;
use crate::apps::orderbook::OrderbookApp;
use crate::entry::{Entry, Replays, Scenarios};
use crate::scenario::Source;

/// Every VM the command knows; the first is the default (`appvm` with no arguments runs its
/// built-in scenario).
pub const VMS: &[&dyn Entry] =
    &[&Scenarios::<OrderbookApp>(PhantomData), &Scenarios::<LedgerApp>(PhantomData), &Replays::<ArenaApp>(PhantomData)];

/// The VM named `name`, or an error listing the valid names.
pub fn find(name: &str) -> Result<&'static dyn Entry> {
    match VMS.iter().find(|vm| vm.name() == name) {
        Some(vm) => Ok(*vm),
        None => bail!("unknown VM `{name}`; valid VMs: {}", names()),
    }
}

/// The default VM: the first of [`VMS`].
pub fn default_vm() -> &'static dyn Entry {
    VMS[0]
}

/// The valid VM names, comma-separated.
pub fn names() -> String {
    VMS.iter().map(|vm| vm.name()).collect::<Vec<_>>().join(", ")
}

/// What a command argument names: a scenario or replay file, or a VM (its built-in scenario or
/// replay), or, if absent, the default VM's built-in scenario.
pub fn resolve(arg: Option<&Path>) -> Result<Source> {
    let Some(path) = arg else {
        return Ok(default_vm().builtin_scenario());
    };
    if path.exists() {
        return Source::read(path);
    }
    let name = path.to_string_lossy();
    match find(&name) {
        Ok(vm) => Ok(vm.builtin_scenario()),
        Err(_) => bail!("no scenario or replay file `{name}`, and `{name}` is not a VM name (valid VMs: {})", names()),
    }
}

/// The VM a source is for: the VM whose replay it is, or the VM its `vm:` field names.
pub fn vm_of(source: &Source) -> Result<&'static dyn Entry> {
    // A replay names no VM: its VM knows it by its shape.
    if let Some(vm) = VMS.iter().find(|vm| vm.recognises(&source.text)) {
        return Ok(*vm);
    }
    let (name, at) = source.vm_name()?;
    find(&name).map_err(|e| anyhow!("{at}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_names_the_default_vm_and_its_scenario() {
        let readme = include_str!("../README.md");
        let default = format!("`sim/scenarios/{}.ron` (the default)", default_vm().name());
        assert!(readme.contains(&default), "sim/README.md does not say {default}");
    }
}
