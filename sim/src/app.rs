//! What a VM provides to the command: the [`App`] trait, and how its batches are given, either
//! [`ScenarioApp`] (a scenario's state block and workload generators) or [`ReplayApp`] (files of
//! the app's own format, each a whole recorded batch). Each file of `apps/` implements `App` and
//! one of the two. This file depends on nothing else in the command, so the apps do not either;
//! the list of VMs (`registry`) depends on the apps, and the commands reach a VM through that list.

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

/// What a batch's size counts, as the reports name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unit {
    /// Its name, singular (`op`); the reports' plural adds an `s`.
    pub name: &'static str,
    /// The opcode that runs once per unit, when the unit is not an input (the arena's `Act`, one
    /// row per live unit per tick): the cost report prices the unit by its row.
    pub row: Option<&'static str>,
}

impl Unit {
    /// One instruction of the batch.
    pub const OP: Unit = Unit { name: "op", row: None };
}

/// Which of a VM's opcodes a scenario may list: its inputs, not the internal opcodes an input
/// continues into (the framework's decoding refuses those in an input stream). The scenario errors
/// list only the inputs.
pub trait Inputs: Vm {
    /// Names of the internal opcodes.
    const INTERNAL: &'static [&'static str] = &[];

    /// The names of operand `operand`'s codes, indexed by code (the order book's `side`: `Buy`,
    /// `Sell`), if a scenario writes it as a name; `None` for a number.
    fn names(_operand: &str) -> Option<&'static [&'static str]> {
        None
    }
}

/// What every VM provides to the command, however its batches are given: the [`Vm`] itself, its
/// plain-Rust reference engine and the check that the two agree.
pub trait App: 'static {
    /// The VM.
    type Vm: Inputs;
    /// The plain-Rust reference engine, set up for a batch.
    type Reference: Clone;
    /// What the reference engine returns for a batch: as little as it naturally produces, so
    /// that timing it is fair to it.
    type Results;

    /// One line on what the VM does.
    const ABOUT: &'static str;
    /// What a batch's size counts in the reports: its instructions, unless the app says otherwise.
    const UNIT: Unit = Unit::OP;

    /// Runs the reference engine over a batch. This call is what `native_s` times.
    fn run_reference(reference: &mut Self::Reference, ops: &[Self::Vm]) -> Self::Results;
    /// Checks that the VM's execution agrees with the reference engine's outcome (after
    /// [`App::run_reference`]): the differential check made on every run. Each app compares what
    /// both sides define: the ledger its outputs and memory image ([`check_agreement`]), the
    /// order book its events and balances, the arena its states tick by tick and its events.
    fn agree(reference: &Self::Reference, results: &Self::Results, execution: &Execution) -> Result<()>;
    /// Lines for `run`'s summary on what the batch did, in the app's figures (the order book: its
    /// trades, volume per market and rejections by reason; the arena: the match's result); none
    /// unless the app has something to say.
    fn summary(_effects: &Effects<'_, Self::Vm>) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    /// What the batch did, event by event, in the app's words (`--events`, `appvm show`). The
    /// effects may come from a proof file, not from this build's execution: a record the app does
    /// not emit is an error, not a panic.
    fn events(_effects: &Effects<'_, Self::Vm>) -> Result<Vec<Event>> {
        Ok(Vec::new())
    }
    /// Lines on the state after the batch, read from its final memory image (`appvm show`: the
    /// order book's balances and book depth); none unless the app has something to say.
    fn state(_effects: &Effects<'_, Self::Vm>) -> Vec<String> {
        Vec::new()
    }
}

/// What a batch did, as its statement states it: the same whether read from this build's
/// execution or from a proof file's statement.
#[derive(Debug)]
pub struct Effects<'a, V> {
    /// The instructions, in stream order.
    pub ops: &'a [V],
    /// The output records `[seq, index, fields…]`.
    pub outputs: &'a [Vec<u64>],
    /// The final memory image, one `u64` per field element (words back to back).
    pub final_state: &'a [u64],
}

/// One thing a batch did, in its app's words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// The position in the batch of the input that caused it.
    pub input: usize,
    /// What kind of event (`trade`, `rejected`, …), as the JSON names it.
    pub kind: &'static str,
    /// The event as a person reads it.
    pub text: String,
    /// The event's fields, for machines (a JSON object, merged into the event's).
    #[serde(flatten)]
    pub fields: serde_json::Map<String, serde_json::Value>,
}

impl Event {
    /// An event of input `input`; `fields` must be a JSON object (anything else is dropped).
    pub fn new(input: usize, kind: &'static str, text: String, fields: serde_json::Value) -> Self {
        let fields = match fields {
            serde_json::Value::Object(map) => map,
            _ => serde_json::Map::new(),
        };
        Self { input, kind, text, fields }
    }
}

/// An app whose batches are scenarios (`sim/scenarios/*.ron`): a state block for the initial
/// memory, and a generated workload or an explicit list of instructions (the ledger, the order
/// book).
pub trait ScenarioApp: App {
    /// A scenario's `state: (...)` block: how the initial memory is built. Omitted means default.
    type State: Serialize + DeserializeOwned + Default + Clone + std::fmt::Debug;

    /// The built-in scenario (a RON file compiled in).
    const SCENARIO: &'static str;
    /// Workload generators; the first is the default.
    const WORKLOADS: &'static [Workload];

    /// The initial memory a state block describes; an error if it is invalid.
    fn initial_memory(state: &Self::State) -> Result<Memory>;
    /// `ops` instructions of workload `workload` (one of [`ScenarioApp::WORKLOADS`]),
    /// deterministic in `seed`.
    fn generate(workload: &str, seed: u64, ops: usize, state: &Self::State) -> Vec<Self::Vm>;
    /// Instructions a batch begins with to reach the state block's start where the initial
    /// memory cannot hold it (the order book's resting orders: its verifier accepts only genesis
    /// images, so an order rests by being placed); none by default.
    fn prelude(_state: &Self::State) -> Vec<Self::Vm> {
        Vec::new()
    }
    /// The reference engine in the state of `initial`.
    fn reference(initial: &Memory) -> Self::Reference;
}

/// A batch a [`ReplayApp`] made from one of its replays: the initial memory and the input stream
/// together, and the reference engine set up to check them.
#[derive(Debug)]
pub struct Recorded<A: App + ?Sized> {
    /// Initial memory.
    pub memory: Memory,
    /// The input stream.
    pub ops: Vec<A::Vm>,
    /// The reference engine, ready for [`App::run_reference`].
    pub reference: A::Reference,
    /// The batch's size in [`App::UNIT`]s.
    pub size: usize,
}

/// An app whose batches are replays: files of its own format, each a whole recorded match, read
/// in place of a scenario (the arena). Its initial memory and input stream depend on each other
/// (the stream ends when the match does), so they are made together ([`ReplayApp::batch`]).
pub trait ReplayApp: App {
    /// A replay, as read from its file.
    type Replay;

    /// The built-in replay (a RON file compiled in).
    const REPLAY: &'static str;
    /// How `appvm gen` makes replays.
    const GENERATOR: Workload;

    /// Whether `text` is one of its replays, by its top-level fields alone, so that a replay with
    /// a mistake inside still reaches [`ReplayApp::parse`] and its errors.
    fn recognises(text: &str) -> bool;
    /// Reads and checks a replay; an error names the file `name` and the line, as
    /// `file:line: message` (a scenario's errors have the same form).
    fn parse(name: &str, text: &str) -> Result<Self::Replay>;
    /// The replay as the file [`ReplayApp::parse`] reads.
    fn to_text(replay: &Self::Replay) -> String;
    /// Its seed: reported with a run, and the seed of a match generated in its place (`--ops`).
    fn seed(replay: &Self::Replay) -> u64;
    /// A generated match of `units` units and a limit of `ticks` ticks, deterministic in `seed`;
    /// an error if the sizes are out of the game's bounds.
    fn generate(seed: u64, units: usize, ticks: u32) -> Result<Self::Replay>;
    /// A generated match of about `size` [`App::UNIT`]s, deterministic in `seed`.
    fn sized(seed: u64, size: usize) -> Result<Self::Replay>;
    /// The batch that proves a replay.
    fn batch(replay: &Self::Replay) -> Result<Recorded<Self>>;
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
