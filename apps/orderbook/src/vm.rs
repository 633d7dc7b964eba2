//! The order-book VM: its opcodes, the map between the shared [`Input`] vocabulary and
//! instructions (both directions, [`to_vm`] and [`from_vm`]), and the decoding of its output
//! records into [`Event`]s.
//!
//! The example is compiled, not run (`no_run`): running it would build a second copy of the whole
//! VM for one doctest, and `tests/it/vm_scenarios.rs` runs the same flows (a deposit, an order
//! that rests in slot 1 at generation 1, its cancel) with these events.
//!
//! ```no_run
//! use appvm::{Machine, Params};
//! use appvm_orderbook::types::{order_id, Event, Input};
//! use appvm_orderbook::vm::{events, genesis, to_vm, Orderbook};
//!
//! let machine = Machine::<Orderbook>::new(Params::Fast).unwrap();
//! let inputs = [
//!     Input::Deposit { account: 1, asset: 2, amount: 5 },
//!     Input::PlaceLimit { account: 1, market: 1, side: 1, price: 100, qty: 5, tif: 0, stp: 0 },
//!     Input::Cancel { account: 1, order: order_id(1, 1) },
//! ];
//! let ops: Vec<Orderbook> = inputs.iter().map(to_vm).collect::<Result<_, _>>().unwrap();
//! let run = machine.execute(&genesis(), &ops).unwrap();
//! let out = events(&run.outputs).unwrap();
//! // The first order takes slot 1 at generation 1.
//! assert_eq!(out[2], (1, Event::Rested { order: order_id(1, 1), remaining: 5 }));
//! assert_eq!(out[3], (2, Event::Cancelled { order: order_id(1, 1), remaining: 5 }));
//!
//! // An order id of 2^63 or more is not a rejected input but a malformed one: no instruction.
//! assert!(to_vm(&Input::Cancel { account: 1, order: 1 << 63 }).is_err());
//! ```

use appvm::{Output, Vm};

pub use crate::layout::{balance_of, check_genesis, genesis, genesis_with, GenesisError};
pub use crate::ops::{
    Amend, Cancel, Deposit, FokWalk, LevelOut, LimitOrder, Match, NewLevel, OrderRef, PlaceLimit, PlaceMarket, Reject,
    Rest, Resting, Settle, StpFlags, Taker, Unlink, Withdraw,
};
use crate::types::{Event, Input, RecordError};

/// The order-book VM. The first six opcodes are the inputs of `docs/orderbook.md`; the rest are
/// the internal rows an input continues into (`docs/orderbook-vm.md`). Its verifier accepts
/// batches from a genesis state only ([`check_genesis`]): its hints are unique in reachable states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Vm)]
#[vm(name = "orderbook", memory_width = 4, initial_state = crate::layout::check_genesis)]
pub enum Orderbook {
    /// Credit an account.
    Deposit(Deposit),
    /// Debit an account.
    Withdraw(Withdraw),
    /// A limit order.
    PlaceLimit(PlaceLimit),
    /// A market order.
    PlaceMarket(PlaceMarket),
    /// Cancel a resting order.
    Cancel(Cancel),
    /// Shrink a resting order.
    Amend(Amend),
    /// Internal: an order whose operands break a rule.
    Reject(Reject),
    /// Internal: a FOK order's liquidity walk.
    FokWalk(FokWalk),
    /// Internal: one matching step.
    Match(Match),
    /// Internal: the taker's settlement and last event.
    Settle(Settle),
    /// Internal: the remainder joins its price level.
    Rest(Rest),
    /// Internal: the remainder opens a new price level.
    NewLevel(NewLevel),
    /// Internal: a cancel emptied a level; it leaves its book.
    Unlink(Unlink),
    /// Internal: a matching step emptied the best level; its successor becomes best.
    LevelOut(LevelOut),
}

/// Why an input has no instruction: it is malformed (a record the VM's input decoding rejects),
/// as opposed to an input the order book rejects with an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// A `Cancel` or `Amend` names an order id of `2^63` or more (no id ever is).
    #[error("order operand {order} is not below 2^63")]
    OrderTooLarge {
        /// The operand.
        order: u64,
    },
}

/// The instruction for an input; an error if the input is malformed.
pub fn to_vm(input: &Input) -> Result<Orderbook, InputError> {
    let order = |order: u64| OrderRef::new(order).ok_or(InputError::OrderTooLarge { order });
    Ok(match *input {
        Input::Deposit { account, asset, amount } => Orderbook::Deposit(Deposit { account, asset, amount }),
        Input::Withdraw { account, asset, amount } => Orderbook::Withdraw(Withdraw { account, asset, amount }),
        Input::PlaceLimit { account, market, side, price, qty, tif, stp } => {
            Orderbook::PlaceLimit(PlaceLimit { order: LimitOrder { account, market, side, price, qty, tif, stp } })
        }
        Input::PlaceMarket { account, market, side, qty, worst_price, stp } => {
            Orderbook::PlaceMarket(PlaceMarket { account, market, side, qty, worst_price, stp })
        }
        Input::Cancel { account, order: id } => Orderbook::Cancel(Cancel { account, order: order(id)? }),
        Input::Amend { account, order: id, qty } => Orderbook::Amend(Amend { account, order: order(id)?, qty }),
    })
}

/// The input an instruction encodes: [`to_vm`] undone. `None` for the internal opcodes (rows an
/// input continues into), which no input maps to. Every opcode is listed, so a new one does not
/// compile until it is placed on one side or the other.
pub fn from_vm(op: &Orderbook) -> Option<Input> {
    Some(match *op {
        Orderbook::Deposit(Deposit { account, asset, amount }) => Input::Deposit { account, asset, amount },
        Orderbook::Withdraw(Withdraw { account, asset, amount }) => Input::Withdraw { account, asset, amount },
        Orderbook::PlaceLimit(PlaceLimit { order: LimitOrder { account, market, side, price, qty, tif, stp } }) => {
            Input::PlaceLimit { account, market, side, price, qty, tif, stp }
        }
        Orderbook::PlaceMarket(PlaceMarket { account, market, side, qty, worst_price, stp }) => {
            Input::PlaceMarket { account, market, side, qty, worst_price, stp }
        }
        Orderbook::Cancel(Cancel { account, order }) => Input::Cancel { account, order: order.get() },
        Orderbook::Amend(Amend { account, order, qty }) => Input::Amend { account, order: order.get(), qty },
        Orderbook::Reject(_)
        | Orderbook::FokWalk(_)
        | Orderbook::Match(_)
        | Orderbook::Settle(_)
        | Orderbook::Rest(_)
        | Orderbook::NewLevel(_)
        | Orderbook::Unlink(_)
        | Orderbook::LevelOut(_) => return None,
    })
}

/// Why the VM's output records do not decode.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OutputError {
    /// A record is not `[seq, index, kind, f1, …, f6]`.
    #[error("output record #{position} has {len} fields, expected 9")]
    Shape {
        /// Position in the output stream.
        position: usize,
        /// Its length.
        len: usize,
    },
    /// A record's event does not decode.
    #[error("output record #{position}: {source}")]
    Event {
        /// Position in the output stream.
        position: usize,
        /// What is wrong with it.
        source: RecordError,
    },
}

/// The events of the VM's output records `[seq, index, kind, f1, …, f6]`, each with the sequence
/// number of the input that emitted it, in stream order.
pub fn events(outputs: &[Vec<u64>]) -> Result<Vec<(usize, Event)>, OutputError> {
    let mut records: Vec<(u64, u64, [u64; 7], usize)> = Vec::with_capacity(outputs.len());
    for (position, record) in outputs.iter().enumerate() {
        let shape = OutputError::Shape { position, len: record.len() };
        let output = Output::parse(record).ok_or(shape.clone())?;
        let fields: [u64; 7] = output.fields.try_into().map_err(|_| shape)?;
        records.push((output.seq, output.index, fields, position));
    }
    // The executor emits in order; sorting makes the decoding independent of it.
    records.sort_by_key(|&(seq, index, _, _)| (seq, index));
    records
        .into_iter()
        .map(|(seq, _, fields, position)| {
            let event = Event::from_record(&fields).map_err(|source| OutputError::Event { position, source })?;
            Ok((seq as usize, event))
        })
        .collect()
}

/// The events of one output stream grouped by input: `result[seq]` is input `seq`'s events.
pub fn events_per_input(outputs: &[Vec<u64>], inputs: usize) -> Result<Vec<Vec<Event>>, OutputError> {
    let mut per = vec![Vec::new(); inputs];
    for (seq, event) in events(outputs)? {
        if let Some(list) = per.get_mut(seq) {
            list.push(event);
        }
    }
    Ok(per)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    use super::*;
    use crate::types::ORDER_ID_BOUND;

    /// Which kind an input is. Exhaustive, so a new kind does not compile until the strategy
    /// below generates it.
    fn kind(input: &Input) -> usize {
        match input {
            Input::Deposit { .. } => 0,
            Input::Withdraw { .. } => 1,
            Input::PlaceLimit { .. } => 2,
            Input::PlaceMarket { .. } => 3,
            Input::Cancel { .. } => 4,
            Input::Amend { .. } => 5,
        }
    }
    const KINDS: usize = 6;

    /// Any well-formed input: every operand over its whole range, order ids below `2^63`.
    fn input() -> impl Strategy<Value = Input> {
        let id = 0..ORDER_ID_BOUND;
        prop_oneof![
            any::<[u32; 3]>().prop_map(|[account, asset, amount]| Input::Deposit { account, asset, amount }),
            any::<[u32; 3]>().prop_map(|[account, asset, amount]| Input::Withdraw { account, asset, amount }),
            any::<[u32; 7]>().prop_map(|[account, market, side, price, qty, tif, stp]| Input::PlaceLimit {
                account,
                market,
                side,
                price,
                qty,
                tif,
                stp
            }),
            any::<[u32; 6]>().prop_map(|[account, market, side, qty, worst_price, stp]| Input::PlaceMarket {
                account,
                market,
                side,
                qty,
                worst_price,
                stp
            }),
            (any::<u32>(), id.clone()).prop_map(|(account, order)| Input::Cancel { account, order }),
            (any::<u32>(), id, any::<u32>()).prop_map(|(account, order, qty)| Input::Amend { account, order, qty }),
        ]
    }

    proptest! {
        #[test]
        fn from_vm_undoes_to_vm(input in input()) {
            let op = to_vm(&input).expect("a well-formed input has an instruction");
            prop_assert_eq!(from_vm(&op), Some(input));
        }
    }

    #[test]
    fn the_generated_inputs_cover_every_kind() {
        let mut seen = [false; KINDS];
        let mut runner = TestRunner::deterministic();
        for _ in 0..200 {
            seen[kind(&input().new_tree(&mut runner).expect("generates").current())] = true;
        }
        assert_eq!(seen, [true; KINDS], "every input kind is generated");
    }

    #[test]
    fn the_largest_order_ids_round_trip() {
        for order in [0, ORDER_ID_BOUND - 1] {
            for input in [Input::Cancel { account: 3, order }, Input::Amend { account: 3, order, qty: 9 }] {
                assert_eq!(from_vm(&to_vm(&input).expect("below 2^63")), Some(input));
            }
        }
        assert!(to_vm(&Input::Cancel { account: 3, order: ORDER_ID_BOUND }).is_err());
    }
}
