//! The vocabulary both implementations share: inputs, output events, rejection reasons, the market
//! table and the bounds of `docs/orderbook.md`.
//!
//! Inputs carry raw operands (`u32`, and `u64` order ids), exactly as they arrive in the input
//! stream: an operand that is out of range (side 7, market 9, an id that names no resting order)
//! is something the state machine must *reject*, so it cannot be made unrepresentable here.
//! Events, by contrast, are produced by a state machine that has already validated everything, so
//! they use the typed enums; [`Event::from_record`] checks a raw record against those types.

use appvm::Record;
use serde::{Deserialize, Serialize};

use crate::wire;

/// Number of accounts: ids `0..ACCOUNTS`.
pub const ACCOUNTS: u32 = 256;
/// Number of assets: ids `0..ASSETS`.
pub const ASSETS: u32 = 4;
/// Number of markets: ids `0..MARKETS`, configured by [`MARKET_TABLE`].
pub const MARKETS: u32 = 2;
/// Order slots: an order rests in a slot `1..SLOTS` (slot 0 means "no order"). A slot is taken
/// from a LIFO free list when an order is accepted and returned when the order ends.
pub const SLOTS: u64 = 1 << 16;
/// The most orders that can rest at once: one per slot `1..SLOTS`.
pub const MAX_ORDERS: u64 = SLOTS - 1;
/// The largest generation a slot reaches. A slot whose generation is already this is never handed
/// out again (`BookFull`), so every id is below `ORDER_ID_BOUND`.
pub const MAX_GENERATION: u64 = (1 << 47) - 1;
/// Every order id, and every `order` operand of a well-formed input record, is below `2^63`.
pub const ORDER_ID_BOUND: u64 = 1 << 63;
/// Price-level records: at most this many levels are live at once across the whole state (all
/// markets, both sides). A record returns to a free list when its level empties.
pub const MAX_LEVELS: u32 = (1 << 12) - 1;
/// The account credited with every fee, in every market.
pub const FEE_ACCOUNT: u32 = 0;
/// Prices are `1 <= price < PRICE_BOUND`; with `qty < 2^32` a notional stays below `2^56`.
pub const PRICE_BOUND: u32 = 1 << 24;
/// Every balance component (available, locked) stays below this bound (`Deposit` enforces it).
pub const BALANCE_BOUND: u64 = 1 << 60;
/// Fees are `floor(amount * bps / BPS_DENOMINATOR)`.
pub const BPS_DENOMINATOR: u64 = 10_000;

/// An order id: `slot + SLOTS * generation` ([`order_id`]), with `slot` in `1..SLOTS` and
/// `generation` in `1..=MAX_GENERATION` the slot's generation when the order was accepted. Ids are
/// unique for the life of a state and never reused; 0 is never assigned.
pub type OrderId = u64;

/// The id of the order accepted into `slot` when that slot's generation became `generation`.
pub const fn order_id(slot: u64, generation: u64) -> OrderId {
    slot + SLOTS * generation
}

/// The slot part of an order id (0 for an id that names no slot).
pub const fn order_slot(id: OrderId) -> u64 {
    id % SLOTS
}

/// The generation part of an order id.
pub const fn order_generation(id: OrderId) -> u64 {
    id / SLOTS
}

/// The fixed configuration of one market (a row of the spec's market table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MarketConfig {
    /// The asset being bought and sold; quantities are in its units.
    pub base: u32,
    /// The asset prices are quoted in.
    pub quote: u32,
    /// Prices must be multiples of this.
    pub tick: u32,
    /// Quantities must be multiples of this.
    pub lot: u32,
    /// Smallest order (and smallest amended) quantity.
    pub min_qty: u32,
    /// Fee on what the maker receives, in basis points.
    pub maker_fee_bps: u32,
    /// Fee on what the taker receives, in basis points.
    pub taker_fee_bps: u32,
}

/// The market table of the spec, indexed by market id.
pub const MARKET_TABLE: [MarketConfig; MARKETS as usize] = [
    MarketConfig { base: 0, quote: 1, tick: 5, lot: 10, min_qty: 10, maker_fee_bps: 2, taker_fee_bps: 5 },
    MarketConfig { base: 2, quote: 1, tick: 1, lot: 1, min_qty: 1, maker_fee_bps: 0, taker_fee_bps: 10 },
];

impl MarketConfig {
    /// The configuration of `market`, or `None` if there is no such market.
    pub fn get(market: u32) -> Option<&'static MarketConfig> {
        MARKET_TABLE.get(usize::try_from(market).ok()?)
    }

    /// The asset an order on `side` locks as collateral: a buy pays quote, a sell delivers base.
    pub fn collateral_asset(&self, side: Side) -> u32 {
        match side {
            Side::Buy => self.quote,
            Side::Sell => self.base,
        }
    }

    /// The collateral an order on `side` at `price` needs for `qty` (buy: `price * qty` quote;
    /// sell: `qty` base). Cannot overflow: both factors are `u32`.
    pub fn collateral(&self, side: Side, price: u32, qty: u32) -> u64 {
        match side {
            Side::Buy => u64::from(price) * u64::from(qty),
            Side::Sell => u64::from(qty),
        }
    }
}

/// A `u32` operand or record field that does not name a variant of a code enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{value} is not a valid {what} code")]
pub struct InvalidCode {
    /// Which enum was being decoded (`"side"`, `"tif"`, …).
    pub what: &'static str,
    /// The offending value.
    pub value: u64,
}

/// Declares a `#[repr(u32)]` enum whose discriminants are the spec's codes, with `code()` and a
/// checked `TryFrom<u32>`, so no code is ever written as a bare number outside its definition.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident = $code:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[repr(u32)]
        pub enum $name {
            $($(#[$vmeta])* $variant = $code,)+
        }

        impl $name {
            /// Every variant, in code order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code of this variant in the spec.
            pub fn code(self) -> u32 {
                self as u32
            }
        }

        impl TryFrom<u32> for $name {
            type Error = InvalidCode;

            fn try_from(value: u32) -> Result<Self, InvalidCode> {
                match value {
                    $($code => Ok($name::$variant),)+
                    _ => Err(InvalidCode { what: $what, value: u64::from(value) }),
                }
            }
        }
    };
}

code_enum!(
    /// Which book an order belongs to.
    Side, "side" {
        /// A bid: pays quote, receives base. Bids are sorted by price descending.
        Buy = 0,
        /// An ask: pays base, receives quote. Asks are sorted by price ascending.
        Sell = 1,
    }
);

impl Side {
    /// The side an order of this side matches against.
    pub fn opposite(self) -> Side {
        match self {
            Side::Buy => Side::Sell,
            Side::Sell => Side::Buy,
        }
    }

    /// True if a resting order of this side at `level` can trade with an incoming order at
    /// `limit` (asks at or below a buy's limit, bids at or above a sell's limit).
    pub fn level_crosses(self, level: u32, limit: u32) -> bool {
        match self {
            Side::Sell => level <= limit,
            Side::Buy => level >= limit,
        }
    }
}

code_enum!(
    /// Time in force: what happens to the part of a taker order that does not fill at once.
    Tif, "tif" {
        /// Good till cancelled: the remainder rests.
        Gtc = 0,
        /// Immediate or cancel: the remainder is cancelled.
        Ioc = 1,
        /// Fill or kill: rejected unless the crossing liquidity covers the whole quantity.
        Fok = 2,
        /// Rejected if it would cross; otherwise rests without trading.
        PostOnly = 3,
    }
);

code_enum!(
    /// Self-trade prevention: what happens when a taker meets a resting order of its own account.
    Stp, "stp" {
        /// The resting order is cancelled; matching continues.
        CancelResting = 0,
        /// The taker is cancelled; matching ends.
        CancelTaker = 1,
        /// Both are cancelled; matching ends.
        CancelBoth = 2,
    }
);

code_enum!(
    /// Why an input was rejected; the first reason that applies, in code order.
    Reason, "reason" {
        /// `market >= MARKETS`.
        BadMarket = 1,
        /// `account >= ACCOUNTS`.
        BadAccount = 2,
        /// Deposit/withdraw: `asset >= ASSETS`.
        BadAsset = 3,
        /// `side > 1`, `tif > 3` or `stp > 2`.
        BadParameter = 4,
        /// `price = 0`, `price >= 2^24` or `price % tick != 0`.
        TickViolation = 5,
        /// `qty = 0` or `qty % lot != 0`.
        LotViolation = 6,
        /// `qty < min qty`.
        BelowMinimum = 7,
        /// The available balance is below the collateral to lock or the amount to withdraw.
        InsufficientBalance = 8,
        /// No free order slot, or the slot on top of the free list is at `MAX_GENERATION`.
        BookFull = 9,
        /// A PostOnly order whose price crosses the best opposite level.
        PostOnlyWouldCross = 10,
        /// A FOK order whose crossing opposite liquidity is below its quantity.
        FokNotFillable = 11,
        /// Cancel/amend: no resting order with that id (0, a slot-0 id, a stale or future
        /// generation, or an order that no longer rests).
        UnknownOrder = 12,
        /// Cancel/amend: the order belongs to another account.
        NotOwner = 13,
        /// Amend: the new quantity is 0, not below the remaining one, off the lot grid or below
        /// the minimum.
        BadAmend = 14,
        /// Deposit: the available balance would reach `2^60`.
        Overflow = 15,
    }
);

/// One input of the stream, with raw operands (validation is the state machine's job).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Input {
    /// `available += amount`.
    Deposit { account: u32, asset: u32, amount: u32 },
    /// `available -= amount`.
    Withdraw { account: u32, asset: u32, amount: u32 },
    /// A limit order; `tif` is a [`Tif`] code, `stp` a [`Stp`] code, `side` a [`Side`] code.
    PlaceLimit { account: u32, market: u32, side: u32, price: u32, qty: u32, tif: u32, stp: u32 },
    /// Exactly `PlaceLimit { price: worst_price, tif: IOC, .. }`.
    PlaceMarket { account: u32, market: u32, side: u32, qty: u32, worst_price: u32, stp: u32 },
    /// Remove a resting order. `order` is an [`OrderId`]; a well-formed record has it below
    /// [`ORDER_ID_BOUND`].
    Cancel { account: u32, order: u64 },
    /// Reduce a resting order's remaining quantity to `qty`, keeping its priority. `order` as for
    /// `Cancel`.
    Amend { account: u32, order: u64, qty: u32 },
}

code_enum!(
    /// The `kind` field (word 0) of an output record.
    EventKind, "event kind" {
        /// [`Event::Ok`].
        Ok = 0,
        /// [`Event::Rejected`].
        Rejected = 1,
        /// [`Event::Accepted`].
        Accepted = 2,
        /// [`Event::Trade`].
        Trade = 3,
        /// [`Event::Filled`].
        Filled = 4,
        /// [`Event::Cancelled`].
        Cancelled = 5,
        /// [`Event::StpCancelled`].
        StpCancelled = 6,
        /// [`Event::Rested`].
        Rested = 7,
        /// [`Event::Amended`].
        Amended = 8,
    }
);

/// One output event. Its wire form is its [`wire`] record, padded to `[kind, f1, …, f6]`
/// ([`Event::to_record`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    /// A deposit or withdrawal was applied.
    Ok,
    /// The input changed nothing.
    Rejected { reason: Reason },
    /// A new order got id `order` (price is the limit price, or `worst_price` for a market order).
    Accepted { order: OrderId, side: Side, price: u32, qty: u32 },
    /// `qty` traded at the maker's `price`; the fees are what each side paid in the asset it
    /// received (base for the buyer, quote for the seller).
    Trade { maker_order: OrderId, taker_order: OrderId, price: u32, qty: u32, maker_fee: u64, taker_fee: u64 },
    /// The order's remaining quantity reached 0.
    Filled { order: OrderId },
    /// User cancel, or the unfilled remainder of an IOC/FOK/market order (or of one that found no
    /// level record to rest on).
    Cancelled { order: OrderId, remaining: u32 },
    /// Cancelled by self-trade prevention.
    StpCancelled { order: OrderId, remaining: u32 },
    /// The taker's remainder now rests on the book.
    Rested { order: OrderId, remaining: u32 },
    /// A resting order's remaining quantity is now `qty`.
    Amended { order: OrderId, qty: u32 },
}

/// Why a raw output record is not a valid [`Event`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// Word 0 is not an [`EventKind`], a reason is not a [`Reason`], or a side not a [`Side`].
    #[error(transparent)]
    InvalidCode(#[from] InvalidCode),
    /// A field that holds a `u32` (price, qty, remaining, code) is `>= 2^32`, or an order-id field
    /// is `>= 2^63` ([`ORDER_ID_BOUND`]).
    #[error("{kind:?} field f{field} = {value} is out of range")]
    FieldTooWide { kind: EventKind, field: usize, value: u64 },
    /// A field the kind does not use is not 0.
    #[error("{kind:?} field f{field} is unused but holds {value}")]
    UnusedFieldSet { kind: EventKind, field: usize, value: u64 },
}

impl Event {
    /// This event's kind.
    pub fn kind(&self) -> EventKind {
        match self {
            Event::Ok => EventKind::Ok,
            Event::Rejected { .. } => EventKind::Rejected,
            Event::Accepted { .. } => EventKind::Accepted,
            Event::Trade { .. } => EventKind::Trade,
            Event::Filled { .. } => EventKind::Filled,
            Event::Cancelled { .. } => EventKind::Cancelled,
            Event::StpCancelled { .. } => EventKind::StpCancelled,
            Event::Rested { .. } => EventKind::Rested,
            Event::Amended { .. } => EventKind::Amended,
        }
    }

    /// The output record `[kind, f1, f2, f3, f4, f5, f6]`: the event's [`wire`] record, padded
    /// with zeros.
    pub fn to_record(&self) -> [u64; 7] {
        let kind = u64::from(self.kind().code());
        let w = u64::from;
        let lanes = match *self {
            Event::Ok => wire::Ok { kind }.into_lanes(),
            Event::Rejected { reason } => wire::Rejected { kind, reason: w(reason.code()) }.into_lanes(),
            Event::Accepted { order, side, price, qty } => {
                wire::Accepted { kind, order, side: w(side.code()), price: w(price), qty: w(qty) }.into_lanes()
            }
            Event::Trade { maker_order, taker_order, price, qty, maker_fee, taker_fee } => wire::Trade {
                kind,
                maker: maker_order,
                taker: taker_order,
                price: w(price),
                qty: w(qty),
                maker_fee,
                taker_fee,
            }
            .into_lanes(),
            Event::Filled { order } => wire::Filled { kind, order }.into_lanes(),
            Event::Cancelled { order, remaining }
            | Event::StpCancelled { order, remaining }
            | Event::Rested { order, remaining } => {
                wire::Remaining { kind, order, remaining: w(remaining) }.into_lanes()
            }
            Event::Amended { order, qty } => wire::Amended { kind, order, qty: w(qty) }.into_lanes(),
        };
        let mut record = [0; 7];
        record[..lanes.len()].copy_from_slice(&lanes);
        record
    }

    /// Decodes a record written by [`Event::to_record`], rejecting unknown codes, `u32` fields
    /// that are too wide, order ids `>= 2^63` and unused fields that are not 0.
    pub fn from_record(record: &[u64; 7]) -> Result<Event, RecordError> {
        let wire::Ok { kind } = wire::Ok::from_lanes(|i| record[i]);
        let kind =
            EventKind::try_from(u32::try_from(kind).map_err(|_| InvalidCode { what: "event kind", value: kind })?)?;
        // The kind's record, read from the front with each lane's position; the padding after it
        // must be 0. Every record is at most as wide as `Trade`, the widest.
        fn read<R: Record<Field>>(kind: EventKind, record: &[u64; 7]) -> Result<R, RecordError> {
            if let Some(field) = (R::LANES..record.len()).find(|&i| record[i] != 0) {
                return Err(RecordError::UnusedFieldSet { kind, field, value: record[field] });
            }
            Ok(R::from_lanes(|field| Field { field, value: record[field] }))
        }
        let narrow = |f: Field| {
            u32::try_from(f.value).map_err(|_| RecordError::FieldTooWide { kind, field: f.field, value: f.value })
        };
        let id = |f: Field| {
            if f.value < ORDER_ID_BOUND {
                Ok(f.value)
            } else {
                Err(RecordError::FieldTooWide { kind, field: f.field, value: f.value })
            }
        };
        Ok(match kind {
            EventKind::Ok => {
                read::<wire::Ok<Field>>(kind, record)?;
                Event::Ok
            }
            EventKind::Rejected => {
                let r: wire::Rejected<Field> = read(kind, record)?;
                Event::Rejected { reason: Reason::try_from(narrow(r.reason)?)? }
            }
            EventKind::Accepted => {
                let a: wire::Accepted<Field> = read(kind, record)?;
                Event::Accepted {
                    order: id(a.order)?,
                    side: Side::try_from(narrow(a.side)?)?,
                    price: narrow(a.price)?,
                    qty: narrow(a.qty)?,
                }
            }
            EventKind::Trade => {
                let t: wire::Trade<Field> = read(kind, record)?;
                Event::Trade {
                    maker_order: id(t.maker)?,
                    taker_order: id(t.taker)?,
                    price: narrow(t.price)?,
                    qty: narrow(t.qty)?,
                    maker_fee: t.maker_fee.value,
                    taker_fee: t.taker_fee.value,
                }
            }
            EventKind::Filled => {
                let f: wire::Filled<Field> = read(kind, record)?;
                Event::Filled { order: id(f.order)? }
            }
            EventKind::Cancelled | EventKind::StpCancelled | EventKind::Rested => {
                let r: wire::Remaining<Field> = read(kind, record)?;
                let (order, remaining) = (id(r.order)?, narrow(r.remaining)?);
                match kind {
                    EventKind::Cancelled => Event::Cancelled { order, remaining },
                    EventKind::StpCancelled => Event::StpCancelled { order, remaining },
                    _ => Event::Rested { order, remaining },
                }
            }
            EventKind::Amended => {
                let a: wire::Amended<Field> = read(kind, record)?;
                Event::Amended { order: id(a.order)?, qty: narrow(a.qty)? }
            }
        })
    }
}

/// One lane of a record being decoded: its position (for errors) and its value.
#[derive(Clone, Copy, Debug)]
struct Field {
    field: usize,
    value: u64,
}
