//! The wire form of the output events: one `#[derive(Record)]` struct per field list, its first
//! lane the [`EventKind`] code. The VM's ops emit these records ([`Event`]s as DSL values) and
//! [`Event::from_record`] / [`Event::to_record`] read and write them, so each event's fields are
//! listed once. The statement pads every record with zeros to the widest ([`Trade`]'s), and a
//! decoder requires the padding to be zero.
//!
//! [`Event`]: crate::types::Event
//! [`Event::from_record`]: crate::types::Event::from_record
//! [`Event::to_record`]: crate::types::Event::to_record

use appvm::{Cx, Interp, Record, V};

use crate::types::EventKind;

/// [`Event::Ok`](crate::types::Event::Ok).
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Ok<T> {
    /// [`EventKind::Ok`].
    pub kind: T,
}

/// [`Event::Rejected`](crate::types::Event::Rejected).
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Rejected<T> {
    /// [`EventKind::Rejected`].
    pub kind: T,
    /// A [`Reason`](crate::types::Reason) code.
    pub reason: T,
}

/// [`Event::Accepted`](crate::types::Event::Accepted).
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Accepted<T> {
    /// [`EventKind::Accepted`].
    pub kind: T,
    /// The new order's id.
    pub order: T,
    /// A [`Side`](crate::types::Side) code.
    pub side: T,
    /// Its limit price.
    pub price: T,
    /// Its quantity.
    pub qty: T,
}

/// [`Event::Trade`](crate::types::Event::Trade): the widest record.
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Trade<T> {
    /// [`EventKind::Trade`].
    pub kind: T,
    /// The resting order's id.
    pub maker: T,
    /// The incoming order's id.
    pub taker: T,
    /// The maker's price.
    pub price: T,
    /// Traded quantity.
    pub qty: T,
    /// The maker's fee, in the asset it receives.
    pub maker_fee: T,
    /// The taker's fee, in the asset it receives.
    pub taker_fee: T,
}

/// [`Event::Filled`](crate::types::Event::Filled).
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Filled<T> {
    /// [`EventKind::Filled`].
    pub kind: T,
    /// The order's id.
    pub order: T,
}

/// [`Event::Cancelled`](crate::types::Event::Cancelled),
/// [`Event::StpCancelled`](crate::types::Event::StpCancelled) and
/// [`Event::Rested`](crate::types::Event::Rested): an order and what remains of it. A row that
/// ends an order one of several ways emits this record with `remaining` 0 for a [`Filled`].
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Remaining<T> {
    /// One of the three kinds (or [`EventKind::Filled`]).
    pub kind: T,
    /// The order's id.
    pub order: T,
    /// Its quantity left.
    pub remaining: T,
}

/// [`Event::Amended`](crate::types::Event::Amended).
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Amended<T> {
    /// [`EventKind::Amended`].
    pub kind: T,
    /// The order's id.
    pub order: T,
    /// Its new remaining quantity.
    pub qty: T,
}

/// The code of `kind` as a DSL constant.
pub(crate) fn kind<B: Interp>(cx: &Cx<B>, kind: EventKind) -> V<B> {
    cx.lit(kind.code().into())
}

/// `event` where `ok` is 1 and [`Rejected`] with `reason` where it is 0, as one record: the
/// author writes `event` with every lane multiplied by `ok` and `reason` 0 where `ok` is 1, and
/// the rejection's two lanes are added to its first two (a rejection's reason shares the lane of
/// the event's first field). `event` must have at least two lanes.
pub(crate) fn or_rejected<B: Interp, R: Record<V<B>>>(cx: &Cx<B>, ok: &V<B>, event: R, reason: V<B>) -> R {
    let rejected = Rejected { kind: (cx.one() - ok) * u64::from(EventKind::Rejected.code()), reason }.into_lanes();
    const { assert!(R::LANES >= 2, "`or_rejected` needs a record of at least two lanes") };
    let lanes = event.into_lanes();
    R::from_lanes(|i| match rejected.get(i) {
        Some(r) => &lanes[i] + r,
        None => lanes[i].clone(),
    })
}
