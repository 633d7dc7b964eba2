//! `FokWalk` (internal): a valid fill-or-kill order sums the totals of the crossing opposite levels,
//! one level per row from the best, before anything is locked.
//!
//! Each row reads one level. If it crosses and the running sum reaches `qty`, the order is
//! accepted here (it pops its slot from the free list, locks its collateral and emits `Accepted`)
//! and matching starts at the best level; if it crosses but the sum is short, the walk continues
//! at the next level; if it does not cross (the end sentinel never does), the order is
//! `Rejected { FokNotFillable }` having changed nothing.
//! Levels are walked best first and all crossing levels precede the first that does not, so the
//! sum at the first non-crossing level is the whole crossing liquidity.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::balances;
use super::market::{Books, Market};
use super::matching::MatchArgs;
use super::slots;
use super::taker::{StpFlags, TakerArgs};
use crate::layout::{self, key, Counters, Level, Order};
use crate::types::{EventKind, Reason};
use crate::wire::{self, or_rejected, Accepted};

/// One step of a FOK order's liquidity walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct FokWalk {
    /// The trader.
    pub account: u32,
    /// Market bit.
    pub market: u32,
    /// Side bit.
    pub side: u32,
    /// Limit (the price as a key of the opposite book).
    pub limit: u64,
    /// Quantity to fill.
    pub qty: u32,
    /// Self-trade prevention.
    #[operands(flatten)]
    pub stp: StpFlags,
    /// The best opposite level (where matching starts).
    pub best: u32,
    /// The level this row reads.
    pub level: u32,
    /// Crossing quantity before this level.
    pub sum: u64,
    /// Collateral to lock on acceptance.
    pub collateral: u64,
}

/// Bits of a running sum of level totals: at most `MAX_ORDERS` (`2^16 - 1`) orders of `u32`
/// quantities.
const SUM_BITS: u32 = 48;

impl Semantics for FokWalk {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: FokWalkArgs<V<B>>) {
        let books = Books::new(cx, &op.market, &op.side);
        let cfg = Market::new(cx, &op.market);
        let lvl: Level<V<B>> = cx.access("level", &(&op.level + layout::LEVELS)).read();
        let crosses = cx.le("crosses", &lvl.key, &op.limit, key::BITS);
        let sum = cx.materialize("sum", &(&op.sum + &crosses * &lvl.total));
        let enough = cx.le("enough", &op.qty, &sum, SUM_BITS);
        let fillable = cx.materialize("fillable", &(&crosses * &enough));
        let short = &crosses - &fillable;
        let unfillable = cx.not(&crosses);

        // Accepted: the slot and the lock PlaceLimit held back (it checked both were possible,
        // and nothing has changed them since). The slot on top of the free list is popped.
        let counters_addr = cx.lit(layout::COUNTERS);
        let (free, id, next_free) =
            cx.access("counters", &counters_addr).when(&fillable).update(|cx, free: Counters<V<B>>| {
                let top = free.free_slot.clone();
                let word = cx
                    .access("slot", &slots::order_addr(&top))
                    .when(&fillable)
                    .update(|_, word: Order<V<B>>| (Order { generation: &word.generation + 1, ..word.clone() }, word));
                let id = slots::order_id(&top, &(&word.generation + 1));
                (Counters { free_slot: word.next.clone(), ..free.clone() }, (free, id, word.next))
            });
        let balance = balances::addr(&op.account, &books.collateral_asset(&cfg));
        balances::lock(cx, "collateral_balance", Some(&fillable), &balance, &op.collateral);

        let price = books.opposite_price(&op.limit);
        let accepted = Accepted {
            kind: &fillable * wire::kind(cx, EventKind::Accepted),
            order: &fillable * &id,
            side: &fillable * &op.side,
            price: &fillable * price,
            qty: &fillable * &op.qty,
        };
        let reason = &unfillable * u64::from(Reason::FokNotFillable.code());
        cx.output_if(&(&fillable + &unfillable), or_rejected(cx, &fillable, accepted, reason));

        let next = FokWalkArgs { level: lvl.next, sum, ..op.clone() };
        cx.call(&short, next);
        let zero = cx.zero();
        let taker = TakerArgs {
            order: id,
            account: op.account,
            market: op.market,
            side: op.side,
            limit: op.limit,
            remaining: op.qty.clone(),
            qty: op.qty,
            rests: zero.clone(),
            notional: zero.clone(),
            taker_fees: zero.clone(),
            maker_fees: zero,
            free_slot: next_free,
            free_level: free.free_level,
        };
        cx.call(&fillable, MatchArgs { taker, stp: op.stp, level: op.best });
    }
}
