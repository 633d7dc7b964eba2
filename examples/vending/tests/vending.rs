//! The vending machine proven end to end, and checked with the test kit as every VM should be.

use appvm::testkit::{bus_balance, check_witness, mutation_sweep};
use appvm::{Machine, Memory, Params};
use vending::{receipts, Insert, Receipt, Vend, Vending};

/// A machine with `stock` items and no credit.
fn stocked(stock: u64) -> Memory {
    Memory::from_u64_words(3, [0, stock, 0])
}

fn day() -> Vec<Vending> {
    vec![
        Vending::Insert(Insert { coins: 2 }),
        Vending::Vend(Vend), // refused: 2 < 3
        Vending::Insert(Insert { coins: 5 }),
        Vending::Vend(Vend), // sold, 4 left
        Vending::Vend(Vend), // sold, 1 left
        Vending::Vend(Vend), // refused: out of stock
    ]
}

#[test]
fn a_day_of_sales_is_proven_and_verified() {
    let machine = Machine::<Vending>::new(Params::Fast).expect("the VM lays out");
    let (statement, proof) = machine.prove(&stocked(2), &day()).expect("proves");
    machine.verify(&statement, &proof).expect("verifies");

    let vended: Vec<u64> = receipts(&statement.outputs).iter().map(|r: &Receipt<u64>| r.vended).collect();
    assert_eq!(vended, [0, 1, 1, 0]);
    assert_eq!(statement.final_state, [1, 0, 2]);

    let mut forged = statement.clone();
    forged.final_state = vec![1, 1, 1];
    assert!(machine.verify(&forged, &proof).is_err());
}

#[test]
fn every_constraint_and_bus_holds_and_no_cell_is_unconstrained() {
    let machine = Machine::<Vending>::new(Params::Fast).expect("the VM lays out");
    let witness = machine.witness(&stocked(2), &day()).expect("executes");
    check_witness(&witness).expect("every constraint holds");
    assert!(bus_balance(&witness).is_empty());
    let report = mutation_sweep(&witness, 64, 1);
    assert!(report.survivors.is_empty(), "{report}");
}
