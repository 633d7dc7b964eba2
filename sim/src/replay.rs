//! Replays: files of a VM's own format, each a whole recorded match, read in place of a scenario
//! (a [`ReplayApp`]'s batches; the arena's). A replay holds no parameter set: the command line
//! gives it (`--params`), secure by default.

use anyhow::{Context, Result};
use appvm::Params;

use crate::app::ReplayApp;
use crate::batch::Batch;
use crate::scenario::{check_size, Source};

/// Reads and checks the replay in `source`; an error names the file and line.
pub fn parse<A: ReplayApp>(source: &Source) -> Result<A::Replay> {
    A::parse(&source.name, &source.text)
}

/// The batch that proves the replay in `source`. With `size`, a match the app's generator plays
/// stands in for the recorded one: about `size` units of work, seeded by the replay's seed (as
/// `--ops` resizes a scenario's generated workload and keeps its seed).
pub fn batch<A: ReplayApp>(source: &Source, size: Option<usize>, params: Params) -> Result<Batch<A>> {
    let replay = parse::<A>(source)?;
    let seed = A::seed(&replay);
    let (replay, workload) = match size {
        None => (replay, "replay"),
        Some(size) => {
            check_size(size)?;
            (A::sized(seed, size)?, A::GENERATOR.name)
        }
    };
    let recorded = A::batch(&replay).with_context(|| format!("{}: the replay does not play", source.name))?;
    Ok(Batch {
        source: source.name.clone(),
        params,
        workload: workload.into(),
        seed,
        memory: recorded.memory,
        ops: recorded.ops,
        reference: recorded.reference,
        size: recorded.size,
    })
}
