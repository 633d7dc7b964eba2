//! Trace area per order on the generators' streams (printed with `--nocapture`; measured, not
//! asserted: padding makes the padded figure depend on the batch size).

use appvm::ChipCost;
use appvm_orderbook::types::Input;
use appvm_orderbook::vm::genesis;
use appvm_orderbook::workload::{adversarial, mixed};
use p3_field::PrimeField64;

use crate::vm_support::{self, machine};

fn report(name: &str, inputs: &[Input]) {
    let ops = vm_support::ops(inputs);
    let witness = machine().witness(&genesis(), &ops).expect("executes");
    let cost = witness.cost();
    let orders = inputs.iter().filter(|i| matches!(i, Input::PlaceLimit { .. } | Input::PlaceMarket { .. })).count();
    println!("{name}: {} inputs, {orders} orders\n{cost}", inputs.len());
    // An opcode's rows may be split over several instances of its chip: count every instance.
    let machine = machine();
    let is_op_chip = |c: &ChipCost| machine.layouts().iter().any(|l| l.name == c.chip);
    let (mut padded, mut real) = (0usize, 0usize);
    for (chip, trace) in cost.chips.iter().zip(&witness.traces).filter(|(c, _)| is_op_chip(c)) {
        // Column 0 of an op chip is `is_real`.
        let rows = trace.values.chunks(trace.width).filter(|row| row[0].as_canonical_u64() == 1).count();
        let per_row = chip.main_width + chip.aux_width;
        println!("{:<12} real rows {:>6}  cells/row {:>4}", chip.chip, rows, per_row);
        padded += chip.main_cells() + chip.aux_cells();
        real += rows * per_row;
    }
    let sum = |f: fn(&ChipCost) -> usize| cost.chips.iter().filter(|c| !is_op_chip(c)).map(f).sum::<usize>();
    println!(
        "op chips: {real} cells in real rows ({:.0} per order, {:.0} per input); {padded} padded ({:.0} per order); fixed chips {}",
        real as f64 / orders as f64,
        real as f64 / inputs.len() as f64,
        padded as f64 / orders as f64,
        sum(|c| c.main_cells() + c.aux_cells()),
    );
}

#[test]
fn cells_per_order() {
    report("mixed", &mixed(0, 4_000));
    report("adversarial", &adversarial(0, 4_000));
}
