//! `Cancel { account, order }`: a resting order leaves the book, its collateral is unlocked and
//! its slot returns to the free list.
//!
//! The order's predecessor in its queue is hinted: it must be live (remaining positive) and point
//! at the order. Live orders form proper lists, so exactly one order qualifies; dead ones keep
//! stale links but are never live. An emptied level is taken off its book by `Unlink`.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::balances;
use super::market::{Books, Market};
use super::owned::{named_order, OrderRef};
use super::peek::Peek;
use super::slots::{self, SLOT_BITS};
use super::unlink::UnlinkArgs;
use crate::layout::{self, Counters, Level, Order};
use crate::types::EventKind;
use crate::wire::{self, or_rejected, Remaining};

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
        let (checks, named, lvl, is_head, unlink) =
            cx.access("counters", &counters_addr).update(|cx, free: Counters<V<B>>| {
                let (checks, named) = named_order(cx, &op.account, &op.order, |cx, checks, n| {
                    let ok = checks.pass();
                    ((cx.one() - &ok) * &n.remaining, cx.select(&ok, &free.free_slot, &n.next))
                });
                let ok = checks.pass();
                // Its level: less its quantity; a new head if it was the head.
                let level_addr = &named.level + layout::LEVELS;
                let (lvl, is_head, unlink) =
                    cx.access("level", &level_addr).when(&ok).update(|cx, old: Level<V<B>>| {
                        let total = &old.total - &named.remaining;
                        let is_head = cx.is_eq("is_head", &old.head, &named.slot);
                        let empty = cx.is_zero("level_empty", &total);
                        let unlink = cx.materialize("unlink", &(&ok * &empty));
                        let head = cx.select(&is_head, &named.next, &old.head);
                        let next = cx.select(&unlink, &free.free_level, &old.next);
                        (Level { total, head, next, ..old.clone() }, (old, is_head, unlink))
                    });
                let new = Counters {
                    free_slot: cx.select(&ok, &named.slot, &free.free_slot),
                    free_level: cx.select(&unlink, &named.level, &free.free_level),
                };
                (new, (checks, named, lvl, is_head, unlink))
            });
        let ok = checks.pass();
        let books = Books::new(cx, &named.m, &named.s);
        let cfg = Market::new(cx, &named.m);
        let book = books.own();

        // Unlink from the queue: the predecessor skips it.
        let zero = cx.zero();
        let behind = cx.materialize("behind_head", &(&ok * (cx.one() - &is_head)));
        let prev = cx.hint_u64("prev_order", |w| {
            if w.u64(&behind) == 1 {
                Peek::new(w, &zero).order_before(w.u64(&named.level), w.u64(&named.slot))
            } else {
                0
            }
        });
        cx.assert_zero("prev_order_unused", &((cx.one() - &behind) * &prev));
        cx.range("prev_order_range", &prev, SLOT_BITS);
        cx.access("prev_order", &slots::order_addr(&prev)).when(&behind).update(|cx, old: Order<V<B>>| {
            cx.assert_nonzero_if("prev_order_live", &behind, &old.remaining);
            cx.assert_zero("prev_order_links", &(&behind * (&old.next - &named.slot)));
            (Order { next: named.next.clone(), ..old }, ())
        });

        // Unlock: price * remaining quote for a buy, remaining base for a sell.
        let price = cx.materialize("price", &books.own_price(&lvl.key));
        let value = cx.materialize("value", &(&price * &named.remaining));
        let collateral = &named.remaining + (cx.one() - &named.s) * (&value - &named.remaining);
        let balance = balances::addr(&op.account, &books.collateral_asset(&cfg));
        balances::lock(cx, "collateral_balance", Some(&ok), &balance, &(-collateral));

        // An emptied level leaves the book (next row).
        cx.call(&unlink, UnlinkArgs { book, level: named.level.clone(), next: lvl.next });

        let cancelled = Remaining {
            kind: &ok * wire::kind(cx, EventKind::Cancelled),
            order: &ok * &op.order,
            remaining: &ok * &named.remaining,
        };
        cx.output(or_rejected(cx, &ok, cancelled, checks.reason()));
    }
}
