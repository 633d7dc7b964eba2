//! The order book's opcodes, one file each: the inputs of `docs/orderbook.md` and the internal
//! rows they continue into (`docs/orderbook-vm.md`). A rule several opcodes need lives once, in
//! the helper modules (balances, market configuration, checks, named orders, state searches), and
//! an operand group several opcodes carry is declared once (`taker.rs`, `rest.rs`, `place_limit.rs`).

mod amend;
mod balances;
mod cancel;
mod deposit;
mod fok_walk;
mod level_out;
mod market;
mod matching;
mod new_level;
mod owned;
mod peek;
mod place_limit;
mod place_market;
mod reject;
mod rest;
mod settle;
mod slots;
mod taker;
mod unlink;
mod validate;
mod withdraw;

pub use amend::Amend;
pub use cancel::Cancel;
pub use deposit::Deposit;
pub use fok_walk::FokWalk;
pub use level_out::LevelOut;
pub use matching::Match;
pub use new_level::NewLevel;
pub use owned::OrderRef;
pub use place_limit::{LimitOrder, PlaceLimit};
pub use place_market::PlaceMarket;
pub use reject::Reject;
pub use rest::{Rest, Resting};
pub use settle::Settle;
pub use taker::{StpFlags, Taker};
pub use unlink::Unlink;
pub use withdraw::Withdraw;
