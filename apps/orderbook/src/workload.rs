//! Deterministic input streams for tests, differential runs and benchmarks.
//!
//! - [`mixed`]: realistic flow. Funded traders, prices on a random walk around a mid per market,
//!   mostly resting limit orders, cancels of orders the generator knows are live.
//! - [`adversarial`]: edge cases back to back: deep queues, many levels, self-trades under every
//!   STP mode, fee rounding boundaries, bounds of every operand, invalid operands, FOK orders that
//!   are just (not) fillable, cancels and amends of dead orders and of ids of every wrong kind
//!   (stale and future generations, slot 0, ids near `2^63`), and bursts that reuse the same
//!   order slots and level records many times.
//!
//! Both generators run the [`Engine`] as a shadow while they generate, so a cancel can name an
//! order that is actually resting (its id learned from the `Accepted` event) and a FOK can be
//! sized to the liquidity actually on the book.
//! The streams are plain inputs: whatever consumes them (the VM, the reference) starts from an
//! empty state and is not told what the shadow saw. The same `(seed, n)` always gives the same
//! stream, and a stream of length `n` is a prefix of the stream of length `n + 1`.

mod adversarial;
mod mixed;

pub use adversarial::adversarial;
pub use mixed::mixed;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::reference::Engine;
use crate::types::{
    order_id, Event, Input, MarketConfig, OrderId, Side, Tif, MARKETS, MARKET_TABLE, MAX_GENERATION, ORDER_ID_BOUND,
    SLOTS,
};

/// Traders of [`mixed`] are accounts `1..=MIXED_TRADERS` (account 0 only collects fees).
pub const MIXED_TRADERS: u32 = 16;
/// Traders of [`adversarial`] are accounts `0..=ADVERSARIAL_TRADERS`: few, so that self-trades are
/// frequent, and including the fee account, so that it trades against itself too.
pub const ADVERSARIAL_TRADERS: u32 = 5;

/// Where each market's mid starts (on the tick grid), before the walk moves it.
const START_MID: [u32; MARKETS as usize] = [10_000, 1_000];

/// Slots that [`Gen::wild_order`] names stale and future generations of: the free list is LIFO,
/// so the lowest slots are the ones reused most.
const WILD_SLOTS: u64 = 64;

/// The generator's state: the RNG, the stream so far, the shadow engine it has been fed to and
/// every id that engine has accepted.
struct Gen {
    rng: StdRng,
    engine: Engine,
    out: Vec<Input>,
    n: usize,
    /// Every accepted id, in acceptance order (learned from `Accepted` events); most no longer
    /// rest.
    ids: Vec<OrderId>,
}

impl Gen {
    fn new(seed: u64, n: usize) -> Self {
        Gen { rng: StdRng::seed_from_u64(seed), engine: Engine::new(), out: Vec::with_capacity(n), n, ids: Vec::new() }
    }

    fn full(&self) -> bool {
        self.out.len() >= self.n
    }

    /// Appends `input` (unless the stream is complete) and returns what the shadow engine emitted.
    fn push(&mut self, input: Input) -> Vec<Event> {
        if self.full() {
            return Vec::new();
        }
        self.out.push(input);
        let events = self.engine.apply(&input);
        self.ids.extend(Gen::accepted(&events));
        events
    }

    /// The id of the order accepted by `events`, if one was.
    fn accepted(events: &[Event]) -> Option<OrderId> {
        events.iter().find_map(|e| match e {
            Event::Accepted { order, .. } => Some(*order),
            _ => None,
        })
    }

    /// An id accepted earlier, chosen at random (mostly orders that no longer rest, whose slots
    /// have often been reused since), or the next id if none was accepted yet.
    fn earlier_order(&mut self) -> OrderId {
        if self.ids.is_empty() {
            return self.engine.next_order_id().unwrap_or_default();
        }
        // Half the time one of the last few: recently ended orders, slots just reused.
        let len = self.ids.len();
        let i = if self.rng.random_bool(0.5) {
            self.rng.random_range(len.saturating_sub(8)..len)
        } else {
            self.rng.random_range(0..len)
        };
        self.ids[i]
    }

    /// An order id a `Cancel` or `Amend` can name, of every kind, all below `2^63` (the operand
    /// bound of a well-formed input): 0; slot-0 ids; stale, current and future generations of the
    /// most reused slots; the next id; never-used slots; ids near `2^63 - 1`; any id at random;
    /// and earlier ids (see [`Gen::earlier_order`]). Most are `UnknownOrder`.
    fn wild_order(&mut self) -> OrderId {
        let slot = self.rng.random_range(1..=WILD_SLOTS);
        let generation = self.engine.slot_generation(slot).unwrap_or_default();
        match self.rng.random_range(0..10u32) {
            0 => 0,
            1 => order_id(0, self.rng.random_range(0..=MAX_GENERATION)),
            // A stale generation (the current one if the slot was not reused yet).
            2 => order_id(slot, self.rng.random_range(1..=generation.max(1))),
            3 => order_id(slot, generation),
            4 => order_id(slot, generation + self.rng.random_range(1..=3)),
            5 => self.engine.next_order_id().unwrap_or_default(),
            6 => order_id(self.rng.random_range(1..SLOTS), 1),
            7 => ORDER_ID_BOUND - 1 - self.rng.random_range(0..2 * SLOTS),
            8 => self.rng.random_range(0..ORDER_ID_BOUND),
            _ => self.earlier_order(),
        }
    }

    fn trader(&mut self) -> u32 {
        self.rng.random_range(0..=ADVERSARIAL_TRADERS)
    }

    fn other_trader(&mut self, not: u32) -> u32 {
        (not + self.rng.random_range(1..=ADVERSARIAL_TRADERS)) % (ADVERSARIAL_TRADERS + 1)
    }

    fn best(&self, market: u32, side: Side) -> Option<u32> {
        self.engine.book(market, side).and_then(|b| b.best_price())
    }

    /// The mid of the current book, or the starting mid if a side is empty; on the tick grid.
    fn mid(&self, market: u32) -> u32 {
        let tick = config(market).tick;
        match (self.best(market, Side::Buy), self.best(market, Side::Sell)) {
            (Some(bid), Some(ask)) => (bid / 2 + ask / 2) / tick * tick,
            (Some(bid), None) => bid + tick,
            (None, Some(ask)) => ask.saturating_sub(tick).max(tick),
            (None, None) => START_MID[market as usize],
        }
    }

    /// A price at which an order of `side` rests without crossing: strictly inside the spread if
    /// there is room, else at the own side's best, `ticks_back` ticks further from the touch.
    fn passive_price(&self, market: u32, side: Side, ticks_back: u32) -> u32 {
        let tick = config(market).tick;
        let back = ticks_back * tick;
        match side {
            Side::Buy => match self.best(market, Side::Sell) {
                Some(ask) => ask.saturating_sub(tick + back).max(tick),
                None => self.mid(market).saturating_sub(back).max(tick),
            },
            Side::Sell => match self.best(market, Side::Buy) {
                Some(bid) => bid + tick + back,
                None => self.mid(market) + back,
            },
        }
    }
}

fn config(market: u32) -> &'static MarketConfig {
    &MARKET_TABLE[market as usize % MARKET_TABLE.len()]
}

fn random_side(rng: &mut StdRng) -> Side {
    if rng.random_bool(0.5) {
        Side::Buy
    } else {
        Side::Sell
    }
}

fn limit(account: u32, market: u32, side: Side, price: u32, qty: u32, tif: Tif, stp: u32) -> Input {
    Input::PlaceLimit { account, market, side: side.code(), price, qty, tif: tif.code(), stp }
}

/// A price near `mid`: passive prices are 0..=10 ticks on the own side of the mid, aggressive ones
/// 1..=5 ticks through it.
fn walk_price(rng: &mut StdRng, mid: u32, tick: u32, side: Side, aggressive: bool) -> u32 {
    let below = matches!((side, aggressive), (Side::Buy, false) | (Side::Sell, true));
    let ticks = if aggressive { rng.random_range(1..=5) } else { rng.random_range(0..=10) };
    if below {
        mid.saturating_sub(ticks * tick).max(tick)
    } else {
        mid + ticks * tick
    }
}
