//! What a run measures, and how it is shown: a summary table (`run`), a JSON benchmark report
//! (`bench --json`, schema in `docs/bench-schema.md`), a Markdown table and an SVG plot; and what
//! a VM's layout costs per opcode, without a run (`cost`).

pub mod bench;
pub mod cost;
pub mod markdown;
pub mod svg;

use std::fmt;
use std::time::Duration;

use appvm::ChipCost;
use serde::Serialize;

/// One end-to-end run: a row of the benchmark report. Field meanings are in
/// `docs/bench-schema.md`; renaming or removing a field is a schema version change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Measurement {
    /// VM name.
    pub vm: String,
    /// VM identity (hex digest of its constraint system and parameters).
    pub vm_id: String,
    /// Scenario file, or `built-in <vm>`.
    pub scenario: String,
    /// `fast` or `secure`.
    pub params: String,
    /// Workload generator, or `inputs` for an explicit list.
    pub workload: String,
    /// Generator seed.
    pub seed: u64,
    /// Instructions in the batch.
    pub ops: usize,
    /// What the VM's work is counted in: `op` (an instruction), or the VM's own unit (the
    /// arena's `unit-tick`: one live unit playing one tick).
    pub unit: String,
    /// The batch's size in `unit`s (`ops` when the unit is `op`).
    pub work: usize,
    /// Output records produced.
    pub outputs: usize,
    /// Padded trace rows over all chips.
    pub rows: usize,
    /// Main trace cells over all chips (padded heights).
    pub cells_main: usize,
    /// Auxiliary (LogUp) cells, in base-field elements.
    pub cells_aux: usize,
    /// `(cells_main + cells_aux) / ops`, fixed-size tables included.
    pub cells_per_op: f64,
    /// `(cells_main + cells_aux) / work`.
    pub cells_per_unit: f64,
    /// Machine setup (layout, VM identity).
    pub setup_s: f64,
    /// Native execution, no trace.
    pub execute_s: f64,
    /// Execution with trace generation.
    pub trace_s: f64,
    /// The prover's check of the witness (every constraint and bus, natively) before it proves.
    pub check_s: f64,
    /// Commitment and proving (one Plonky3 call).
    pub prove_s: f64,
    /// `trace_s + check_s + prove_s`: what proving a batch costs.
    pub prover_s: f64,
    /// Verification, from the proof's bytes.
    pub verify_ms: f64,
    /// Serialised proof size.
    pub proof_bytes: usize,
    /// Peak resident memory (see `peak_rss_scope`); null if the platform does not report it.
    pub peak_rss_bytes: Option<u64>,
    /// `run`: reset before this run; `process`: process-wide peak so far.
    pub peak_rss_scope: String,
    /// The plain-Rust reference engine's time for the batch (mean of repeated runs).
    pub native_s: f64,
    /// `prover_s / native_s`.
    pub prover_native_ratio: f64,
    /// `ops / prover_s`.
    pub ops_per_s: f64,
    /// `work / prover_s`.
    pub work_per_s: f64,
    /// Per chip: rows and widths.
    pub chips: Vec<ChipCost>,
    /// What the batch did, in the VM's words (the arena: the match's result): for the summary
    /// only, not part of the benchmark schema.
    #[serde(skip)]
    pub summary: Vec<(&'static str, String)>,
}

impl Measurement {
    /// The plural of the unit, as tables and labels say it.
    pub fn units(&self) -> String {
        format!("{}s", self.unit)
    }
}

impl fmt::Display for Measurement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = |s: f64| format_duration(Duration::from_secs_f64(s));
        let row = |f: &mut fmt::Formatter<'_>, k: &str, v: String| writeln!(f, "  {k:<16} {v}");
        row(f, "vm", format!("{} (id {}…)", self.vm, &self.vm_id[..self.vm_id.len().min(16)]))?;
        row(f, "scenario", format!("{}, {} params", self.scenario, self.params))?;
        row(
            f,
            "workload",
            format!("{}, seed {}", if self.workload == "inputs" { "listed inputs" } else { &self.workload }, self.seed),
        )?;
        for (key, value) in &self.summary {
            row(f, key, value.clone())?;
        }
        let (unit, units) = (&self.unit, self.units());
        // Where the unit is not the instruction, both counts matter: the work, and the inputs proven.
        let size = if unit == "op" {
            format!("{} ({} outputs)", self.ops, self.outputs)
        } else {
            format!("{} ({} inputs, {} outputs)", self.work, self.ops, self.outputs)
        };
        row(f, &units, size)?;
        row(
            f,
            "trace cells",
            format!(
                "{} main + {} aux = {:.1} per {unit} ({} rows)",
                self.cells_main, self.cells_aux, self.cells_per_unit, self.rows
            ),
        )?;
        row(f, "setup", secs(self.setup_s))?;
        row(f, "execute", format!("{} ({} {units}/s)", secs(self.execute_s), rate(self.work as f64 / self.execute_s)))?;
        row(f, "trace", secs(self.trace_s))?;
        row(f, "check", secs(self.check_s))?;
        row(f, "prove", secs(self.prove_s))?;
        row(f, "verify", format!("{:.1} ms", self.verify_ms))?;
        row(f, "proof", format!("{} bytes", self.proof_bytes))?;
        row(f, "throughput", format!("{} {units}/s proven (trace + check + prove)", rate(self.work_per_s)))?;
        let rss = self.peak_rss_bytes.map_or("unknown".into(), |b| format!("{:.0} MiB", b as f64 / MIB));
        row(f, "peak RSS", format!("{rss} ({})", self.peak_rss_scope))?;
        row(
            f,
            "native",
            format!(
                "{} (reference engine, {:.1} ns/{unit})",
                secs(self.native_s),
                self.native_s * 1e9 / self.work.max(1) as f64
            ),
        )?;
        row(f, "prover / native", format!("{:.0}x", self.prover_native_ratio))?;
        // A run that gets here has verified its proof from the proof's bytes; a rejected proof
        // ends the run with an error saying why.
        let strength =
            if self.params == "fast" { "fast test parameters: not a secure check" } else { "secure parameters" };
        write!(f, "  {:<16} ✓ the proof verifies ({strength})", "verdict")
    }
}

const MIB: f64 = 1024.0 * 1024.0;

/// A duration with a unit that suits it.
pub fn format_duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{:.1} µs", s * 1e6)
    }
}

/// A rate with a k/M suffix.
pub fn rate(r: f64) -> String {
    if r >= 1e6 {
        format!("{:.2} M", r / 1e6)
    } else if r >= 1e4 {
        format!("{:.1} k", r / 1e3)
    } else {
        format!("{r:.0}")
    }
}
