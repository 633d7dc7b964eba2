//! The order-book VM of `appvm-orderbook`: a matching engine over two markets, its workload
//! generators and its independent reference engine.

use anyhow::{bail, ensure, Result};
use appvm::{Execution, Memory};
use appvm_orderbook::layout::{balance_of, genesis};
use appvm_orderbook::reference::Engine;
use appvm_orderbook::types::{Event, ACCOUNTS, ASSETS};
use appvm_orderbook::vm::{events_per_input, from_vm, to_vm, Orderbook};
use appvm_orderbook::workload::{adversarial, mixed};
use serde::{Deserialize, Serialize};

use crate::app::{App, Effects, Event as AppEvent, Inputs, ScenarioApp, Workload};

pub mod effects;

/// The order book in the command.
#[derive(Debug)]
pub struct OrderbookApp;

/// An order-book scenario's `state:` block. The book starts empty and unfunded: the workloads
/// fund their accounts with deposits, so the whole history is proven.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderbookState {}

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

    fn initial_memory(_: &OrderbookState) -> Result<Memory> {
        Ok(genesis())
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
        // The scenarios start from `genesis()`, the state `Engine::new()` models.
        debug_assert_eq!(initial, &genesis());
        Engine::new()
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
    use appvm_orderbook::types::{Side, Stp, Tif};

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
