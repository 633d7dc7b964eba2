//! Placing an order (spec, "Placing an order"): validation in the order of the rejection table,
//! acceptance, matching, and then what happens to the taker's remainder.

use super::engine::{Engine, RestingOrder};
use super::matching::MatchEnd;
use crate::types::{Event, MarketConfig, Reason, Side, Stp, Tif, ACCOUNTS, MAX_LEVELS, PRICE_BOUND};

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

        // Accept: pop the top free slot (bumping its generation) for the id, lock the collateral.
        // `validate` checked that a slot can be taken.
        let id = self.slots.take().ok_or(Reason::BookFull)?;
        let sequence = self.accepted;
        self.accepted += 1;
        self.balances.lock(account, valid.config.collateral_asset(valid.side), valid.collateral);
        let mut events = vec![Event::Accepted { order: id, side: valid.side, price, qty }];

        let mut taker = RestingOrder { id, sequence, account, market, side: valid.side, price, remaining: qty };
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
        if self.slots.next_id().is_none() {
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
    /// available when one is needed) and everything else has its remainder cancelled. A taker
    /// that does not rest ends here and frees its slot.
    fn finish_taker(&mut self, taker: RestingOrder, tif: Tif, events: &mut Vec<Event>) {
        if taker.remaining == 0 {
            events.push(Event::Filled { order: taker.id });
            self.end_order(taker.id);
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
            self.end_order(taker.id);
        }
    }

    /// Puts the taker at the tail of its price level. A new level needs a free level record: one
    /// is free unless `MAX_LEVELS` levels are live across the state (records of levels that left
    /// the book are free again). When none is, the order cannot rest, and this returns false.
    fn rest(&mut self, taker: RestingOrder) -> bool {
        let book = &self.books[taker.market as usize][taker.side.code() as usize];
        if !book.has_level(taker.price) && self.live_levels() >= MAX_LEVELS {
            return false;
        }
        self.book_mut(taker.market, taker.side).push_back(taker.price, taker.id);
        self.orders.insert(taker.id, taker);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{order_id, Input, MAX_GENERATION, MAX_ORDERS, ORDER_ID_BOUND};

    fn buy(tif: Tif) -> Input {
        Input::PlaceLimit { account: 1, market: 1, side: 0, price: 10, qty: 1, tif: tif.code(), stp: 0 }
    }

    /// `BookFull` while the slot on top of the free list has handed out its last generation, even
    /// with slots below it free, until a cancel pushes another slot above it. (2^47 orders
    /// through one slot are out of reach of a real stream, so the generation is set directly.)
    #[test]
    fn book_full_while_the_top_slot_is_at_max_generation() {
        let mut e = Engine::new();
        e.apply(&Input::Deposit { account: 1, asset: 1, amount: 1_000 });
        let resting = order_id(1, 1);
        assert_eq!(e.apply(&buy(Tif::Gtc))[1], Event::Rested { order: resting, remaining: 1 });
        e.slots.set_generation(2, MAX_GENERATION - 1);
        e.accepted = e.slots.accepted();
        assert_eq!(e.check_invariants(), Ok(()));
        let last = order_id(2, MAX_GENERATION);
        assert_eq!(last, ORDER_ID_BOUND - (1 << 16) + 2);
        assert_eq!(
            e.apply(&buy(Tif::Ioc)),
            vec![
                Event::Accepted { order: last, side: Side::Buy, price: 10, qty: 1 },
                Event::Cancelled { order: last, remaining: 1 }
            ]
        );
        assert_eq!(e.next_order_id(), None);
        assert_eq!(e.apply(&buy(Tif::Ioc)), vec![Event::Rejected { reason: Reason::BookFull }]);
        // Earlier checks first.
        let broke = Input::PlaceLimit { account: 2, market: 1, side: 0, price: 10, qty: 1, tif: 0, stp: 0 };
        assert_eq!(e.apply(&broke), vec![Event::Rejected { reason: Reason::InsufficientBalance }]);
        assert_eq!(e.free_slots(), MAX_ORDERS - 1);
        // A cancel puts slot 1 on top: orders are accepted there until one rests in it.
        assert_eq!(
            e.apply(&Input::Cancel { account: 1, order: resting })[0],
            Event::Cancelled { order: resting, remaining: 1 }
        );
        assert_eq!(
            e.apply(&buy(Tif::Ioc))[0],
            Event::Accepted { order: order_id(1, 2), side: Side::Buy, price: 10, qty: 1 }
        );
        assert_eq!(e.apply(&buy(Tif::Gtc))[1], Event::Rested { order: order_id(1, 3), remaining: 1 });
        assert_eq!(e.apply(&buy(Tif::Gtc)), vec![Event::Rejected { reason: Reason::BookFull }]);
        assert_eq!(e.check_invariants(), Ok(()));
    }
}
