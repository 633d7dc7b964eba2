//! A batch ready to run: what `run`, `prove`, `bench` and `verify --scenario` work on, whether a
//! scenario (`scenario`) or a replay (`replay`) described it.

use appvm::{Memory, Params};

use crate::app::App;

/// A batch, its reference engine, and what the reports say about it.
#[derive(Debug)]
pub struct Batch<A: App> {
    /// Where it came from: a file path, or `built-in <vm>`.
    pub source: String,
    /// Its parameter set.
    pub params: Params,
    /// How it was made: a workload generator's name, `inputs` for a scenario's explicit list,
    /// `replay` for a recorded match.
    pub workload: String,
    /// The generator's seed, or the replay's.
    pub seed: u64,
    /// Initial memory.
    pub memory: Memory,
    /// The instructions.
    pub ops: Vec<A::Vm>,
    /// The reference engine, set up for this batch.
    pub reference: A::Reference,
    /// The batch's size in the app's unit ([`App::UNIT`]).
    pub size: usize,
}
