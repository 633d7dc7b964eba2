//! `LevelOut` (internal): a `Match` step emptied the best opposite level, so its successor becomes
//! best: the header points at it and caches its key. The taker then goes on matching there if it
//! is still open and the successor crosses its limit, and settles otherwise.
//!
//! A row of its own because levels empty on a minority of fills (about one in five on the mixed
//! flow): laid out in `Match`, these two accesses and the comparison cost every fill about 25
//! cells; here they cost about 55 per emptied level.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::market::Books;
use crate::layout::{self, key, level};

/// The taker's state after the step that emptied a level; `level` is the emptied level's
/// successor. The other operands are `Match`'s.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct LevelOut {
    /// The taker's id.
    pub order: u64,
    /// The taker's account.
    pub account: u32,
    /// Market bit.
    pub market: u32,
    /// Taker side bit.
    pub side: u32,
    /// The taker's limit (a key of the opposite book).
    pub limit: u64,
    /// The taker's open quantity.
    pub remaining: u32,
    /// The taker's original quantity.
    pub qty: u32,
    /// STP: cancel the maker.
    pub stp_maker: bool,
    /// STP: cancel the taker.
    pub stp_taker: bool,
    /// The remainder rests (GTC, PostOnly).
    pub rests: bool,
    /// The emptied level's successor: the new best level.
    pub level: u32,
    /// Sum of the taker's trade notionals so far.
    pub notional: u64,
    /// The taker's fees so far.
    pub taker_fees: u64,
    /// The makers' fees so far.
    pub maker_fees: u64,
    /// The top of the free slot list.
    pub free_slot: u32,
    /// The top of the free level list (the emptied level).
    pub free_level: u32,
    /// Self-trade prevention stopped the taker.
    pub stopped: bool,
    /// The taker has quantity left and is not stopped.
    pub open: bool,
}

impl Semantics for LevelOut {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: LevelOutArgs<V<B>>) {
        let books = Books::new(cx, &op.market, &op.side);
        let successor = cx.read_word("successor", &(&op.level + layout::LEVELS));
        let (header_addr, header_known) = books.opposite_header();
        cx.update_known("header", &header_addr, &header_known, |_, old| {
            vec![old[level::TOTAL].clone(), old[level::KEY].clone(), successor[level::KEY].clone(), op.level.clone()]
        });

        let crosses = cx.le("successor_crosses", &successor[level::KEY], &op.limit, key::BITS);
        let more = cx.materialize("more", &(&op.open * &crosses));
        let finish = cx.not(&more);
        let args = [
            &op.order,
            &op.account,
            &op.market,
            &op.side,
            &op.limit,
            &op.remaining,
            &op.qty,
            &op.stp_maker,
            &op.stp_taker,
            &op.rests,
            &op.level,
            &op.notional,
            &op.taker_fees,
            &op.maker_fees,
            &op.free_slot,
            &op.free_level,
        ];
        cx.call_by_name(&more, "Match", &args.map(V::clone));
        let args = [
            &op.order,
            &op.account,
            &op.market,
            &op.side,
            &op.limit,
            &op.qty,
            &op.remaining,
            &op.stopped,
            &op.rests,
            &op.notional,
            &op.taker_fees,
            &op.maker_fees,
            &op.free_slot,
            &op.free_level,
        ];
        cx.call_by_name(&finish, "Settle", &args.map(V::clone));
    }
}
