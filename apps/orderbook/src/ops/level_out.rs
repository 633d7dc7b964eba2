//! `LevelOut` (internal): a `Match` step emptied the best opposite level, so its successor becomes
//! best: the header points at it and caches its key. The taker then goes on matching there if it
//! is still open and the successor crosses its limit, and settles otherwise.
//!
//! A row of its own because levels empty on a minority of fills (about one in five on the mixed
//! flow): laid out in `Match`, these two accesses and the comparison cost every fill about 25
//! cells; here they cost about 55 per emptied level.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::market::Books;
use super::matching::MatchArgs;
use super::settle::SettleArgs;
use super::taker::{StpFlags, Taker};
use crate::layout::{self, key, Level};

/// The taker's state after the step that emptied a level; `level` is the emptied level's
/// successor, and the taker's `free_level` the emptied level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct LevelOut {
    /// The taker.
    #[operands(flatten)]
    pub taker: Taker,
    /// Its self-trade prevention.
    #[operands(flatten)]
    pub stp: StpFlags,
    /// The emptied level's successor: the new best level.
    pub level: u32,
    /// Self-trade prevention stopped the taker.
    pub stopped: bool,
    /// The taker has quantity left and is not stopped.
    pub open: bool,
}

impl Semantics for LevelOut {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: LevelOutArgs<V<B>>) {
        let books = Books::new(cx, &op.taker.market, &op.taker.side);
        let successor: Level<V<B>> = cx.access("successor", &(&op.level + layout::LEVELS)).read();
        let (header_addr, header_known) = books.opposite_header();
        cx.access("header", &header_addr)
            .known(header_known)
            .update(|_, old| (Level { head: successor.key.clone(), next: op.level.clone(), ..old }, ()));

        let crosses = cx.le("successor_crosses", &successor.key, &op.taker.limit, key::BITS);
        let more = cx.materialize("more", &(&op.open * &crosses));
        let finish = cx.not(&more);
        let LevelOutArgs { taker, stp, level, stopped, .. } = op;
        cx.call(&more, MatchArgs { taker: taker.clone(), stp, level });
        cx.call(&finish, SettleArgs { taker, stopped });
    }
}
