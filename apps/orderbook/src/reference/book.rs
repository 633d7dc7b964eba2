//! One side of one market's book: price levels, each a FIFO queue of order ids.
//!
//! A `BTreeMap` keyed by price keeps the levels sorted without any bookkeeping of our own, so the
//! "strictly sorted" invariant holds by construction and the best level is the first (asks) or the
//! last (bids) key. A `VecDeque` per level gives time priority: new orders join the back, matching
//! takes the front, and an amend leaves the order where it is.

use std::collections::{BTreeMap, VecDeque};

use crate::types::{OrderId, Side};

/// The resting orders of one side of one market, grouped by price.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Book {
    side: Side,
    levels: BTreeMap<u32, VecDeque<OrderId>>,
}

impl Book {
    pub(crate) fn new(side: Side) -> Self {
        Book { side, levels: BTreeMap::new() }
    }

    /// Which side this book holds (bids: `Buy`, asks: `Sell`).
    pub fn side(&self) -> Side {
        self.side
    }

    /// The best price: the highest bid or the lowest ask.
    pub fn best_price(&self) -> Option<u32> {
        match self.side {
            Side::Buy => self.levels.last_key_value(),
            Side::Sell => self.levels.first_key_value(),
        }
        .map(|(&price, _)| price)
    }

    /// The oldest order of the best level, with that level's price.
    pub fn best_order(&self) -> Option<(u32, OrderId)> {
        let (&price, queue) = match self.side {
            Side::Buy => self.levels.last_key_value(),
            Side::Sell => self.levels.first_key_value(),
        }?;
        queue.front().map(|&id| (price, id))
    }

    /// The levels best first, each as its price and its queue (oldest first).
    pub fn levels(&self) -> Box<dyn Iterator<Item = (u32, &VecDeque<OrderId>)> + '_> {
        let iter = self.levels.iter().map(|(&price, queue)| (price, queue));
        match self.side {
            Side::Buy => Box::new(iter.rev()),
            Side::Sell => Box::new(iter),
        }
    }

    /// The number of price levels.
    pub fn level_count(&self) -> usize {
        self.levels.len()
    }

    /// True if there is a level at `price` (an order resting there needs no new level record).
    pub fn has_level(&self, price: u32) -> bool {
        self.levels.contains_key(&price)
    }

    /// Appends `order` at the tail of the level at `price`, creating the level if needed. The
    /// caller accounts for the level record a new level consumes.
    pub(crate) fn push_back(&mut self, price: u32, order: OrderId) {
        self.levels.entry(price).or_default().push_back(order);
    }

    /// Removes `order` from the level at `price`, and the level too if it is now empty. Returns
    /// false if the order was not there.
    pub(crate) fn remove(&mut self, price: u32, order: OrderId) -> bool {
        let Some(queue) = self.levels.get_mut(&price) else {
            return false;
        };
        let Some(position) = queue.iter().position(|&id| id == order) else {
            return false;
        };
        queue.remove(position);
        if queue.is_empty() {
            self.levels.remove(&price);
        }
        true
    }
}
