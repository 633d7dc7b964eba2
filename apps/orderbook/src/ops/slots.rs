//! Order slots as DSL values: the id of the order a slot holds, and the packed place lane (see
//! `layout::Order`). The free lists themselves are popped and pushed by the rows that take and
//! end orders; each says where.

use appvm::{Interp, V};

use crate::layout::{self, BOOKS};
use crate::types::{ACCOUNTS, SLOTS};

/// Bits of a slot number (`SLOTS = 2^SLOT_BITS`).
pub(crate) const SLOT_BITS: u32 = SLOTS.trailing_zeros();
const _: () = assert!(SLOTS == 1 << SLOT_BITS);

/// Address of order slot `slot`'s word.
pub(crate) fn order_addr<B: Interp>(slot: &V<B>) -> V<B> {
    slot + layout::ORDERS
}

/// The id of the order in `slot` at `generation`: `slot + SLOTS * generation`.
pub(crate) fn order_id<B: Interp>(slot: &V<B>, generation: &V<B>) -> V<B> {
    slot + generation * SLOTS
}

/// The `place` lane of an order of `owner` on `book` at `level`.
pub(crate) fn place<B: Interp>(owner: &V<B>, book: &V<B>, level: &V<B>) -> V<B> {
    owner + (book + level * BOOKS) * u64::from(ACCOUNTS)
}
