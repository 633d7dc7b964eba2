//! `appvm bench`: a scenario or replay at several batch sizes, reported as JSON, Markdown and SVG.

use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::BenchArgs;
use crate::output;
use crate::progress::Ui;
use crate::registry;
use crate::report::bench::BenchReport;
use crate::report::{markdown, rate, svg};

/// Runs the command.
pub fn run(args: BenchArgs, ui: &Ui) -> Result<()> {
    let source = registry::resolve(args.scenario.as_deref())?;
    let vm = registry::vm_of(&source)?;
    let mut sizes = args.sizes.clone();
    sizes.sort_unstable();
    sizes.dedup();
    // No sizes: one run at the scenario's own size.
    let runs: Vec<Option<usize>> = if sizes.is_empty() { vec![None] } else { sizes.into_iter().map(Some).collect() };
    eprintln!("appvm bench: {} ({}), {} run(s)", source.name, vm.name(), runs.len());
    let unit = vm.unit().name;
    let units = format!("{unit}s");

    let ui = ui.transient();
    let bar = ui.bar(runs.len() as u64);
    let mut measurements = Vec::with_capacity(runs.len());
    for size in runs {
        bar.set_message(size.map_or("scenario size".into(), |n| format!("{n} {units}")));
        let m = vm.measure(&source, size, args.params, false, &ui)?.measurement;
        bar.println(format!(
            "  {:>8} {units}  {:>7.1} cells/{unit}  prove {:>8.3} s  {:>9} {units}/s  verify {:>6.1} ms  proof {:>8} B",
            m.work,
            m.cells_per_unit,
            m.prove_s,
            rate(m.work_per_s),
            m.verify_ms,
            m.proof_bytes
        ));
        measurements.push(m);
        bar.inc(1);
    }
    bar.finish_and_clear();

    let report = BenchReport::new(vm.name(), &source.name, measurements);
    if let Some(path) = &args.json {
        write(path, &(serde_json::to_string_pretty(&report)? + "\n"))?;
        eprintln!("wrote {}", path.display());
    }
    if let Some(path) = &args.svg {
        write(path, &svg::plot(&report))?;
        eprintln!("wrote {}", path.display());
    }
    let table = markdown::table(&report);
    match args.markdown.as_deref() {
        Some(path) if path != Path::new("-") => {
            write(path, &table)?;
            eprintln!("wrote {}", path.display());
        }
        _ => output::print(table.trim_end())?,
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write `{}`", path.display()))
}
