//! [`check_witness`]: every constraint of every row of every chip, with names in the failures.

use p3_air::BaseAir;
use p3_field::PrimeCharacteristicRing;

use super::describe::{Cell, ChipNames};
use super::eval::ChipTraces;
use super::Witness;
use crate::backend::F;
use crate::fault::ConstraintFailure;

/// Checks every constraint on every row of every chip of `witness` (buses are checked by
/// [`super::bus_balance`]). All failures are returned, in chip and row order.
pub fn check_witness(witness: &Witness) -> Result<(), Vec<ConstraintFailure>> {
    let failures = failures(witness);
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures)
    }
}

/// Every failure, in chip and row order.
fn failures(witness: &Witness) -> Vec<ConstraintFailure> {
    let mut failures = shape_failures(witness);
    if !failures.is_empty() {
        return failures;
    }
    for ((air, main), pv) in witness.airs.iter().zip(&witness.traces).zip(&witness.public_values) {
        let traces = ChipTraces::new(air, main, pv);
        let mut names: Option<ChipNames> = None;
        for row in 0..traces.height() {
            let eval = traces.eval(air, main, row);
            for nz in eval.failures {
                let names = names.get_or_insert_with(|| ChipNames::new(air));
                let columns = names
                    .reads
                    .get(nz.index)
                    .map(|cells| {
                        cells.iter().map(|&c| (names.cell(c), cell_value(&traces, main.width, row, c))).collect()
                    })
                    .unwrap_or_default();
                failures.push(ConstraintFailure {
                    chip: names.chip.clone(),
                    row,
                    constraint: names.constraint(nz.index),
                    index: nz.index,
                    value: nz.value,
                    columns,
                });
            }
        }
    }
    failures
}

/// The value of `cell` as the evaluator of row `row` saw it.
fn cell_value(traces: &ChipTraces<'_>, width: usize, row: usize, cell: Cell) -> F {
    let height = traces.height();
    let at = |next: bool| if next { (row + 1) % height.max(1) } else { row };
    match cell {
        Cell::Main { index, next } => {
            if next && !traces.reads_next_row() {
                return F::ZERO;
            }
            traces.main.values.get(at(next) * width + index).copied().unwrap_or(F::ZERO)
        }
        Cell::Preprocessed { index, next } => traces.preprocessed_row(at(next)).get(index).copied().unwrap_or(F::ZERO),
    }
}

/// Traces that do not fit their chips (width, height, preprocessed height, public values); the
/// evaluator needs these to hold before it can run.
pub(crate) fn shape_failures(witness: &Witness) -> Vec<ConstraintFailure> {
    let mut out = Vec::new();
    let mut fail = |chip: &str, what: String| {
        out.push(ConstraintFailure {
            chip: chip.to_string(),
            row: 0,
            constraint: format!("shape: {what}"),
            index: 0,
            value: F::ZERO,
            columns: Vec::new(),
        });
    };
    if witness.airs.len() != witness.traces.len() || witness.airs.len() != witness.public_values.len() {
        let counts = (witness.airs.len(), witness.traces.len(), witness.public_values.len());
        fail("witness", format!("{} chips, {} traces, {} public value lists", counts.0, counts.1, counts.2));
        return out;
    }
    for ((air, main), pv) in witness.airs.iter().zip(&witness.traces).zip(&witness.public_values) {
        let name = air.name();
        if main.width != air.width() || main.width == 0 || main.values.len() % main.width != 0 {
            fail(name, format!("trace has width {}, chip {}", main.width, air.width()));
            continue;
        }
        let height = main.values.len() / main.width;
        if !height.is_power_of_two() {
            fail(name, format!("height {height} is not a power of two"));
        }
        if pv.len() != air.num_public_values() {
            fail(name, format!("{} public values, chip expects {}", pv.len(), air.num_public_values()));
        }
        if let Some(pre) = air.preprocessed_trace() {
            let pre_height = pre.values.len().checked_div(pre.width).unwrap_or(0);
            if pre.width != air.preprocessed_width() || pre_height != height {
                fail(name, format!("preprocessed trace is {pre_height}x{}, main has {height} rows", pre.width));
            }
        } else if air.preprocessed_width() != 0 {
            fail(name, "chip declares preprocessed columns but has no preprocessed trace".into());
        }
    }
    out
}
