//! The operand groups the rows of a taker order share: the taker's state, carried from row to row
//! (`PlaceLimit`/`FokWalk` → `Match`/`LevelOut` → `Settle`), and its self-trade-prevention flags.
//! Declared once, so every call names each field and none can be swapped.

use appvm::Operands;

/// A taker order between its acceptance and its settlement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Operands)]
pub struct Taker {
    /// The taker's id.
    pub order: u64,
    /// The taker's account.
    pub account: u32,
    /// Market bit.
    pub market: u32,
    /// Taker side bit.
    pub side: u32,
    /// The taker's limit (its price as a key of the opposite book).
    pub limit: u64,
    /// The taker's open quantity.
    pub remaining: u32,
    /// The quantity `Settle` settles from: `qty - remaining` has traded since. The order's
    /// quantity, or its remainder when a `NewLevel` found no level record left (the trades before
    /// were settled when it was handed to `Rest`).
    pub qty: u32,
    /// The remainder rests (GTC, PostOnly).
    pub rests: bool,
    /// Sum of the taker's trade notionals so far.
    pub notional: u64,
    /// The taker's fees so far (in the asset it receives).
    pub taker_fees: u64,
    /// The makers' fees so far (in the asset the taker pays).
    pub maker_fees: u64,
    /// The top of the free slot list (the counters word is written back by `Settle`).
    pub free_slot: u32,
    /// The top of the free level list (likewise).
    pub free_level: u32,
}

/// Self-trade prevention, decoded from the `stp` code by the row that accepts the order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Operands)]
pub struct StpFlags {
    /// Cancel the maker.
    pub stp_maker: bool,
    /// Cancel the taker.
    pub stp_taker: bool,
}
