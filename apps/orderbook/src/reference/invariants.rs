//! The spec's invariants ("Invariants the tests check"), recomputed from scratch over the whole
//! state, so that they check the engine's incremental bookkeeping instead of trusting it.

use std::collections::BTreeSet;

use super::engine::Engine;
use crate::types::{Side, ACCOUNTS, ASSETS, BALANCE_BOUND, MARKETS, MAX_LEVELS, MAX_ORDERS};

impl Engine {
    /// Checks every invariant and describes the first violation found:
    ///
    /// - conservation: per asset, `sum(available + locked)` over accounts equals deposits minus
    ///   withdrawals;
    /// - collateral: per account and asset, `locked` equals what its resting orders need;
    /// - bounds: balances below `2^60`, ids and level records within capacity;
    /// - books: every resting order is on exactly the level of its market, side and price, every
    ///   id on a book is a resting order, levels are non-empty and FIFO by id (acceptance order),
    ///   prices are on the tick grid, quantities on the lot grid, and no bid crosses an ask.
    pub fn check_invariants(&self) -> Result<(), String> {
        self.check_balances()?;
        self.check_books()?;
        if self.next_order == 0 || self.next_order > MAX_ORDERS + 1 {
            return Err(format!("next order id {} outside 1..={}", self.next_order, MAX_ORDERS + 1));
        }
        if self.levels_created > MAX_LEVELS {
            return Err(format!("{} level records used, capacity {MAX_LEVELS}", self.levels_created));
        }
        Ok(())
    }

    fn check_balances(&self) -> Result<(), String> {
        // What each (account, asset) must have locked, from the resting orders alone.
        let mut needed = vec![[0u64; ASSETS as usize]; ACCOUNTS as usize];
        for order in self.orders.values() {
            let slot = &mut needed[order.account as usize][order.collateral_asset() as usize];
            *slot = slot.checked_add(order.collateral()).ok_or("locked collateral overflows u64")?;
        }
        for asset in 0..ASSETS {
            let mut total: u128 = 0;
            for account in 0..ACCOUNTS {
                let b = self.balances.get(account, asset).ok_or("balance table too small")?;
                if b.available >= BALANCE_BOUND || b.locked >= BALANCE_BOUND {
                    return Err(format!("account {account} asset {asset}: {b:?} not below 2^60"));
                }
                let need = needed[account as usize][asset as usize];
                if b.locked != need {
                    return Err(format!(
                        "account {account} asset {asset}: locked {} but resting orders need {need}",
                        b.locked
                    ));
                }
                total += u128::from(b.available) + u128::from(b.locked);
            }
            let supply = self.balances.net_supply(asset);
            if total != supply {
                return Err(format!("asset {asset}: accounts hold {total}, deposits - withdrawals = {supply}"));
            }
        }
        Ok(())
    }

    fn check_books(&self) -> Result<(), String> {
        let mut seen = BTreeSet::new();
        for market in 0..MARKETS {
            for side in [Side::Buy, Side::Sell] {
                let book = self.book(market, side).ok_or("missing book")?;
                if book.side() != side {
                    return Err(format!("market {market}: the {side:?} book holds {:?}", book.side()));
                }
                let mut previous: Option<u32> = None;
                for (price, queue) in book.levels() {
                    // `levels()` is best first: bids descending, asks ascending, strictly.
                    if let Some(prev) = previous {
                        let sorted = match side {
                            Side::Buy => price < prev,
                            Side::Sell => price > prev,
                        };
                        if !sorted {
                            return Err(format!("market {market} {side:?}: level {price} after {prev}"));
                        }
                    }
                    previous = Some(price);
                    if queue.is_empty() {
                        return Err(format!("market {market} {side:?}: empty level at {price}"));
                    }
                    if queue.iter().zip(queue.iter().skip(1)).any(|(a, b)| a >= b) {
                        return Err(format!("market {market} {side:?} level {price}: not FIFO: {queue:?}"));
                    }
                    for id in queue {
                        let order = self.orders.get(id).ok_or(format!("order {id} on a book is not resting"))?;
                        if (order.id, order.market, order.side, order.price) != (*id, market, side, price) {
                            return Err(format!("order {order:?} found at market {market} {side:?} {price}"));
                        }
                        let config = order.config();
                        if order.remaining == 0 || order.remaining % config.lot != 0 {
                            return Err(format!("order {order:?}: remaining off the lot grid"));
                        }
                        if order.price % config.tick != 0 {
                            return Err(format!("order {order:?}: price off the tick grid"));
                        }
                        if order.id == 0 || order.id >= self.next_order {
                            return Err(format!("order {order:?}: id not yet assigned"));
                        }
                        if !seen.insert(*id) {
                            return Err(format!("order {id} is on a book twice"));
                        }
                    }
                }
            }
            let bid = self.book(market, Side::Buy).and_then(|b| b.best_price());
            let ask = self.book(market, Side::Sell).and_then(|b| b.best_price());
            if let (Some(bid), Some(ask)) = (bid, ask) {
                if bid >= ask {
                    return Err(format!("market {market}: crossed book, best bid {bid} >= best ask {ask}"));
                }
            }
        }
        let live_levels: usize = self.books.iter().flatten().map(|b| b.level_count()).sum();
        if live_levels > self.levels_created as usize {
            return Err(format!("{live_levels} live levels but only {} level records used", self.levels_created));
        }
        if seen.len() != self.orders.len() {
            return Err(format!("{} resting orders but {} on the books", self.orders.len(), seen.len()));
        }
        Ok(())
    }
}

/// The checks can fail: each test breaks one invariant in an otherwise valid state.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::engine::RestingOrder;
    use crate::types::{Input, Tif};

    /// Account 1 bids 100 for 10 and asks 110 for 10 on market 1 (orders 1 and 2); account 2
    /// bids 100 for 5 (order 3).
    fn engine() -> Engine {
        let mut e = Engine::new();
        for account in [1, 2] {
            for asset in 0..ASSETS {
                e.apply(&Input::Deposit { account, asset, amount: 1_000_000 });
            }
        }
        let place = |account, side, price, qty| Input::PlaceLimit {
            account,
            market: 1,
            side,
            price,
            qty,
            tif: Tif::Gtc.code(),
            stp: 0,
        };
        e.apply(&place(1, 0, 100, 10));
        e.apply(&place(1, 1, 110, 10));
        e.apply(&place(2, 0, 100, 5));
        assert_eq!(e.check_invariants(), Ok(()));
        e
    }

    fn violation(e: &Engine) -> String {
        e.check_invariants().err().unwrap_or_default()
    }

    #[test]
    fn value_created_from_nothing() {
        let mut e = engine();
        e.balances.credit(2, 3, 1);
        assert!(violation(&e).contains("deposits - withdrawals"), "{}", violation(&e));
    }

    #[test]
    fn locked_without_an_order() {
        let mut e = engine();
        e.balances.lock(2, 1, 7);
        assert!(violation(&e).contains("resting orders need"), "{}", violation(&e));
    }

    #[test]
    fn order_lost_from_the_map() {
        let mut e = engine();
        e.orders.remove(&3);
        e.balances.unlock(2, 1, 500);
        assert!(violation(&e).contains("not resting"), "{}", violation(&e));
    }

    #[test]
    fn order_missing_from_its_book() {
        let mut e = engine();
        e.book_mut(1, Side::Buy).remove(100, 3);
        assert!(violation(&e).contains("on the books"), "{}", violation(&e));
    }

    #[test]
    fn queue_out_of_acceptance_order() {
        let mut e = engine();
        e.book_mut(1, Side::Buy).remove(100, 1);
        e.book_mut(1, Side::Buy).push_back(100, 1);
        assert!(violation(&e).contains("not FIFO"), "{}", violation(&e));
    }

    #[test]
    fn order_on_the_wrong_level() {
        let mut e = engine();
        e.book_mut(1, Side::Buy).remove(100, 3);
        e.book_mut(1, Side::Buy).push_back(95, 3);
        assert!(violation(&e).contains("found at"), "{}", violation(&e));
    }

    #[test]
    fn crossed_book() {
        let mut e = engine();
        // A correctly collateralised ask below the best bid, inserted without matching.
        let ask = RestingOrder { id: 4, account: 2, market: 1, side: Side::Sell, price: 90, remaining: 1 };
        e.next_order = 5;
        e.levels_created += 1;
        e.balances.lock(2, 2, 1);
        e.book_mut(1, Side::Sell).push_back(90, 4);
        e.orders.insert(4, ask);
        assert!(violation(&e).contains("crossed"), "{}", violation(&e));
    }

    #[test]
    fn counters_out_of_range() {
        let mut e = engine();
        e.levels_created = MAX_LEVELS + 1;
        assert!(violation(&e).contains("level records"), "{}", violation(&e));
        let mut e = engine();
        e.levels_created = 1;
        assert!(violation(&e).contains("live levels"), "{}", violation(&e));
        let mut e = engine();
        e.next_order = 3;
        assert!(violation(&e).contains("not yet assigned"), "{}", violation(&e));
    }
}
