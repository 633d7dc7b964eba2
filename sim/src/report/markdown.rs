//! A Markdown table of a benchmark report, for docs/BENCHMARKS.md.

use std::fmt::Write;

use super::bench::BenchReport;
use super::rate;

/// The table, with a line saying what produced it. Sizes, cells and rates are in the VM's unit
/// (`ops` for most, the arena's `unit-ticks`).
pub fn table(report: &BenchReport) -> String {
    let mut out = String::new();
    let params = report.runs.first().map_or("?", |r| r.params.as_str());
    let (unit, units) = report.runs.first().map_or(("op".into(), "ops".into()), |r| (r.unit.clone(), r.units()));
    let _ = writeln!(
        out,
        "VM `{}`, scenario `{}`, {params} parameters, {} on {} CPUs ({}).\n",
        report.vm, report.scenario, report.tool, report.host.cpus, report.host.arch
    );
    let _ = writeln!(
        out,
        "| {units} | cells/{unit} | main cells | aux cells | trace | prove | verify | proof | peak RSS | {units}/s | native | prover/native |",
    );
    out.push_str("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for r in &report.runs {
        let rss = r.peak_rss_bytes.map_or("?".into(), |b| format!("{:.0} MiB", b as f64 / (1024.0 * 1024.0)));
        let _ = writeln!(
            out,
            "| {} | {:.1} | {} | {} | {:.3} s | {:.3} s | {:.1} ms | {:.0} KiB | {rss} | {} | {:.1} µs | {:.0}x |",
            r.work,
            r.cells_per_unit,
            r.cells_main,
            r.cells_aux,
            r.trace_s,
            r.prove_s,
            r.verify_ms,
            r.proof_bytes as f64 / 1024.0,
            rate(r.work_per_s),
            r.native_s * 1e6,
            r.prover_native_ratio
        );
    }
    out
}
