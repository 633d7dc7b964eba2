//! The command line, as `appvm --help` shows it.

use std::path::PathBuf;

use appvm_arena::render::style;
use clap::{ArgGroup, Args, Parser, Subcommand};

use crate::scenario::{parse_size, ParamsSpec};

const EXAMPLES: &str = "\
Examples:
  appvm                                     run the built-in default scenario end to end
  appvm run sim/scenarios/ledger.ron        execute, prove and verify a scenario
  appvm run ledger --ops 1024               a VM's built-in scenario at another size
  appvm prove ledger -o ledger.proof        write the statement and its proof to a file
  appvm verify ledger.proof                 check a proof file (secure parameters; `--fast` for test proofs)
  appvm run orderbook --ops 64 --events     every trade, rest, cancel and rejection, in the app's words
  appvm show ledger.proof                   a proof file's events and final state
  appvm cost ledger                         columns and cells per opcode, without proving
  appvm bench ledger --sizes 1k,8k,64k --json bench.json --svg bench.svg --markdown
  appvm gen ledger --seed 7 --ops 100 -o w.ron   a deterministic workload, runnable with `appvm run w.ron`
  appvm gen arena --seed 3 --units 16 --ticks 300 -o m.ron   an arena match the bot plays, as a replay
  appvm run m.ron --params fast             a replay end to end (test parameters: not secure)
  appvm bench arena --sizes 4k,32k          bot matches of about 4k and 32k unit-ticks
  appvm render m.ron --html -o m.html       the match as a self-contained player (or --svg, --png)
  appvm render m.ron --png --tick 100 -o m.png   one tick as a picture
  appvm list                                the VMs and their workloads

RUST_LOG controls tracing output on stderr (e.g. RUST_LOG=info shows each phase's span with its time).";

/// appvm: app-specific provable VMs on Plonky3.
///
/// Runs scenarios and replays end to end (execute, trace, prove, verify), writes and checks proof
/// files, reports trace costs from the layout alone, sweeps batch sizes for benchmarks, and draws
/// arena matches. With no command, runs the built-in default scenario.
#[derive(Debug, Parser)]
#[command(name = "appvm", version, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do; `run` on the default scenario if omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Execute, check against the reference engine, trace, prove and verify a scenario or replay;
    /// print a summary (cells, times, proof size, throughput, peak memory, prover/native ratio).
    Run(RunArgs),
    /// Like `run`, and write the statement with its proof to a file for `appvm verify`.
    Prove(ProveArgs),
    /// Check a proof file written by `appvm prove`: exit status 0 if and only if it verifies.
    Verify(VerifyArgs),
    /// Per-opcode columns (main and LogUp auxiliary) and cells per operation, from the layout
    /// alone: no execution, no proving.
    Cost(CostArgs),
    /// Run a scenario at several batch sizes; write a JSON report (schema: docs/bench-schema.md),
    /// optionally an SVG plot and a Markdown table.
    Bench(BenchArgs),
    /// Write a deterministic workload as a runnable scenario (RON) with an explicit input list,
    /// or, for the arena, a match the bot plays as a replay.
    Gen(GenArgs),
    /// Draw an arena replay: one tick as SVG or PNG, the match as an SVG animation or a
    /// self-contained HTML player.
    Render(RenderArgs),
    /// Print what a proof file's batch did: its events, and the state after it (the order book:
    /// balances and book depth per market), decoded from the statement without verifying it.
    Show(ShowArgs),
    /// List the VMs and their workloads; `appvm run <vm>` runs a VM's built-in scenario.
    List,
}

/// A scenario argument.
#[derive(Debug, Args)]
pub struct ScenarioArg {
    /// A scenario file or an arena replay (RON, see sim/scenarios/), or a VM name for its
    /// built-in one. Defaults to the built-in default scenario.
    pub scenario: Option<PathBuf>,
    /// Batch size, overriding the scenario's `ops` (generated workloads only); e.g. 1024, 8k.
    /// For a replay: a bot match of about this many unit-ticks instead, with the replay's seed.
    #[arg(long, value_parser = parse_size_arg)]
    pub ops: Option<usize>,
    /// Parameter set, overriding the scenario's; a replay holds none and is proven with `secure`
    /// unless this says otherwise.
    #[arg(long, value_enum)]
    pub params: Option<ParamsSpec>,
}

/// `appvm run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub scenario: ScenarioArg,
    /// List what the batch did, event by event, in the app's words (the order book: trades,
    /// rests, cancels, amends and rejections with their reason).
    #[arg(long)]
    pub events: bool,
    /// Also write the measurements as JSON (one run of the benchmark schema), with the summary's
    /// figures, the verdict and every event.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// `appvm prove`.
#[derive(Debug, Args)]
pub struct ProveArgs {
    #[command(flatten)]
    pub scenario: ScenarioArg,
    /// Where to write the proof file.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// List what the batch did, event by event, in the app's words.
    #[arg(long)]
    pub events: bool,
    /// Also write the measurements as JSON, with the summary's figures, the verdict and every
    /// event (as `run --json`).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// `appvm verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A proof file written by `appvm prove`.
    pub file: PathBuf,
    /// Check the proof against this scenario's statement (its batch executed) instead of the
    /// statement stored in the file: "does this proof prove this scenario?"
    #[arg(long, value_name = "SCENARIO")]
    pub scenario: Option<PathBuf>,
    /// Accept a proof made with the fast test parameters (16 FRI queries, no grinding: about 16
    /// bits of security, not secure). Without it, only proofs with the secure parameters verify:
    /// the verifier chooses its parameters, never the file.
    #[arg(long)]
    pub fast: bool,
    /// Require this VM id (the hex digest `appvm cost` prints): it pins the VM's constraints and
    /// its parameters, so a proof for any other VM or parameter set is rejected.
    #[arg(long, value_name = "HEX")]
    pub vm_id: Option<String>,
    /// List what the verified batch did, event by event, in the app's words.
    #[arg(long)]
    pub events: bool,
    /// Also write what the verified batch did as JSON: its figures, events and final state.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// `appvm show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A proof file written by `appvm prove`.
    pub file: PathBuf,
    /// Also write it as JSON: the batch's figures, events and final state (not verified).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// `appvm cost`.
#[derive(Debug, Args)]
pub struct CostArgs {
    /// VM name (see `appvm list`).
    pub vm: String,
    /// Parameter set (it is part of the VM identity, not of the layout).
    #[arg(long, value_enum, default_value_t = ParamsSpec::Secure)]
    pub params: ParamsSpec,
}

/// `appvm bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// A scenario file or an arena replay (RON), or a VM name for its built-in one.
    pub scenario: Option<PathBuf>,
    /// Batch sizes, comma-separated, run in ascending order; e.g. 1024,8192 or 1k,8k,64k.
    /// Defaults to the scenario's own size. For a replay: bot matches of about these many
    /// unit-ticks, with the replay's seed.
    #[arg(long, value_delimiter = ',', value_parser = parse_size_arg)]
    pub sizes: Vec<usize>,
    /// Parameter set, overriding the scenario's (a replay's default: secure).
    #[arg(long, value_enum)]
    pub params: Option<ParamsSpec>,
    /// Write the JSON report here.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write an SVG plot of throughput and cells per op against batch size here.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Print a Markdown table (for docs/BENCHMARKS.md), or write it to FILE.
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "-")]
    pub markdown: Option<PathBuf>,
}

const GEN_EXAMPLES: &str = "\
Examples:
  appvm gen ledger --seed 7 --ops 100 -o w.ron           a ledger scenario listing 100 instructions
  appvm gen orderbook:adversarial --ops 1k               an order-book scenario, to standard output
  appvm gen arena --seed 3 --units 16 --ticks 300 -o m.ron   the bot's match of 16 units, at most 300 ticks, as a replay
  appvm gen arena --seed 3 --ops 8k -o m.ron             a replay of about 8k unit-ticks";

/// `appvm gen`: `gen <vm>[:<workload>] --ops N` for a scenario, `gen arena --units N --ticks T`
/// (or `--ops N`) for a replay.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("size").required(true).args(["ops", "units"])), after_help = GEN_EXAMPLES)]
pub struct GenArgs {
    /// `<vm>` for its default workload, or `<vm>:<workload>` (see `appvm list`).
    pub kind: String,
    /// Generator seed: the same seed gives the same file.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Number of instructions; e.g. 100, 8k. For the arena: a match of about this many
    /// unit-ticks (one live unit playing one tick).
    #[arg(long, value_parser = parse_size_arg)]
    pub ops: Option<usize>,
    /// Arena: units in the match (1 to 1024), in 2 to 4 teams (by seed).
    #[arg(long, value_name = "N", requires = "ticks", conflicts_with = "ops")]
    pub units: Option<usize>,
    /// Arena: the match's tick limit; it ends sooner if one team is left.
    #[arg(long, value_name = "T", requires = "units")]
    pub ticks: Option<u32>,
    /// Parameter set written into the scenario (default: secure). A replay holds none.
    #[arg(long, value_enum)]
    pub params: Option<ParamsSpec>,
    /// Output file; standard output if omitted.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `appvm render`: which picture, as `appvm_arena::render` draws it (docs/arena.md, "The
/// viewer").
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("format").required(true).args(["svg", "png", "html"])))]
pub struct RenderArgs {
    /// An arena replay (RON), or `arena` for the built-in one.
    pub replay: PathBuf,
    /// SVG of tick `--tick`; without `--tick`, every `--every`-th tick as a looping animation.
    #[arg(long)]
    pub svg: bool,
    /// PNG of tick `--tick` (default: the last), without text.
    #[arg(long)]
    pub png: bool,
    /// A self-contained HTML player of every `--every`-th tick, opening at `--tick`.
    #[arg(long)]
    pub html: bool,
    /// The tick to draw or open at: 0 is the start, N the state after tick N.
    #[arg(long, value_name = "N")]
    pub tick: Option<u32>,
    /// Animate every N-th tick (and always the last); default 1.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub every: Option<u32>,
    /// Pixels per tile.
    #[arg(long, value_name = "N", default_value_t = style::DEFAULT_SCALE)]
    pub scale: u32,
    /// Where to write the picture.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

fn parse_size_arg(text: &str) -> Result<usize, String> {
    parse_size(text).map_err(|e| e.to_string())
}
