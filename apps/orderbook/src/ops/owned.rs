//! The order a `Cancel` or `Amend` names: `BadAccount`, `UnknownOrder`, `NotOwner`, in that order.

use appvm::{Cx, Interp, Name, V};

use super::validate::Checks;
use crate::layout::{self, order};
use crate::types::{Reason, ACCOUNTS};

/// The named order's record, decoded.
#[derive(Debug)]
pub(crate) struct Named<B: Interp> {
    /// Open quantity (0: not resting).
    pub remaining: V<B>,
    /// Its level.
    pub level: V<B>,
    /// The next order at its level.
    pub next: V<B>,
    /// Its market bit.
    pub m: V<B>,
    /// Its side bit.
    pub s: V<B>,
}

/// Reads order `id` for `account` and runs the shared checks; `update` adds the caller's checks
/// and returns the order's new remaining quantity (its record is written in the same access).
/// Returns the checks and the decoded record.
pub(crate) fn named_order<B: Interp>(
    cx: &mut Cx<B>,
    account: &V<B>,
    id: &V<B>,
    update: impl FnOnce(&mut Cx<B>, &mut Checks<B>, &Named<B>) -> V<B>,
) -> (Checks<B>, Named<B>) {
    let mut checks = Checks::new(cx);
    let accounts = cx.lit(ACCOUNTS.into());
    let account_ok = cx.lt("account_exists", account, &accounts, 32);
    checks.require(cx, "account_ok", &account_ok, Reason::BadAccount);
    // Ids outside the order records are not resting; the access is gated off for them.
    let records = cx.lit(layout::ORDER_RECORDS);
    let id_ok = cx.lt("id_in_range", id, &records, 32);

    let mut named = None;
    cx.update_word_if("order", &id_ok, &(id + layout::ORDERS), |cx, old| {
        let remaining = old[order::REMAINING].clone();
        let gone = cx.is_zero("not_resting", &remaining);
        let resting = cx.not(&gone);
        checks.require(cx, "resting", &resting, Reason::UnknownOrder);
        // `owner + ACCOUNTS * (2m + s)`: with the owner range-checked below ACCOUNTS, the bits
        // are unique.
        let owner_book = old[order::OWNER_BOOK].clone();
        let book_of = |w: &appvm::dsl::Witness<'_, B>| w.u64(&owner_book) / u64::from(ACCOUNTS);
        let m = cx.hint_bool(Name::new("order_market"), |w| book_of(w) >> 1 & 1 == 1);
        let s = cx.hint_bool(Name::new("order_side"), |w| book_of(w) & 1 == 1);
        let owner = &owner_book - (&m * 2 + &s) * u64::from(ACCOUNTS);
        cx.range(Name::new("order_owner"), &owner, ACCOUNTS.ilog2());
        let mine = cx.is_eq("owner", &owner, account);
        checks.require(cx, "owned", &mine, Reason::NotOwner);
        let n = Named { remaining, level: old[order::LEVEL].clone(), next: old[order::NEXT].clone(), m, s };
        let new_remaining = update(cx, &mut checks, &n);
        named = Some(n);
        let mut new = old.to_vec();
        new[order::REMAINING] = new_remaining;
        new
    });
    let named = named.unwrap_or_else(|| Named {
        remaining: cx.zero(),
        level: cx.zero(),
        next: cx.zero(),
        m: cx.zero(),
        s: cx.zero(),
    });
    (checks, named)
}
