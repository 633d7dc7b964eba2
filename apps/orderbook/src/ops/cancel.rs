//! `Cancel { account, order }`: a resting order leaves the book, its collateral is unlocked and
//! its slot returns to the free list.
//!
//! The order's predecessor in its queue is hinted: it must be live (remaining positive) and point
//! at the order. Live orders form proper lists, so exactly one order qualifies; dead ones keep
//! stale links but are never live. An emptied level is taken off its book by `Unlink`.

use appvm::{Cx, Interp, Name, Opcode, Semantics, V};

use super::balances;
use super::market::{Books, Market};
use super::owned::{named_order, OrderRef};
use super::peek::Peek;
use super::slots::{self, SLOT_BITS};
use super::validate::assert_nonzero_if;
use crate::layout::{self, counters, level, order};
use crate::types::EventKind;

/// Cancels a resting order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Cancel {
    /// The account asking.
    pub account: u32,
    /// The order's id.
    pub order: OrderRef,
}

impl Semantics for Cancel {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: CancelArgs<V<B>>) {
        // The order's word and its level's, nested in the counters access: a cancelled order
        // pushes its slot on the free slot list, and an emptied level its record on the free
        // level list (it leaves its book in `Unlink`, the next row).
        let counters_addr = cx.lit(layout::COUNTERS);
        let mut state = None;
        cx.update_lanes("counters", &counters_addr, counters::LANES, |cx, free| {
            let (free_slot, free_level) = (&free[counters::FREE_SLOT], &free[counters::FREE_LEVEL]);
            let (checks, named) = named_order(cx, &op.account, &op.order, |cx, checks, n| {
                let ok = checks.pass();
                ((cx.one() - &ok) * &n.remaining, cx.select(&ok, free_slot, &n.next))
            });
            let ok = checks.pass();
            // Its level: less its quantity; a new head if it was the head.
            let mut inner = None;
            let lvl = cx.update_word_if("level", &ok, &(&named.level + layout::LEVELS), |cx, old| {
                let total = &old[level::TOTAL] - &named.remaining;
                let is_head = cx.is_eq("is_head", &old[level::HEAD], &named.slot);
                let empty = cx.is_zero("level_empty", &total);
                let unlink = cx.materialize("unlink", &(&ok * &empty));
                let head = cx.select(&is_head, &named.next, &old[level::HEAD]);
                let next = cx.select(&unlink, free_level, &old[level::NEXT]);
                inner = Some((is_head, unlink));
                vec![total, old[level::KEY].clone(), head, next]
            });
            let Some((is_head, unlink)) = inner else { return free.to_vec() };
            let mut new = free.to_vec();
            new[counters::FREE_SLOT] = cx.select(&ok, &named.slot, free_slot);
            new[counters::FREE_LEVEL] = cx.select(&unlink, &named.level, free_level);
            state = Some((checks, named, lvl, is_head, unlink));
            new
        });
        let Some((checks, named, lvl, is_head, unlink)) = state else { return };
        let ok = checks.pass();
        let books = Books::new(cx, &named.m, &named.s);
        let cfg = Market::new(cx, &named.m);
        let book = books.own();

        // Unlink from the queue: the predecessor skips it.
        let zero = cx.zero();
        let behind = cx.materialize("behind_head", &(&ok * (cx.one() - &is_head)));
        let prev = cx.hint_u64(Name::new("prev_order"), |w| {
            if w.u64(&behind) == 1 {
                Peek::new(w, &zero).order_before(w.u64(&named.level), w.u64(&named.slot))
            } else {
                0
            }
        });
        cx.assert_zero(Name::new("prev_order_unused"), &((cx.one() - &behind) * &prev));
        cx.range(Name::new("prev_order_range"), &prev, SLOT_BITS);
        cx.update_word_if("prev_order", &behind, &slots::order_addr(&prev), |cx, old| {
            assert_nonzero_if(cx, "prev_order_live", &behind, &old[order::REMAINING]);
            cx.assert_zero(Name::new("prev_order_links"), &(&behind * (&old[order::NEXT] - &named.slot)));
            let mut new = old.to_vec();
            new[order::NEXT] = named.next.clone();
            new
        });

        // Unlock: price * remaining quote for a buy, remaining base for a sell.
        let price = cx.materialize("price", &books.own_price(&lvl[level::KEY]));
        let value = cx.materialize("value", &(&price * &named.remaining));
        let collateral = &named.remaining + (cx.one() - &named.s) * (&value - &named.remaining);
        let balance = balances::addr(&op.account, &books.collateral_asset(&cfg));
        balances::lock(cx, "collateral_balance", Some(&ok), &balance, &(-collateral));

        // An emptied level leaves the book (next row).
        let args = [&book, &named.level, &lvl[level::NEXT]];
        cx.call_by_name(&unlink, "Unlink", &args.map(V::clone));

        let (rejected, cancelled) = (u64::from(EventKind::Rejected.code()), u64::from(EventKind::Cancelled.code()));
        let kind = &ok * (cancelled - rejected) + rejected;
        cx.output(&[kind, checks.reason() + &ok * &op.order, &ok * &named.remaining]);
    }
}
