//! The VMs the command knows. A VM plugs in by implementing [`App`] (its scenario state, workload
//! generators and plain-Rust reference engine) and adding one line to [`VMS`]; every command then
//! works for it through the object-safe [`Entry`], which [`Plugin`] implements for any [`App`].

use std::marker::PhantomData;

use anyhow::{bail, Result};
use appvm::{Execution, Memory, Params, Vm};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::apps::ledger::LedgerApp;
use crate::apps::orderbook::OrderbookApp;
use crate::commands::{cost, gen, verify};
use crate::pipeline as measure;
use crate::progress::Ui;
use crate::proof_file::ProofFile;
use crate::scenario::Source;

/// Every VM the command knows; the first is the default (`appvm` with no arguments runs its
/// built-in scenario).
pub const VMS: &[&dyn Entry] = &[&Plugin::<OrderbookApp>(PhantomData), &Plugin::<LedgerApp>(PhantomData)];

/// A named workload generator of a VM.
#[derive(Clone, Copy, Debug)]
pub struct Workload {
    /// Name, used as `gen <vm>:<name>` and as a scenario's `workload:`.
    pub name: &'static str,
    /// One line on what it generates.
    pub about: &'static str,
}

/// What a VM provides to the command, beyond the [`Vm`] itself.
pub trait App: 'static {
    /// The VM.
    type Vm: Vm;
    /// A scenario's `state: (...)` block: how the initial memory is built. Omitted means default.
    type State: Serialize + DeserializeOwned + Default + Clone + std::fmt::Debug;
    /// The plain-Rust reference engine, set up from an initial state.
    type Reference: Clone;
    /// What the reference engine returns for a batch: as little as it naturally produces, so
    /// that timing it is fair to it.
    type Results;

    /// One line on what the VM does.
    const ABOUT: &'static str;
    /// The built-in scenario (a RON file compiled in).
    const SCENARIO: &'static str;
    /// Workload generators; the first is the default.
    const WORKLOADS: &'static [Workload];

    /// The initial memory a state block describes; an error if it is invalid.
    fn initial_memory(state: &Self::State) -> Result<Memory>;
    /// `ops` instructions of workload `workload` (one of [`App::WORKLOADS`]), deterministic in
    /// `seed`.
    fn generate(workload: &str, seed: u64, ops: usize, state: &Self::State) -> Vec<Self::Vm>;
    /// The reference engine in the state of `initial`.
    fn reference(initial: &Memory) -> Self::Reference;
    /// Runs the reference engine over a batch. This call is what `native_s` times.
    fn run_reference(reference: &mut Self::Reference, ops: &[Self::Vm]) -> Self::Results;
    /// Checks that the VM's execution agrees with the reference engine's outcome (after
    /// [`App::run_reference`]): the differential check made on every run. Each app compares what
    /// both sides define: the ledger its outputs and memory image, the order book its events and
    /// balances.
    fn agree(reference: &Self::Reference, results: &Self::Results, execution: &Execution) -> Result<()>;
}

/// The commands, for one VM, without its types: what [`VMS`] holds.
pub trait Entry: Sync {
    /// The VM's name (its [`Vm::NAME`]).
    fn name(&self) -> &'static str;
    /// One line on what the VM does.
    fn about(&self) -> &'static str;
    /// Its workload generators.
    fn workloads(&self) -> &'static [Workload];
    /// Its built-in scenario, as RON text.
    fn builtin_scenario(&self) -> &'static str;
    /// Executes, traces, proves and verifies a scenario, timing each phase.
    fn measure(&self, source: &Source, ops: Option<usize>, ui: &Ui) -> Result<measure::Outcome>;
    /// Verifies a proof file, against its own statement or against a scenario's.
    fn verify(
        &self,
        file: &ProofFile,
        against: Option<&Source>,
        expected: &verify::Expected,
        ui: &Ui,
    ) -> Result<verify::Verified>;
    /// Per-opcode trace cost, from the layout alone.
    fn cost(&self, params: Params) -> Result<cost::VmCost>;
    /// A deterministic workload as a runnable scenario (RON text).
    fn generate(&self, workload: &str, seed: u64, ops: usize, params: Params) -> Result<String>;
}

/// [`Entry`] for any [`App`].
#[derive(Debug)]
pub struct Plugin<A>(pub PhantomData<fn() -> A>);

impl<A: App> Entry for Plugin<A> {
    fn name(&self) -> &'static str {
        A::Vm::NAME
    }

    fn about(&self) -> &'static str {
        A::ABOUT
    }

    fn workloads(&self) -> &'static [Workload] {
        A::WORKLOADS
    }

    fn builtin_scenario(&self) -> &'static str {
        A::SCENARIO
    }

    fn measure(&self, source: &Source, ops: Option<usize>, ui: &Ui) -> Result<measure::Outcome> {
        measure::measure::<A>(source, ops, ui)
    }

    fn verify(
        &self,
        file: &ProofFile,
        against: Option<&Source>,
        expected: &verify::Expected,
        ui: &Ui,
    ) -> Result<verify::Verified> {
        verify::verify::<A>(file, against, expected, ui)
    }

    fn cost(&self, params: Params) -> Result<cost::VmCost> {
        cost::cost::<A::Vm>(params)
    }

    fn generate(&self, workload: &str, seed: u64, ops: usize, params: Params) -> Result<String> {
        gen::generate::<A>(workload, seed, ops, params)
    }
}

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
