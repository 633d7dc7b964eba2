//! What a VM provides to the command: the [`App`] trait, which each file of `apps/` implements.
//! It depends on nothing else in the command, so the apps do not either; the list of VMs
//! (`registry`) depends on the apps, and the commands reach a VM through that list.

use anyhow::{bail, Result};
use appvm::{Execution, Memory, Vm};
use serde::de::DeserializeOwned;
use serde::Serialize;

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
    /// both sides define: the ledger its outputs and memory image ([`check_agreement`]), the
    /// order book its events and balances.
    fn agree(reference: &Self::Reference, results: &Self::Results, execution: &Execution) -> Result<()>;
}

/// The VM's outputs and final memory must equal the reference engine's, record for record.
pub fn check_agreement(vm_out: &[Vec<u64>], vm_state: &[u64], ref_out: &[Vec<u64>], ref_state: &[u64]) -> Result<()> {
    if let Some(i) = (0..vm_out.len().max(ref_out.len())).find(|&i| vm_out.get(i) != ref_out.get(i)) {
        bail!(
            "the VM and the reference engine disagree at output #{i}: VM {:?}, reference {:?}",
            vm_out.get(i),
            ref_out.get(i)
        );
    }
    if let Some(addr) = (0..vm_state.len().max(ref_state.len())).find(|&a| vm_state.get(a) != ref_state.get(a)) {
        bail!(
            "the VM and the reference engine disagree on final memory cell {addr}: VM {:?}, reference {:?}",
            vm_state.get(addr),
            ref_state.get(addr)
        );
    }
    Ok(())
}
