//! The spec's invariants ("Invariants the tests check"), recomputed from scratch over the whole
//! state, so that they check the engine's incremental bookkeeping instead of trusting it.

use std::collections::BTreeSet;

use super::engine::Engine;
use crate::types::{Side, ACCOUNTS, ASSETS, BALANCE_BOUND, MARKETS, MAX_LEVELS};

impl Engine {
    /// Checks every invariant and describes the first violation found:
    ///
    /// - conservation: per asset, `sum(available + locked)` over accounts equals deposits minus
    ///   withdrawals;
    /// - collateral: per account and asset, `locked` equals what its resting orders need;
    /// - bounds: balances below `2^60`, at most `MAX_LEVELS` live levels;
    /// - ids: every resting order's id is `slot + SLOTS * generation` with its slot's current
    ///   generation; the free slots and the resting orders' slots partition `1..SLOTS`; the
    ///   generations add up to the number of orders accepted;
    /// - books: every resting order is on exactly the level of its market, side and price, every
    ///   id on a book is a resting order, levels are non-empty and FIFO by acceptance (ascending
    ///   [`RestingOrder::sequence`](super::RestingOrder::sequence), not id), prices are on the tick
    ///   grid, quantities on the lot grid, and no bid crosses an ask.
    pub fn check_invariants(&self) -> Result<(), String> {
        self.check_balances()?;
        self.check_books()?;
        self.slots.check(self.orders.keys())?;
        let accepted = self.slots.accepted();
        if accepted != self.accepted {
            return Err(format!("{} orders accepted but the slot generations add up to {accepted}", self.accepted));
        }
        let live = self.live_levels();
        if live > MAX_LEVELS {
            return Err(format!("{live} live levels, capacity {MAX_LEVELS}"));
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
                    let mut previous_sequence: Option<u64> = None;
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
                        if order.sequence >= self.accepted {
                            return Err(format!("order {order:?}: accepted after the {} orders so far", self.accepted));
                        }
                        if previous_sequence.is_some_and(|before| before >= order.sequence) {
                            return Err(format!("market {market} {side:?} level {price}: not FIFO: {queue:?}"));
                        }
                        previous_sequence = Some(order.sequence);
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
    use crate::types::{order_id, Input, OrderId, Tif, MAX_GENERATION, SLOTS};

    /// Slots 1, 2, 3 in generation 1.
    const A: OrderId = order_id(1, 1);
    const B: OrderId = order_id(2, 1);
    const C: OrderId = order_id(3, 1);

    fn place(account: u32, side: u32, price: u32, qty: u32, tif: Tif) -> Input {
        Input::PlaceLimit { account, market: 1, side, price, qty, tif: tif.code(), stp: 0 }
    }

    /// Account 1 bids 100 for 10 and asks 110 for 10 on market 1 (orders `A` and `B`); account 2
    /// bids 100 for 5 (order `C`).
    fn engine() -> Engine {
        let mut e = Engine::new();
        for account in [1, 2] {
            for asset in 0..ASSETS {
                e.apply(&Input::Deposit { account, asset, amount: 1_000_000 });
            }
        }
        e.apply(&place(1, 0, 100, 10, Tif::Gtc));
        e.apply(&place(1, 1, 110, 10, Tif::Gtc));
        e.apply(&place(2, 0, 100, 5, Tif::Gtc));
        assert_eq!(e.check_invariants(), Ok(()));
        assert_eq!(e.orders.keys().copied().collect::<Vec<_>>(), [A, B, C]);
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
        e.orders.remove(&C);
        e.balances.unlock(2, 1, 500);
        assert!(violation(&e).contains("not resting"), "{}", violation(&e));
    }

    #[test]
    fn order_missing_from_its_book() {
        let mut e = engine();
        e.book_mut(1, Side::Buy).remove(100, C);
        assert!(violation(&e).contains("on the books"), "{}", violation(&e));
    }

    #[test]
    fn queue_out_of_acceptance_order() {
        let mut e = engine();
        e.book_mut(1, Side::Buy).remove(100, A);
        e.book_mut(1, Side::Buy).push_back(100, A);
        assert!(violation(&e).contains("not FIFO"), "{}", violation(&e));
    }

    /// A queue in ascending id order is not FIFO when the higher id was accepted first, as
    /// happens once slots are reused.
    #[test]
    fn fifo_is_by_acceptance_not_by_id() {
        let mut e = engine();
        // A leaves; its slot 1 goes on top of the free list, so the next order is slot 1,
        // generation 2: a higher id than C, accepted later, and behind C at 100.
        e.apply(&Input::Cancel { account: 1, order: A });
        e.apply(&place(2, 0, 100, 5, Tif::Gtc));
        let d = order_id(1, 2);
        assert!(e.orders.contains_key(&d));
        assert_eq!(e.check_invariants(), Ok(()));
        // Swapping sequences keeps ids ascending in the queue but breaks acceptance order.
        let (c_seq, d_seq) = (e.orders[&C].sequence, e.orders[&d].sequence);
        for (id, sequence) in [(C, d_seq), (d, c_seq)] {
            if let Some(o) = e.orders.get_mut(&id) {
                o.sequence = sequence;
            }
        }
        assert!(violation(&e).contains("not FIFO"), "{}", violation(&e));
    }

    #[test]
    fn order_on_the_wrong_level() {
        let mut e = engine();
        e.book_mut(1, Side::Buy).remove(100, C);
        e.book_mut(1, Side::Buy).push_back(95, C);
        assert!(violation(&e).contains("found at"), "{}", violation(&e));
    }

    /// A correctly collateralised ask below the best bid, given a slot but inserted without
    /// matching.
    #[test]
    fn crossed_book() {
        let mut e = engine();
        let id = e.slots.take().unwrap_or_default();
        let ask =
            RestingOrder { id, sequence: e.accepted, account: 2, market: 1, side: Side::Sell, price: 90, remaining: 1 };
        e.accepted += 1;
        e.balances.lock(2, 2, 1);
        e.book_mut(1, Side::Sell).push_back(90, id);
        e.orders.insert(id, ask);
        assert!(violation(&e).contains("crossed"), "{}", violation(&e));
    }

    #[test]
    fn id_not_of_the_current_generation() {
        let mut e = engine();
        e.slots.set_generation(3, 2);
        e.accepted += 1;
        assert!(violation(&e).contains("slot 3 is at generation 2"), "{}", violation(&e));
    }

    #[test]
    fn slot_both_free_and_resting() {
        let mut e = engine();
        e.slots.push_raw(2);
        assert!(violation(&e).contains("slot 2 is free and resting"), "{}", violation(&e));
    }

    #[test]
    fn slot_neither_free_nor_resting() {
        let mut e = engine();
        // An order leaves without its slot returning to the free list.
        let order = e.orders[&B];
        e.remove_resting(&order);
        assert!(violation(&e).contains("slots resting or returned"), "{}", violation(&e));
    }

    #[test]
    fn accepted_count_disagrees_with_generations() {
        let mut e = engine();
        e.accepted += 1;
        assert!(violation(&e).contains("generations add up"), "{}", violation(&e));
        let mut e = engine();
        e.slots.set_generation(SLOTS - 1, MAX_GENERATION + 1);
        assert!(violation(&e).contains("has generation"), "{}", violation(&e));
    }

    #[test]
    fn order_from_the_future() {
        let mut e = engine();
        if let Some(o) = e.orders.get_mut(&C) {
            o.sequence = 3;
        }
        assert!(violation(&e).contains("accepted after"), "{}", violation(&e));
    }

    #[test]
    fn too_many_live_levels() {
        let mut e = engine();
        // MAX_LEVELS new ask levels above 110 on market 1, each with one unit of a new order,
        // inserted directly: two more levels than there are records.
        for price in 111..111 + MAX_LEVELS {
            let id = e.slots.take().unwrap_or_default();
            let order =
                RestingOrder { id, sequence: e.accepted, account: 1, market: 1, side: Side::Sell, price, remaining: 1 };
            e.accepted += 1;
            e.balances.lock(1, 2, 1);
            e.book_mut(1, Side::Sell).push_back(price, id);
            e.orders.insert(id, order);
        }
        assert!(violation(&e).contains("live levels"), "{}", violation(&e));
    }
}
