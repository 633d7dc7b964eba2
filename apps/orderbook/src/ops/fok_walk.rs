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
use super::slots;
use crate::layout::{self, counters, key, level, order};
use crate::types::{EventKind, Reason};

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
    /// STP: cancel the maker.
    pub stp_maker: bool,
    /// STP: cancel the taker.
    pub stp_taker: bool,
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
        let lvl = cx.read_word("level", &(&op.level + layout::LEVELS));
        let crosses = cx.le("crosses", &lvl[level::KEY], &op.limit, key::BITS);
        let sum = cx.materialize("sum", &(&op.sum + &crosses * &lvl[level::TOTAL]));
        let enough = cx.le("enough", &op.qty, &sum, SUM_BITS);
        let fillable = cx.materialize("fillable", &(&crosses * &enough));
        let short = &crosses - &fillable;
        let unfillable = cx.not(&crosses);

        // Accepted: the slot and the lock PlaceLimit held back (it checked both were possible,
        // and nothing has changed them since). The slot on top of the free list is popped.
        let counters_addr = cx.lit(layout::COUNTERS);
        let mut taken = None;
        let free = cx.update_lanes_if("counters", &fillable, &counters_addr, counters::LANES, |cx, free| {
            let top = free[counters::FREE_SLOT].clone();
            let word = cx.update_word_if("slot", &fillable, &slots::order_addr(&top), |_, word| {
                let mut new = word.to_vec();
                new[order::GENERATION] = &word[order::GENERATION] + 1;
                new
            });
            let mut new = free.to_vec();
            new[counters::FREE_SLOT] = word[order::NEXT].clone();
            taken = Some((slots::order_id(&top, &(&word[order::GENERATION] + 1)), word[order::NEXT].clone()));
            new
        });
        let Some((id, next_free)) = taken else { return };
        let balance = balances::addr(&op.account, &books.collateral_asset(&cfg));
        balances::lock(cx, "collateral_balance", Some(&fillable), &balance, &op.collateral);

        let (rejected, accepted) = (u64::from(EventKind::Rejected.code()), u64::from(EventKind::Accepted.code()));
        let reason = u64::from(Reason::FokNotFillable.code());
        let price = books.opposite_price(&op.limit);
        cx.output_if(
            &(&fillable + &unfillable),
            &[
                &fillable * (accepted - rejected) + rejected,
                &fillable * &id + &unfillable * reason,
                &fillable * &op.side,
                &fillable * price,
                &fillable * &op.qty,
            ],
        );

        let zero = cx.zero();
        let args = [
            &op.account,
            &op.market,
            &op.side,
            &op.limit,
            &op.qty,
            &op.stp_maker,
            &op.stp_taker,
            &op.best,
            &lvl[level::NEXT],
            &sum,
            &op.collateral,
        ];
        cx.call_by_name(&short, "FokWalk", &args.map(V::clone));
        let args = [
            &id,
            &op.account,
            &op.market,
            &op.side,
            &op.limit,
            &op.qty,
            &op.qty,
            &op.stp_maker,
            &op.stp_taker,
            &zero,
            &op.best,
            &zero,
            &zero,
            &zero,
            &next_free,
            &free[counters::FREE_LEVEL],
        ];
        cx.call_by_name(&fillable, "Match", &args.map(V::clone));
    }
}
