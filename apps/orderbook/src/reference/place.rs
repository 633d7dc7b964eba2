//! Placing an order (spec, "Placing an order"): validation in the order of the rejection table,
//! acceptance, matching, and then what happens to the taker's remainder.

use super::engine::{Engine, RestingOrder};
use super::matching::MatchEnd;
use crate::types::{Event, MarketConfig, Reason, Side, Stp, Tif, ACCOUNTS, MAX_LEVELS, MAX_ORDERS, PRICE_BOUND};

/// The operands of `PlaceLimit` (a `PlaceMarket` arrives here as its equivalent limit order), raw.
#[derive(Clone, Copy, Debug)]
pub(crate) struct OrderRequest {
    pub(crate) account: u32,
    pub(crate) market: u32,
    pub(crate) side: u32,
    pub(crate) price: u32,
    pub(crate) qty: u32,
    pub(crate) tif: u32,
    pub(crate) stp: u32,
}

/// An order that passed validation: typed, with the collateral it will lock.
#[derive(Clone, Copy, Debug)]
struct ValidOrder {
    config: &'static MarketConfig,
    side: Side,
    tif: Tif,
    stp: Stp,
    collateral: u64,
}

impl Engine {
    pub(super) fn place(&mut self, request: &OrderRequest) -> Result<Vec<Event>, Reason> {
        let valid = self.validate(request)?;
        let OrderRequest { account, market, price, qty, .. } = *request;

        // Accept: lock the collateral, take the next id.
        let id = self.next_order;
        self.next_order += 1;
        self.balances.lock(account, valid.config.collateral_asset(valid.side), valid.collateral);
        let mut events = vec![Event::Accepted { order: id, side: valid.side, price, qty }];

        let mut taker = RestingOrder { id, account, market, side: valid.side, price, remaining: qty };
        if self.match_taker(&mut taker, valid.stp, &mut events) == MatchEnd::TakerCancelled {
            return Ok(events);
        }
        self.finish_taker(taker, valid.tif, &mut events);
        Ok(events)
    }

    /// Every rejection a new order can get, in the order of the spec's table. Changes nothing.
    fn validate(&self, r: &OrderRequest) -> Result<ValidOrder, Reason> {
        let config = MarketConfig::get(r.market).ok_or(Reason::BadMarket)?;
        if r.account >= ACCOUNTS {
            return Err(Reason::BadAccount);
        }
        let side = Side::try_from(r.side).map_err(|_| Reason::BadParameter)?;
        let tif = Tif::try_from(r.tif).map_err(|_| Reason::BadParameter)?;
        let stp = Stp::try_from(r.stp).map_err(|_| Reason::BadParameter)?;
        if r.price == 0 || r.price >= PRICE_BOUND || r.price % config.tick != 0 {
            return Err(Reason::TickViolation);
        }
        if r.qty == 0 || r.qty % config.lot != 0 {
            return Err(Reason::LotViolation);
        }
        if r.qty < config.min_qty {
            return Err(Reason::BelowMinimum);
        }
        let collateral = config.collateral(side, r.price, r.qty);
        if !self.balances.can_lock(r.account, config.collateral_asset(side), collateral) {
            return Err(Reason::InsufficientBalance);
        }
        if self.next_order > MAX_ORDERS {
            return Err(Reason::BookFull);
        }
        let opposite = &self.books[r.market as usize][side.opposite().code() as usize];
        if tif == Tif::PostOnly
            && opposite.best_price().is_some_and(|best| opposite.side().level_crosses(best, r.price))
        {
            return Err(Reason::PostOnlyWouldCross);
        }
        if tif == Tif::Fok && self.crossing_liquidity(r.market, side, r.price) < u64::from(r.qty) {
            return Err(Reason::FokNotFillable);
        }
        Ok(ValidOrder { config, side, tif, stp, collateral })
    }

    /// The remaining quantity of every order (own ones included) on opposite levels that cross
    /// `price`: what a FOK order could fill before self-trade prevention is considered.
    fn crossing_liquidity(&self, market: u32, side: Side, price: u32) -> u64 {
        let opposite = &self.books[market as usize][side.opposite().code() as usize];
        opposite
            .levels()
            .take_while(|&(level, _)| opposite.side().level_crosses(level, price))
            .flat_map(|(_, queue)| queue.iter())
            .filter_map(|id| self.orders.get(id))
            .map(|o| u64::from(o.remaining))
            .sum()
    }

    /// Step 4: a filled taker is `Filled`; otherwise GTC and PostOnly rest (if a level record is
    /// available when one is needed) and everything else has its remainder cancelled.
    fn finish_taker(&mut self, taker: RestingOrder, tif: Tif, events: &mut Vec<Event>) {
        if taker.remaining == 0 {
            events.push(Event::Filled { order: taker.id });
            return;
        }
        let rests = match tif {
            Tif::Gtc | Tif::PostOnly => self.rest(taker),
            Tif::Ioc | Tif::Fok => false,
        };
        if rests {
            events.push(Event::Rested { order: taker.id, remaining: taker.remaining });
        } else {
            self.balances.unlock(taker.account, taker.collateral_asset(), taker.collateral());
            events.push(Event::Cancelled { order: taker.id, remaining: taker.remaining });
        }
    }

    /// Puts the taker at the tail of its price level. A new level uses up a level record; when
    /// none is left the order cannot rest, and this returns false.
    fn rest(&mut self, taker: RestingOrder) -> bool {
        let book = &self.books[taker.market as usize][taker.side.code() as usize];
        if !book.has_level(taker.price) {
            if self.levels_created >= MAX_LEVELS {
                return false;
            }
            self.levels_created += 1;
        }
        self.book_mut(taker.market, taker.side).push_back(taker.price, taker.id);
        self.orders.insert(taker.id, taker);
        true
    }
}
