//! The market table and the side-dependent maps (books, keys, prices, assets) as DSL values.
//!
//! Everything here is a fixed linear (or, with the side bit, bilinear) function of a market bit
//! `m` and a side bit `s`, so it costs no columns: the configuration is part of the VM.

use appvm::{Cx, Interp, V};

use crate::layout::{self, key, Level};
use crate::types::{MarketConfig, BPS_DENOMINATOR, MARKETS, MARKET_TABLE, PRICE_BOUND};

// The selection below interpolates between two table rows. A third market needs a one-hot
// market decoding instead.
const _: () = assert!(MARKETS == 2, "ops/market.rs selects between exactly two markets");
// Fee remainders are range-checked as 16-bit values.
const _: () = assert!(BPS_DENOMINATOR <= 1 << 16);

/// `ceil(min_qty / lot)`: the fewest lots an order (or an amended order) may have.
pub(crate) const fn min_lots(c: &MarketConfig) -> u32 {
    c.min_qty.div_ceil(c.lot)
}

/// True if every market's minimum is at most one lot: then a quantity that passes the lot check
/// (a positive multiple of the lot) is never below the minimum, and "at least one lot" and "at
/// least the minimum" are the same comparison.
pub(crate) const MIN_IS_ONE_LOT: bool = {
    let mut all = true;
    let mut i = 0;
    while i < MARKET_TABLE.len() {
        all &= min_lots(&MARKET_TABLE[i]) == 1;
        i += 1;
    }
    all
};

/// One market's configuration, selected by the market bit.
#[derive(Debug)]
pub(crate) struct Market<B: Interp> {
    /// Base asset id.
    pub base: V<B>,
    /// Quote asset id.
    pub quote: V<B>,
    /// Price grid.
    pub tick: V<B>,
    /// Quantity grid.
    pub lot: V<B>,
    /// `ceil(min_qty / lot)`: the fewest lots an order may have.
    pub min_lots: V<B>,
    /// `floor((PRICE_BOUND - 1) / tick) + 1`: a price `k * tick` is below `PRICE_BOUND` iff `k`
    /// is below this.
    pub tick_limit: V<B>,
    /// Maker fee, bps.
    pub maker_bps: V<B>,
    /// Taker fee, bps.
    pub taker_bps: V<B>,
}

impl<B: Interp> Market<B> {
    /// The configuration of market `m` (a value known to be 0 or 1).
    pub fn new(cx: &Cx<B>, m: &V<B>) -> Self {
        let pick = |f: fn(&MarketConfig) -> u64| {
            let (a, b) = (f(&MARKET_TABLE[0]), f(&MARKET_TABLE[1]));
            cx.lit(a) + m * cx.lit_i64(b as i64 - a as i64)
        };
        Self {
            base: pick(|c| c.base.into()),
            quote: pick(|c| c.quote.into()),
            tick: pick(|c| c.tick.into()),
            lot: pick(|c| c.lot.into()),
            min_lots: pick(|c| min_lots(c).into()),
            tick_limit: pick(|c| u64::from((PRICE_BOUND - 1) / c.tick) + 1),
            maker_bps: pick(|c| c.maker_fee_bps.into()),
            taker_bps: pick(|c| c.taker_fee_bps.into()),
        }
    }
}

/// The books an order of side `s` on market `m` deals with, and the maps between prices, limits
/// and keys. Operands `m` and `s` must be bits.
///
/// An order's *limit* is its price expressed as a key of the opposite book: an opposite level
/// crosses it iff `level.key <= limit` (asks at or below a buy's price, bids at or above a sell's
/// price), and the opposite book's end sentinel never crosses.
#[derive(Clone, Debug)]
pub(crate) struct Books<B: Interp> {
    /// Market bit.
    pub m: V<B>,
    /// Side bit (0 buy, 1 sell).
    pub s: V<B>,
    one: V<B>,
}

impl<B: Interp> Books<B> {
    /// `Books` of `(m, s)`.
    pub fn new(cx: &Cx<B>, m: &V<B>, s: &V<B>) -> Self {
        Self { m: m.clone(), s: s.clone(), one: cx.one() }
    }

    /// The order's own book: `2m + s`.
    pub fn own(&self) -> V<B> {
        &self.m * 2 + &self.s
    }

    /// The book it matches against: `2m + 1 - s`.
    pub fn opposite(&self) -> V<B> {
        &self.m * 2 + 1 - &self.s
    }

    /// Address of the header record of a book.
    pub fn header_addr(book: &V<B>) -> V<B> {
        book + layout::LEVELS
    }

    /// The opposite book's header: its address, and the lanes every header holds for good (`total`
    /// 1, `key` its book's base), which an access then need not witness (`Access::known`).
    pub fn opposite_header(&self) -> (V<B>, Level<Option<V<B>>>) {
        let book = self.opposite();
        let known = Level { total: Some(self.one.clone()), key: Some(&book * key::SPAN), ..Default::default() };
        (Self::header_addr(&book), known)
    }

    /// The limit of an order at `price` (see the type's docs) when `gate` is 1, else 0, for a
    /// `price` that is 0 when the gate is 0: degree 2 whatever `m` and `s` hold when the gate is
    /// off. A buy's limit is `opposite * SPAN + price`, a sell's `opposite * SPAN + END - price`.
    pub fn limit_if(&self, gate: &V<B>, price: &V<B>) -> V<B> {
        gate * (self.opposite() * key::SPAN + &self.s * key::END) + (self.one_minus_2s()) * price
    }

    /// The price of an opposite key (a limit, or the key of an opposite level): inverts
    /// [`Books::limit_if`].
    pub fn opposite_price(&self, x: &V<B>) -> V<B> {
        let offset = x - self.opposite() * key::SPAN;
        // buy: offset; sell: END - offset.
        &self.s * key::END + self.one_minus_2s() * offset
    }

    /// The price of a key of the order's own book.
    pub fn own_price(&self, x: &V<B>) -> V<B> {
        let offset = x - self.own() * key::SPAN;
        // bid: END - offset; ask: offset.
        (&self.one - &self.s) * key::END - self.one_minus_2s() * offset
    }

    /// The key, on its own book, of the level an order with limit `limit` rests at:
    /// `own * SPAN + END - (limit - opposite * SPAN)`, the same expression for both sides.
    pub fn own_key(&self, limit: &V<B>) -> V<B> {
        (self.own() + self.opposite()) * key::SPAN + key::END - limit
    }

    /// The asset an order of this side locks: quote for a buy, base for a sell.
    pub fn collateral_asset(&self, market: &Market<B>) -> V<B> {
        &market.quote + &self.s * (&market.base - &market.quote)
    }

    /// The asset an order of this side receives: base for a buy, quote for a sell.
    pub fn receive_asset(&self, market: &Market<B>) -> V<B> {
        &market.base + &self.s * (&market.quote - &market.base)
    }

    fn one_minus_2s(&self) -> V<B> {
        &self.one - &self.s * 2
    }
}
