//! The order book conserves every asset: over random streams, the VM's final balances add up, per
//! asset and over all accounts (available + locked, fee account included), to what the stream's
//! accepted deposits brought in minus what its accepted withdrawals took out. Matching, fees,
//! refunds, locks and unlocks only move value between accounts and between available and locked.
//!
//! Checked on the VM's own execution and its own events, not on the reference engine's: the
//! differential tests compare the two, this one holds the VM to the invariant directly.

use crate::common::orderbook_machine;
use appvm::Machine;
use appvm_orderbook::types::{order_id, Event, Input, ACCOUNTS, ASSETS, BALANCE_BOUND};
use appvm_orderbook::vm::{balance_of, events_per_input, genesis, to_vm, Orderbook};
use appvm_orderbook::workload::{adversarial, mixed};
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};

/// Random streams per strategy.
const CASES: u32 = 128;

/// Net amount of each asset the stream's accepted deposits and withdrawals moved in.
fn net_inflow(inputs: &[Input], events: &[Vec<Event>]) -> [i128; ASSETS as usize] {
    let mut net = [0i128; ASSETS as usize];
    for (input, events) in inputs.iter().zip(events) {
        let accepted = events.as_slice() == [Event::Ok];
        match *input {
            Input::Deposit { asset, amount, .. } if accepted => net[asset as usize] += i128::from(amount),
            Input::Withdraw { asset, amount, .. } if accepted => net[asset as usize] -= i128::from(amount),
            _ => {}
        }
    }
    net
}

/// Executes `inputs` on the VM and checks conservation and the balance bound; returns the number
/// of trades, so the caller can check the streams exercised matching.
fn conserves(machine: &Machine<Orderbook>, inputs: &[Input]) -> Result<usize, TestCaseError> {
    let ops: Vec<Orderbook> = inputs.iter().map(|i| to_vm(i).expect("ids below 2^63")).collect();
    let execution = machine.execute(&genesis(), &ops).map_err(|e| TestCaseError::fail(format!("execute: {e}")))?;
    let events =
        events_per_input(&execution.outputs, inputs.len()).map_err(|e| TestCaseError::fail(format!("outputs: {e}")))?;
    let inflow = net_inflow(inputs, &events);
    for asset in 0..ASSETS {
        let mut held = 0i128;
        for account in 0..ACCOUNTS {
            let (available, locked) = balance_of(&execution.final_memory, account, asset).expect("a balance word");
            prop_assert!(
                available < BALANCE_BOUND && locked < BALANCE_BOUND,
                "account {account} asset {asset}: ({available}, {locked}) out of bounds"
            );
            held += i128::from(available) + i128::from(locked);
        }
        prop_assert_eq!(held, inflow[asset as usize], "asset {} is not conserved", asset);
    }
    Ok(events.iter().flatten().filter(|e| matches!(e, Event::Trade { .. })).count())
}

/// An input drawn from small domains, so that orders cross, self-trade, hit bounds and name live,
/// dead and never-assigned ids; invalid operands (market 2, side 2, asset 4, account 256…)
/// included.
fn raw_input() -> impl Strategy<Value = Input> {
    let account = prop_oneof![8 => 0u32..6, 1 => Just(ACCOUNTS)];
    let price = prop_oneof![16 => (195u32..205).prop_map(|p| p * 5), 1 => Just(0u32), 1 => any::<u32>()];
    let qty = prop_oneof![16 => (1u32..40).prop_map(|q| q * 10), 1 => any::<u32>(), 1 => Just(u32::MAX)];
    let id = prop_oneof![4 => (1u64..24, 1u64..4).prop_map(|(s, g)| order_id(s, g)), 1 => Just(0u64)];
    // Mostly valid codes, sometimes one past the last.
    let code = |n: u32| prop_oneof![12 => 0..n, 1 => Just(n)];
    prop_oneof![
        3 => (account.clone(), code(ASSETS), prop_oneof![Just(u32::MAX), 0u32..5_000_000])
            .prop_map(|(account, asset, amount)| Input::Deposit { account, asset, amount }),
        1 => (account.clone(), code(ASSETS), 0u32..100_000)
            .prop_map(|(account, asset, amount)| Input::Withdraw { account, asset, amount }),
        8 => (account.clone(), code(2), code(2), price.clone(), qty.clone(), code(4), code(3)).prop_map(
            |(account, market, side, price, qty, tif, stp)| Input::PlaceLimit {
                account, market, side, price, qty, tif, stp
            }
        ),
        2 => (account.clone(), code(2), code(2), qty, price, code(3)).prop_map(
            |(account, market, side, qty, worst_price, stp)| Input::PlaceMarket {
                account, market, side, qty, worst_price, stp
            }
        ),
        2 => (account.clone(), id.clone()).prop_map(|(account, order)| Input::Cancel { account, order }),
        1 => (account, id, 0u32..400).prop_map(|(account, order, qty)| Input::Amend { account, order, qty }),
    ]
}

fn run(strategy: impl Strategy<Value = Vec<Input>>) {
    let machine = orderbook_machine();
    let mut runner =
        TestRunner::new(ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() });
    let trades = std::cell::Cell::new(0);
    let result = runner.run(&strategy, |inputs| {
        trades.set(trades.get() + conserves(machine, &inputs)?);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(
        trades.get() > CASES as usize,
        "the streams must trade for conservation to mean much: {} trades",
        trades.get()
    );
}

#[test]
fn raw_random_streams_conserve_every_asset() {
    // Funded first, so that most orders are accepted and trade; the raw inputs then do anything.
    let funding: Vec<Input> = (0..6)
        .flat_map(|account| (0..ASSETS).map(move |asset| Input::Deposit { account, asset, amount: 50_000_000 }))
        .collect();
    run(prop::collection::vec(raw_input(), 1..160).prop_map(move |raw| [funding.clone(), raw].concat()));
}

#[test]
fn generated_streams_conserve_every_asset() {
    // The workload generators: realistic flow and the adversarial edge cases, random seeds and
    // lengths (a stream of length n is a prefix of the longer ones, so lengths vary the cut).
    let workload = (any::<u64>(), 1usize..400, any::<bool>()).prop_map(|(seed, n, hostile)| {
        if hostile {
            adversarial(seed, n)
        } else {
            mixed(seed, n)
        }
    });
    run(workload);
}
