//! The commands' view of one VM without its types: the object-safe [`Entry`], implemented for
//! every [`App`] by [`Plugin`]. The list of VMs (`registry`) holds entries; a command that has
//! picked one calls the generic work behind it through these methods.

use std::marker::PhantomData;

use anyhow::Result;
use appvm::{Params, Vm};

use crate::app::{App, Workload};
use crate::pipeline as measure;
use crate::progress::Ui;
use crate::proof_file::ProofFile;
use crate::report::cost::{self, VmCost};
use crate::scenario::{self, Source};
use crate::verifier::{self, Expected, Verified};

/// The commands, for one VM, without its types.
pub trait Entry: Sync {
    /// The VM's name (its [`Vm::NAME`]).
    fn name(&self) -> &'static str;
    /// One line on what the VM does.
    fn about(&self) -> &'static str;
    /// Its workload generators.
    fn workloads(&self) -> &'static [Workload];
    /// Its built-in scenario.
    fn builtin_scenario(&self) -> Source;
    /// Executes, traces, proves and verifies a scenario, timing each phase.
    fn measure(&self, source: &Source, ops: Option<usize>, ui: &Ui) -> Result<measure::Outcome>;
    /// Verifies a proof file, against its own statement or against a scenario's.
    fn verify(&self, file: &ProofFile, against: Option<&Source>, expected: &Expected, ui: &Ui) -> Result<Verified>;
    /// Per-opcode trace cost, from the layout alone.
    fn cost(&self, params: Params) -> Result<VmCost>;
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

    fn builtin_scenario(&self) -> Source {
        Source::builtin(A::Vm::NAME, A::SCENARIO)
    }

    fn measure(&self, source: &Source, ops: Option<usize>, ui: &Ui) -> Result<measure::Outcome> {
        measure::measure::<A>(source, ops, ui)
    }

    fn verify(&self, file: &ProofFile, against: Option<&Source>, expected: &Expected, ui: &Ui) -> Result<Verified> {
        verifier::verify::<A>(file, against, expected, ui)
    }

    fn cost(&self, params: Params) -> Result<VmCost> {
        cost::cost::<A::Vm>(params)
    }

    fn generate(&self, workload: &str, seed: u64, ops: usize, params: Params) -> Result<String> {
        scenario::generate::<A>(workload, seed, ops, params)
    }
}
