//! The order a `Cancel` or `Amend` names: its operand type, and the checks `BadAccount`,
//! `UnknownOrder`, `NotOwner`, in that order.

use appvm::{Cx, Hints, Interp, Operand, F, V};
use p3_field::{Field, PrimeCharacteristicRing, PrimeField64};

use super::slots::{self, SLOT_BITS};
use super::validate::Checks;
use crate::layout::{Order, LEVEL_BITS};
use crate::types::{order_generation, order_slot, OrderId, Reason, ACCOUNTS, MAX_GENERATION, ORDER_ID_BOUND, SLOTS};

/// The `order` operand of `Cancel` and `Amend`: an order id below `2^63`, whether or not it names
/// a resting order (that is the VM's to decide). A record with a larger value is malformed and
/// does not decode, as a `u32` operand of `2^32` or more does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OrderRef(OrderId);

impl OrderRef {
    /// `id` as an operand, if it is below `2^63`.
    pub const fn new(id: OrderId) -> Option<Self> {
        if id < ORDER_ID_BOUND {
            Some(Self(id))
        } else {
            None
        }
    }

    /// The id.
    pub const fn get(self) -> OrderId {
        self.0
    }
}

impl Operand for OrderRef {
    fn to_field(self) -> F {
        F::from_u64(self.0)
    }

    fn from_field(x: F) -> Option<Self> {
        Self::new(x.as_canonical_u64())
    }
}

/// Bits of the generation part of an [`OrderRef`] (`2^63 / SLOTS`).
const GENERATION_BITS: u32 = ORDER_ID_BOUND.trailing_zeros() - SLOT_BITS;
const _: () =
    assert!(MAX_GENERATION < 1 << GENERATION_BITS && order_generation(ORDER_ID_BOUND - 1) < 1 << GENERATION_BITS);

/// The named order's record, decoded.
#[derive(Debug)]
pub(crate) struct Named<B: Interp> {
    /// Its slot (the id's low part, whether or not the id is current).
    pub slot: V<B>,
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

/// Reads the order `id` names for `account` and runs the shared checks; `update` adds the
/// caller's checks and returns the order's new `(remaining, next)` (its word is written in the
/// same access). Returns the checks and the decoded record.
///
/// The id is split as `slot + SLOTS * q` with `slot < 2^16` and `q < 2^47`: `slot + 2^16 q` is
/// then below `2^63 < p`, so the split of the operand (itself below `2^63`) is the integer one and
/// unique. The slot's word always exists, and the order is known iff it is live (`remaining > 0`;
/// slot 0 never is) and the slot's generation is `q`.
pub(crate) fn named_order<B: Interp>(
    cx: &mut Cx<B>,
    account: &V<B>,
    id: &V<B>,
    update: impl FnOnce(&mut Cx<B>, &mut Checks<B>, &Named<B>) -> (V<B>, V<B>),
) -> (Checks<B>, Named<B>) {
    let mut checks = Checks::new(cx);
    let accounts = cx.lit(ACCOUNTS.into());
    let account_ok = cx.lt("account_exists", account, &accounts, 32);
    checks.require(cx, "account_ok", &account_ok, Reason::BadAccount);

    let slot = cx.hint_u64("slot", |w| order_slot(w.u64(id)));
    cx.range("slot", &slot, SLOT_BITS);
    let inverse = F::from_u64(SLOTS).inverse().as_canonical_u64();
    let q = (id - &slot) * inverse;
    cx.range("generation", &q, GENERATION_BITS);

    let named = cx.access("order", &slots::order_addr(&slot)).update(|cx, old: Order<V<B>>| {
        let gone = cx.is_zero("not_resting", &old.remaining);
        let current = cx.is_eq("current_generation", &old.generation, &q);
        let known = cx.materialize("known", &((cx.one() - &gone) * &current));
        checks.require(cx, "known", &known, Reason::UnknownOrder);
        // `owner + ACCOUNTS * (2m + s + BOOKS * level)`: with the owner below 2^8, the bits and
        // the level below 2^13, the decomposition is unique (and a free slot's stale lane still
        // has one, so the hints exist for every slot).
        let place = old.place.clone();
        let unpack = |w: &Hints<'_, B>| w.u64(&place) / u64::from(ACCOUNTS);
        let m = cx.hint_bool("order_market", |w| unpack(w) >> 1 & 1 == 1);
        let s = cx.hint_bool("order_side", |w| unpack(w) & 1 == 1);
        let level = cx.hint_u64("order_level", |w| unpack(w) >> 2);
        let owner = &place - slots::place(&cx.zero(), &(&m * 2 + &s), &level);
        cx.range("order_owner", &owner, ACCOUNTS.ilog2());
        cx.range("order_level", &level, LEVEL_BITS);
        let mine = cx.is_eq("owner", &owner, account);
        checks.require(cx, "owned", &mine, Reason::NotOwner);
        let n = Named { slot: slot.clone(), remaining: old.remaining.clone(), level, next: old.next.clone(), m, s };
        let (remaining, next) = update(cx, &mut checks, &n);
        (Order { remaining, next, ..old }, n)
    });
    (checks, named)
}
