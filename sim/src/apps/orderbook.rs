//! The order-book VM of `appvm-orderbook`: a matching engine over two markets, its workload
//! generators and its independent reference engine.

use anyhow::{bail, ensure, Result};
use appvm::{Execution, Memory};
use appvm_orderbook::layout::{balance_of, genesis_with};
use appvm_orderbook::reference::Engine;
use appvm_orderbook::types::{Event, Input, Side, Stp, Tif, ACCOUNTS, ASSETS};
use appvm_orderbook::vm::{events_per_input, from_vm, to_vm, LimitOrder, Orderbook, PlaceLimit};
use appvm_orderbook::workload::{adversarial, mixed};
use serde::{Deserialize, Serialize};

use crate::app::{App, Effects, Event as AppEvent, Inputs, ScenarioApp, Workload};

pub mod effects;

/// The order book in the command.
#[derive(Debug)]
pub struct OrderbookApp;

/// An order-book scenario's `state:` block: balances the accounts hold at the start, and orders
/// resting at the start. Empty by default: the workloads fund their accounts with deposits, so
/// the whole history is proven.
///
/// ```ron
/// state: (
///     balances: [(account: 1, asset: 0, amount: 5000), (account: 2, asset: 1, amount: 900000)],
///     orders: [(account: 1, market: 0, side: Sell, price: 100, qty: 50)],
/// ),
/// ```
///
/// The balances are the initial memory (a genesis image, which the verifier accepts). The order
/// book's verifier accepts no other start (`check_genesis`), so a resting order is made as it
/// would be: the batch begins with a good-till-cancelled `PlaceLimit` per order (self-trade
/// prevention `CancelResting`), in the order listed, paid from the balances. Its events are the
/// batch's first; an order that crosses an earlier one trades, as it would.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderbookState {
    /// Available balances at the start; every other balance is 0.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub balances: Vec<Funded>,
    /// Orders placed before the batch's own inputs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orders: Vec<RestingOrder>,
}

/// A balance at the start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Funded {
    /// The account.
    pub account: u32,
    /// The asset.
    pub asset: u32,
    /// Its available amount (below 2^60).
    pub amount: u64,
}

/// An order resting at the start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestingOrder {
    /// The owner.
    pub account: u32,
    /// The market.
    pub market: u32,
    /// `Buy` or `Sell`.
    pub side: Side,
    /// Limit price.
    pub price: u32,
    /// Quantity.
    pub qty: u32,
}

impl Inputs for Orderbook {
    const INTERNAL: &'static [&'static str] =
        &["Reject", "FokWalk", "Match", "Settle", "Rest", "NewLevel", "Unlink", "LevelOut"];

    /// Sides, times in force and STP modes by the names of their code enums (a test keeps the
    /// lists equal to `Side::ALL`, `Tif::ALL` and `Stp::ALL`).
    fn names(operand: &str) -> Option<&'static [&'static str]> {
        match operand {
            "side" => Some(&["Buy", "Sell"]),
            "tif" => Some(&["Gtc", "Ioc", "Fok", "PostOnly"]),
            "stp" => Some(&["CancelResting", "CancelTaker", "CancelBoth"]),
            _ => None,
        }
    }
}

impl ScenarioApp for OrderbookApp {
    type State = OrderbookState;

    const SCENARIO: &'static str = include_str!("../../scenarios/orderbook.ron");
    const WORKLOADS: &'static [Workload] = &[
        Workload {
            name: "mixed",
            about: "65% limit orders, 20% cancels and amends, 10% market/IOC, 5% deposits and \
                    withdrawals; prices on a random walk around each market's mid",
        },
        Workload {
            name: "adversarial",
            about: "deep queues, many levels, self-trades in every mode, fee rounding and bounds",
        },
    ];

    fn initial_memory(state: &OrderbookState) -> Result<Memory> {
        let balances: Vec<(u32, u32, u64)> = state.balances.iter().map(|b| (b.account, b.asset, b.amount)).collect();
        Ok(genesis_with(&balances)?)
    }

    fn prelude(state: &OrderbookState) -> Vec<Orderbook> {
        state
            .orders
            .iter()
            .map(|o| {
                Orderbook::PlaceLimit(PlaceLimit {
                    order: LimitOrder {
                        account: o.account,
                        market: o.market,
                        side: o.side.code(),
                        price: o.price,
                        qty: o.qty,
                        tif: Tif::Gtc.code(),
                        stp: Stp::CancelResting.code(),
                    },
                })
            })
            .collect()
    }

    fn generate(workload: &str, seed: u64, ops: usize, _: &OrderbookState) -> Vec<Orderbook> {
        let inputs = match workload {
            "adversarial" => adversarial(seed, ops),
            _ => mixed(seed, ops),
        };
        // The generators only name ids below 2^63: every input has an instruction.
        inputs.iter().filter_map(|input| to_vm(input).ok()).collect()
    }

    fn reference(initial: &Memory) -> Engine {
        // The scenarios start from a genesis image: an empty book and available balances, which
        // the engine reaches from `Engine::new()` by deposits (of at most `u32::MAX` each).
        let mut engine = Engine::new();
        for account in 0..ACCOUNTS {
            for asset in 0..ASSETS {
                let mut left = balance_of(initial, account, asset).map_or(0, |(available, _)| available);
                while left > 0 {
                    let amount = u32::try_from(left).unwrap_or(u32::MAX);
                    engine.apply(&Input::Deposit { account, asset, amount });
                    left -= u64::from(amount);
                }
            }
        }
        engine
    }
}

impl App for OrderbookApp {
    type Vm = Orderbook;
    type Reference = Engine;
    type Results = Vec<Vec<Event>>;

    const ABOUT: &'static str = "central limit order book: 2 markets, price-time priority, fees, \
                                 GTC/IOC/FOK/PostOnly, self-trade prevention";

    fn run_reference(engine: &mut Engine, ops: &[Orderbook]) -> Vec<Vec<Event>> {
        ops.iter().map(|op| from_vm(op).map(|input| engine.apply(&input)).unwrap_or_default()).collect()
    }

    fn agree(engine: &Engine, events: &Vec<Vec<Event>>, execution: &Execution) -> Result<()> {
        let vm_events = events_per_input(&execution.outputs, events.len())?;
        if let Some(seq) = (0..events.len()).find(|&i| vm_events[i] != events[i]) {
            bail!(
                "the VM and the reference engine disagree on input #{seq}: VM {:?}, reference {:?}",
                vm_events[seq],
                events[seq]
            );
        }
        for account in 0..ACCOUNTS {
            for asset in 0..ASSETS {
                let vm = balance_of(&execution.final_memory, account, asset);
                let reference = engine.balance(account, asset).map(|b| (b.available, b.locked));
                ensure!(
                    vm == reference,
                    "the VM and the reference engine disagree on the balance of account {account}, \
                     asset {asset}: VM {vm:?}, reference {reference:?}"
                );
            }
        }
        Ok(())
    }

    fn summary(batch: &Effects<'_, Orderbook>) -> Vec<(&'static str, String)> {
        effects::summary(batch)
    }

    fn events(batch: &Effects<'_, Orderbook>) -> Result<Vec<AppEvent>> {
        effects::events(batch)
    }

    fn state(batch: &Effects<'_, Orderbook>) -> Vec<String> {
        effects::state(batch.final_state)
    }
}

#[cfg(test)]
mod tests {
    use appvm::Vm as _;

    use super::*;

    #[test]
    fn operand_names_are_the_code_enums_variants_in_code_order() {
        let debug = |all: &[String]| all.to_vec();
        let side: Vec<String> = Side::ALL.iter().map(|v| format!("{v:?}")).collect();
        let tif: Vec<String> = Tif::ALL.iter().map(|v| format!("{v:?}")).collect();
        let stp: Vec<String> = Stp::ALL.iter().map(|v| format!("{v:?}")).collect();
        for (operand, all) in [("side", side), ("tif", tif), ("stp", stp)] {
            let names: Vec<String> =
                Orderbook::names(operand).unwrap_or_default().iter().map(|n| n.to_string()).collect();
            assert_eq!(names, debug(&all), "{operand}");
        }
    }

    #[test]
    fn the_internal_opcodes_are_opcodes_no_input_maps_to() {
        for (i, info) in Orderbook::OPCODES.iter().enumerate() {
            // An input has an instruction (`to_vm`), an internal opcode none (`from_vm`).
            let internal = Orderbook::INTERNAL.contains(&info.name);
            let zeros = vec![appvm::F::default(); info.operands.len()];
            if let Ok(op) = Orderbook::decode(i, &zeros) {
                assert_eq!(from_vm(&op).is_none(), internal, "{}", info.name);
            }
        }
    }
}
