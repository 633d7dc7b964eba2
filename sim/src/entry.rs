//! The commands' view of one VM without its types: the object-safe [`Entry`], implemented for
//! every [`ScenarioApp`] by [`Scenarios`] and for every [`ReplayApp`] by [`Replays`]. The list of
//! VMs (`registry`) holds entries; a command that has picked one calls the generic work behind it
//! through these methods.

use std::marker::PhantomData;

use anyhow::{bail, Result};
use appvm::{Params, Statement, Vm};

use crate::app::{ReplayApp, ScenarioApp, Unit, Workload};
use crate::effects::{self, Decoded};
use crate::pipeline as measure;
use crate::progress::Ui;
use crate::proof_file::ProofFile;
use crate::replay;
use crate::report::cost::{self, VmCost};
use crate::scenario::{self, check_size, ParamsSpec, Scenario, Source};
use crate::verifier::{self, Expected, Verified};

/// How large a batch `appvm gen` makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenSize {
    /// About this many of the VM's units (`--ops`).
    Ops(usize),
    /// A match of this many units and ticks (`--units`, `--ticks`): replays only.
    Match { units: usize, ticks: u32 },
}

/// The commands, for one VM, without its types.
pub trait Entry: Sync {
    /// The VM's name (its [`Vm::NAME`]).
    fn name(&self) -> &'static str;
    /// One line on what the VM does.
    fn about(&self) -> &'static str;
    /// What its batch sizes count.
    fn unit(&self) -> Unit;
    /// Its workload generators (a replay VM's: the one that makes its replays).
    fn workloads(&self) -> &'static [Workload];
    /// Whether `text` is one of its replays rather than a scenario.
    fn recognises(&self, text: &str) -> bool;
    /// Its built-in scenario, or replay.
    fn builtin_scenario(&self) -> Source;
    /// Executes, traces, proves and verifies a scenario or replay, timing each phase; `size`
    /// overrides its batch size, `params` its parameter set; with `events`, the outcome lists
    /// what the batch did.
    fn measure(
        &self,
        source: &Source,
        size: Option<usize>,
        params: Option<ParamsSpec>,
        events: bool,
        ui: &Ui,
    ) -> Result<measure::Outcome>;
    /// Verifies a proof file, against its own statement or against a scenario's or replay's.
    fn verify(&self, file: &ProofFile, against: Option<&Source>, expected: &Expected, ui: &Ui) -> Result<Verified>;
    /// What a statement's batch did, in the app's words.
    fn decode(&self, statement: &Statement) -> Result<Decoded>;
    /// Per-opcode trace cost, from the layout alone.
    fn cost(&self, params: Params) -> Result<VmCost>;
    /// A deterministic batch as a runnable file (RON): a scenario with its inputs listed, or a
    /// replay.
    fn generate(&self, workload: &str, seed: u64, size: GenSize, params: Option<ParamsSpec>) -> Result<String>;
}

/// [`Entry`] for any [`ScenarioApp`].
#[derive(Debug)]
pub struct Scenarios<A>(pub PhantomData<fn() -> A>);

impl<A: ScenarioApp> Entry for Scenarios<A> {
    fn name(&self) -> &'static str {
        A::Vm::NAME
    }

    fn about(&self) -> &'static str {
        A::ABOUT
    }

    fn unit(&self) -> Unit {
        A::UNIT
    }

    fn workloads(&self) -> &'static [Workload] {
        A::WORKLOADS
    }

    fn recognises(&self, _: &str) -> bool {
        false
    }

    fn builtin_scenario(&self) -> Source {
        Source::builtin(A::Vm::NAME, A::SCENARIO)
    }

    fn measure(
        &self,
        source: &Source,
        size: Option<usize>,
        params: Option<ParamsSpec>,
        events: bool,
        ui: &Ui,
    ) -> Result<measure::Outcome> {
        let mut batch = Scenario::<A>::load(source)?.batch(source, size)?;
        batch.params = params.map_or(batch.params, Params::from);
        measure::measure(&batch, events, ui)
    }

    fn verify(&self, file: &ProofFile, against: Option<&Source>, expected: &Expected, ui: &Ui) -> Result<Verified> {
        let batch = against.map(|source| Scenario::<A>::load(source)?.batch(source, None)).transpose()?;
        verifier::verify::<A>(file, batch.as_ref(), expected, ui)
    }

    fn decode(&self, statement: &Statement) -> Result<Decoded> {
        effects::decode::<A>(statement)
    }

    fn cost(&self, params: Params) -> Result<VmCost> {
        cost::cost::<A::Vm>(params, A::UNIT)
    }

    fn generate(&self, workload: &str, seed: u64, size: GenSize, params: Option<ParamsSpec>) -> Result<String> {
        let GenSize::Ops(ops) = size else {
            bail!("`--units` and `--ticks` shape a replay's match; `{}` generates `--ops N` instructions", A::Vm::NAME)
        };
        scenario::generate::<A>(workload, seed, ops, params.unwrap_or_default().into())
    }
}

/// [`Entry`] for any [`ReplayApp`].
#[derive(Debug)]
pub struct Replays<A>(pub PhantomData<fn() -> A>);

impl<A: ReplayApp> Entry for Replays<A> {
    fn name(&self) -> &'static str {
        A::Vm::NAME
    }

    fn about(&self) -> &'static str {
        A::ABOUT
    }

    fn unit(&self) -> Unit {
        A::UNIT
    }

    fn workloads(&self) -> &'static [Workload] {
        std::slice::from_ref(const { &A::GENERATOR })
    }

    fn recognises(&self, text: &str) -> bool {
        A::recognises(text)
    }

    fn builtin_scenario(&self) -> Source {
        Source::builtin(A::Vm::NAME, A::REPLAY)
    }

    fn measure(
        &self,
        source: &Source,
        size: Option<usize>,
        params: Option<ParamsSpec>,
        events: bool,
        ui: &Ui,
    ) -> Result<measure::Outcome> {
        let (batch, _) = ui.phase("play", || replay::batch::<A>(source, size, params.unwrap_or_default().into()));
        measure::measure(&batch?, events, ui)
    }

    fn verify(&self, file: &ProofFile, against: Option<&Source>, expected: &Expected, ui: &Ui) -> Result<Verified> {
        // A replay holds no parameter set: it is checked with the verifier's.
        let batch = against.map(|source| replay::batch::<A>(source, None, expected.params)).transpose()?;
        verifier::verify::<A>(file, batch.as_ref(), expected, ui)
    }

    fn decode(&self, statement: &Statement) -> Result<Decoded> {
        effects::decode::<A>(statement)
    }

    fn cost(&self, params: Params) -> Result<VmCost> {
        cost::cost::<A::Vm>(params, A::UNIT)
    }

    fn generate(&self, workload: &str, seed: u64, size: GenSize, params: Option<ParamsSpec>) -> Result<String> {
        if workload != A::GENERATOR.name {
            bail!("unknown workload `{workload}` for VM `{}`; valid workloads: {}", A::Vm::NAME, A::GENERATOR.name);
        }
        if params.is_some() {
            bail!("a replay holds no parameter set: give `--params` to `appvm run`, `prove` or `bench` instead");
        }
        let replay = match size {
            GenSize::Ops(ops) => {
                check_size(ops)?;
                A::sized(seed, ops)?
            }
            GenSize::Match { units, ticks } => A::generate(seed, units, ticks)?,
        };
        Ok(A::to_text(&replay))
    }
}
