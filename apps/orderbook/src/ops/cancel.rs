//! `Cancel { account, order }`: a resting order leaves the book and its collateral is unlocked.
//!
//! The order's predecessor in its queue is hinted: it must be live (remaining positive) and point
//! at the order. Live orders form proper lists, so exactly one order qualifies; dead ones keep
//! stale links but are never live. An emptied level is taken off its book by `Unlink`.

use appvm::{Cx, Interp, Name, Opcode, Semantics, V};

use super::balances;
use super::market::{Books, Market};
use super::owned::named_order;
use super::peek::Peek;
use super::rest::in_range;
use super::validate::assert_nonzero_if;
use crate::layout::{self, level, order};
use crate::types::EventKind;

/// Cancels a resting order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Cancel {
    /// The account asking.
    pub account: u32,
    /// The order.
    pub order: u32,
}

impl Semantics for Cancel {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: CancelArgs<V<B>>) {
        let (checks, named) =
            named_order(cx, &op.account, &op.order, |cx, checks, n| (cx.one() - checks.pass()) * &n.remaining);
        let ok = checks.pass();
        let books = Books::new(cx, &named.m, &named.s);
        let cfg = Market::new(cx, &named.m);
        let book = books.own();

        // Its level: less its quantity; a new head if it was the head.
        let mut state = None;
        let lvl = cx.update_word_if("level", &ok, &(&named.level + layout::LEVELS), |cx, old| {
            let total = &old[level::TOTAL] - &named.remaining;
            let is_head = cx.is_eq("is_head", &old[level::HEAD], &op.order);
            let empty = cx.is_zero("level_empty", &total);
            let head = cx.select(&is_head, &named.next, &old[level::HEAD]);
            state = Some((is_head, empty));
            vec![total, old[level::KEY].clone(), head, old[level::NEXT].clone()]
        });
        let Some((is_head, empty)) = state else { return };

        // Unlink from the queue: the predecessor skips it.
        let zero = cx.zero();
        let behind = cx.materialize("behind_head", &(&ok * (cx.one() - &is_head)));
        let prev = cx.hint_u64(Name::new("prev_order"), |w| {
            if w.u64(&behind) == 1 {
                Peek::new(w, &zero).order_before(w.u64(&named.level), w.u64(&op.order))
            } else {
                0
            }
        });
        cx.assert_zero(Name::new("prev_order_unused"), &((cx.one() - &behind) * &prev));
        let order_records = cx.lit(layout::ORDER_RECORDS);
        in_range(cx, "prev_order_range", &prev, &order_records);
        cx.update_word_if("prev_order", &behind, &(&prev + layout::ORDERS), |cx, old| {
            assert_nonzero_if(cx, "prev_order_live", &behind, &old[order::REMAINING]);
            cx.assert_zero(Name::new("prev_order_links"), &(&behind * (&old[order::NEXT] - &op.order)));
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
        let unlink = &ok * &empty;
        let args = [&book, &named.level, &lvl[level::NEXT]];
        cx.call(&unlink, "Unlink", &args.map(V::clone));

        let (rejected, cancelled) = (u64::from(EventKind::Rejected.code()), u64::from(EventKind::Cancelled.code()));
        let kind = &ok * (cancelled - rejected) + rejected;
        cx.output(&[kind, checks.reason() + &ok * &op.order, &ok * &named.remaining]);
    }
}
