//! `Amend { account, order, qty }`: a resting order's remaining quantity shrinks to `qty`; it keeps
//! its place in the queue and the freed collateral is unlocked.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::balances;
use super::market::MIN_IS_ONE_LOT;
use super::market::{Books, Market};
use super::owned::{named_order, OrderRef};
use super::validate::{Flags, Judge, Rule};
use crate::layout::{self, level};
use crate::types::{EventKind, Reason};

/// Reduces a resting order's quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Amend {
    /// The account asking.
    pub account: u32,
    /// The order's id.
    pub order: OrderRef,
    /// The new remaining quantity.
    pub qty: u32,
}

impl Semantics for Amend {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: AmendArgs<V<B>>) {
        let (checks, named) = named_order(cx, &op.account, &op.order, |cx, checks, n| {
            // BadAmend: 0 < qty < remaining, on the lot grid, at least the minimum.
            let cfg = Market::new(cx, &n.m);
            let mut flags = Flags { checks: std::mem::replace(checks, super::validate::Checks::new(cx)) };
            let smaller = Rule::lt(&op.qty, &n.remaining, 32);
            flags.rule(cx, ("amend_smaller", "amend_ok0"), smaller, Reason::BadAmend);
            let qty = Rule::AtLeast {
                x: op.qty.clone(),
                d: cfg.lot.clone(),
                min: cfg.min_lots.clone(),
                zero_or_off_grid: Reason::BadAmend,
                min_is_one: MIN_IS_ONE_LOT,
            };
            flags.rule(cx, ("amend_lots", "amend_ok1"), qty, Reason::BadAmend);
            *checks = flags.checks;
            (&n.remaining + checks.pass() * (&op.qty - &n.remaining), n.next.clone())
        });
        let ok = checks.pass();
        let books = Books::new(cx, &named.m, &named.s);
        let cfg = Market::new(cx, &named.m);
        let freed = cx.materialize("freed", &(&ok * (&named.remaining - &op.qty)));

        let lvl = cx.update_word_if("level", &ok, &(&named.level + layout::LEVELS), |_, old| {
            let mut new = old.to_vec();
            new[level::TOTAL] = &old[level::TOTAL] - &freed;
            new
        });
        let price = cx.materialize("price", &books.own_price(&lvl[level::KEY]));
        let value = cx.materialize("value", &(&price * &freed));
        let collateral = &freed + (cx.one() - &named.s) * (&value - &freed);
        let balance = balances::addr(&op.account, &books.collateral_asset(&cfg));
        balances::lock(cx, "collateral_balance", Some(&ok), &balance, &(-collateral));

        let (rejected, amended) = (u64::from(EventKind::Rejected.code()), u64::from(EventKind::Amended.code()));
        let kind = &ok * (amended - rejected) + rejected;
        cx.output(&[kind, checks.reason() + &ok * &op.order, &ok * &op.qty]);
    }
}
