//! Soundness of the ledger VM, without proving: a random batch's witness satisfies every
//! constraint and balances every bus, every single-cell change to it is caught, and a corrupted
//! cell is reported by opcode, row and constraint.

use crate::common::{ledger_batch, ledger_machine};
use appvm::testkit::{bus_balance, check_witness, mutation_sweep};
use appvm::{Operand, Witness};
use appvm_ledger::vm::Ledger;

/// Ops per batch: enough for every opcode to have real rows and every rejection path to occur.
const OPS: usize = 400;

/// Rows swept per chip (every row of a shorter trace).
const ROWS_PER_CHIP: usize = 1024;

fn ledger_witness(seed: u64) -> Witness<Ledger> {
    let (memory, ops) = ledger_batch(seed, OPS);
    ledger_machine().witness(&memory, &ops).expect("the batch executes")
}

#[test]
fn random_batch_satisfies_constraints_and_buses() {
    let witness = ledger_witness(11);
    if let Err(failures) = check_witness(&witness) {
        let shown: Vec<String> = failures.iter().take(5).map(ToString::to_string).collect();
        panic!("{} constraint failures, first:\n{}", failures.len(), shown.join("\n"));
    }
    let imbalances = bus_balance(&witness);
    let shown: Vec<String> = imbalances.iter().take(5).map(ToString::to_string).collect();
    assert!(imbalances.is_empty(), "{} unbalanced tuples, first:\n{}", imbalances.len(), shown.join("\n"));
}

#[test]
fn every_single_cell_mutation_is_caught() {
    let witness = ledger_witness(12);
    let report = mutation_sweep(&witness, ROWS_PER_CHIP, 0x5eed);
    println!("{report}");
    // Every chip was swept: every column of at least ROWS_PER_CHIP rows (or all of its rows),
    // with three mutations per cell.
    assert_eq!(report.chips.len(), witness.airs.len());
    for (chip, (air, trace)) in report.chips.iter().zip(witness.airs.iter().zip(&witness.traces)) {
        let height = trace.values.len() / trace.width;
        assert_eq!(chip.chip, air.name());
        assert_eq!(chip.columns, trace.width, "{report}");
        assert!(chip.rows >= ROWS_PER_CHIP.min(height), "{report}");
        assert_eq!(chip.tried, 3 * chip.rows * chip.columns, "{report}");
    }
    assert!(report.survivors.is_empty(), "{report}");
}

#[test]
fn corrupted_cell_is_detected() {
    let mut witness = ledger_witness(13);
    let chip = witness.airs.iter().position(|a| a.name() == "Transfer").expect("a transfer chip");
    let trace = &mut witness.traces[chip];
    let columns = witness.airs[chip].column_names();
    let ok = columns.iter().position(|c| c == "ok").expect("transfer has an `ok` column");
    // Flip the outcome of the first transfer: `ok` is the product `valid * enough`.
    let cell = &mut trace.values[ok];
    *cell = (!bool::from_field(*cell).expect("`ok` is a bit")).to_field();
    let failures = check_witness(&witness).expect_err("a flipped `ok` is caught");
    let first = &failures[0];
    assert_eq!((first.chip.as_str(), first.row), ("Transfer", 0), "{first}");
    assert_eq!(first.constraint, "ok", "{first}");
    assert!(first.columns.iter().any(|(name, _)| name == "ok"), "{first}");
    println!("{first}");
}
