//! The reference engine: a plain, independent implementation of `docs/orderbook.md`.
//!
//! It exists to be obviously right rather than fast or provable: ordinary collections (a
//! `BTreeMap` of price levels holding `VecDeque`s of order ids per book, a map of resting orders by
//! id, a stack of free order slots, a balances table), validation written as the spec's table
//! reads, and invariants recomputed from scratch. The provable VM is tested against it event for
//! event, so it must not share code with the VM beyond [`crate::types`].
//!
//! ```
//! use appvm_orderbook::reference::Engine;
//! use appvm_orderbook::types::{order_id, Event, Input};
//!
//! let mut engine = Engine::new();
//! assert_eq!(engine.apply(&Input::Deposit { account: 1, asset: 2, amount: 5 }), vec![Event::Ok]);
//! let sell = Input::PlaceLimit { account: 1, market: 1, side: 1, price: 100, qty: 5, tif: 0, stp: 0 };
//! let events = engine.apply(&sell);
//! // The first order takes slot 1 with generation 1.
//! assert_eq!(events.last(), Some(&Event::Rested { order: order_id(1, 1), remaining: 5 }));
//! assert_eq!(engine.check_invariants(), Ok(()));
//! ```

mod balances;
mod book;
mod engine;
mod invariants;
mod matching;
mod place;
mod slots;

pub use balances::Balance;
pub use book::Book;
pub use engine::{Engine, RestingOrder};
