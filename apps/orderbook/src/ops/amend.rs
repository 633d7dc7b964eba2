//! `Amend { account, order, qty }`: a resting order's remaining quantity shrinks to `qty`; it keeps
//! its place in the queue and the freed collateral is unlocked.

use appvm::dsl::Rule;
use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::balances;
use super::market::{Books, Market, MIN_IS_ONE_LOT};
use super::owned::{named_order, OrderRef};
use super::validate::{Judge, Why};
use crate::layout::{self, Level};
use crate::types::{EventKind, Reason};
use crate::wire::{self, or_rejected, Amended};

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
            checks.rule(cx, ("amend_smaller", "amend_ok0"), Rule::lt(&op.qty, &n.remaining, 32), Reason::BadAmend);
            let qty = Rule::MultipleAtLeast {
                x: op.qty.clone(),
                d: cfg.lot.clone(),
                min: cfg.min_lots.clone(),
                min_is_one: MIN_IS_ONE_LOT,
            };
            let why = Why::Multiple { zero_or_off_grid: Reason::BadAmend, too_few: Reason::BadAmend };
            checks.rule(cx, ("amend_lots", "amend_ok1"), qty, why);
            (&n.remaining + checks.pass() * (&op.qty - &n.remaining), n.next.clone())
        });
        let ok = checks.pass();
        let books = Books::new(cx, &named.m, &named.s);
        let cfg = Market::new(cx, &named.m);
        let freed = cx.materialize("freed", &(&ok * (&named.remaining - &op.qty)));

        let level_addr = &named.level + layout::LEVELS;
        let key = cx.access("level", &level_addr).when(&ok).update(|_, old: Level<V<B>>| {
            let key = old.key.clone();
            (Level { total: &old.total - &freed, ..old }, key)
        });
        let price = cx.materialize("price", &books.own_price(&key));
        let value = cx.materialize("value", &(&price * &freed));
        let collateral = &freed + (cx.one() - &named.s) * (&value - &freed);
        let balance = balances::addr(&op.account, &books.collateral_asset(&cfg));
        balances::lock(cx, "collateral_balance", Some(&ok), &balance, &(-collateral));

        let amended =
            Amended { kind: &ok * wire::kind(cx, EventKind::Amended), order: &ok * &op.order, qty: &ok * &op.qty };
        cx.output(or_rejected(cx, &ok, amended, checks.reason()));
    }
}
