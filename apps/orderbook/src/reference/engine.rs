//! The engine's state, its dispatch of inputs, and the inputs that do not match: deposits,
//! withdrawals, cancels and amends. Placing an order is in `place.rs`, matching in `matching.rs`.

use std::collections::BTreeMap;

use super::balances::{Balance, Balances};
use super::book::Book;
use super::place::OrderRequest;
use super::slots::Slots;
use crate::types::{Event, Input, MarketConfig, OrderId, Reason, Side, Tif, ACCOUNTS, ASSETS, MARKETS};

/// An order resting on a book.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RestingOrder {
    /// Its id, assigned at acceptance: its slot and that slot's generation.
    pub id: OrderId,
    /// Its place in acceptance order: how many orders had been accepted before it. Time priority
    /// within a level follows this (ids are not ascending in acceptance order once slots are
    /// reused).
    pub sequence: u64,
    /// The owner: the account whose collateral is locked.
    pub account: u32,
    /// The market it trades on (valid: orders are only created on configured markets).
    pub market: u32,
    /// Its book.
    pub side: Side,
    /// The limit price; also the level the order rests on.
    pub price: u32,
    /// Quantity still open; always positive while the order rests.
    pub remaining: u32,
}

impl RestingOrder {
    /// The market this order trades on. Orders are only created on valid markets.
    pub(crate) fn config(&self) -> &'static MarketConfig {
        &crate::types::MARKET_TABLE[self.market as usize]
    }

    /// The asset this order holds locked.
    pub fn collateral_asset(&self) -> u32 {
        self.config().collateral_asset(self.side)
    }

    /// The collateral this order holds locked: `price * remaining` quote for a buy, `remaining`
    /// base for a sell.
    pub fn collateral(&self) -> u64 {
        self.config().collateral(self.side, self.price, self.remaining)
    }
}

/// The reference order-book engine: the state of `docs/orderbook.md` and its transition function.
/// Equality compares whole states (balances, books, orders, slots, counters): the tests use it to
/// check that a rejected input changed nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Engine {
    pub(super) balances: Balances,
    /// Resting orders only: an order that is filled or cancelled is removed, so "is it resting?"
    /// is "is it here?". A `BTreeMap` so that iteration (and so any report) is deterministic.
    pub(super) orders: BTreeMap<OrderId, RestingOrder>,
    /// `books[market][side]`.
    pub(super) books: Vec<[Book; 2]>,
    /// The free list of order slots and their generations: where ids come from.
    pub(super) slots: Slots,
    /// Orders accepted so far (the next one's [`RestingOrder::sequence`]).
    pub(super) accepted: u64,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    /// The initial state: no balances, no orders, empty books.
    pub fn new() -> Self {
        Engine {
            balances: Balances::new(),
            orders: BTreeMap::new(),
            books: (0..MARKETS).map(|_| [Book::new(Side::Buy), Book::new(Side::Sell)]).collect(),
            slots: Slots::new(),
            accepted: 0,
        }
    }

    /// Applies one input and returns its output events, in emission order. A rejected input
    /// changes nothing and yields exactly one `Rejected`.
    pub fn apply(&mut self, input: &Input) -> Vec<Event> {
        let result = match *input {
            Input::Deposit { account, asset, amount } => self.deposit(account, asset, amount),
            Input::Withdraw { account, asset, amount } => self.withdraw(account, asset, amount),
            Input::PlaceLimit { account, market, side, price, qty, tif, stp } => {
                self.place(&OrderRequest { account, market, side, price, qty, tif, stp })
            }
            // The spec defines a market order as exactly this limit order.
            Input::PlaceMarket { account, market, side, qty, worst_price, stp } => {
                let tif = Tif::Ioc.code();
                self.place(&OrderRequest { account, market, side, price: worst_price, qty, tif, stp })
            }
            Input::Cancel { account, order } => self.cancel(account, order),
            Input::Amend { account, order, qty } => self.amend(account, order, qty),
        };
        result.unwrap_or_else(|reason| vec![Event::Rejected { reason }])
    }

    /// The balance of `account` in `asset`, or `None` if either is out of range.
    pub fn balance(&self, account: u32, asset: u32) -> Option<Balance> {
        self.balances.get(account, asset)
    }

    /// Deposits minus withdrawals of `asset` applied so far.
    pub fn net_supply(&self, asset: u32) -> Option<u128> {
        (asset < ASSETS).then(|| self.balances.net_supply(asset))
    }

    /// The resting order with this id, if there is one.
    pub fn order(&self, id: OrderId) -> Option<&RestingOrder> {
        self.orders.get(&id)
    }

    /// All resting orders, by id.
    pub fn orders(&self) -> impl Iterator<Item = &RestingOrder> + '_ {
        self.orders.values()
    }

    /// The book of `side` in `market`, or `None` for a market out of range.
    pub fn book(&self, market: u32, side: Side) -> Option<&Book> {
        let books = self.books.get(usize::try_from(market).ok()?)?;
        Some(&books[side.code() as usize])
    }

    /// The id the next accepted order will get: the slot on top of the free list with its
    /// generation plus one. `None` if a new order would be rejected with `BookFull`.
    pub fn next_order_id(&self) -> Option<OrderId> {
        self.slots.next_id()
    }

    /// The current generation of `slot` (the generation of the last order it held, 0 if it never
    /// held one), or `None` for slot 0 and slots not below `SLOTS`.
    pub fn slot_generation(&self, slot: u64) -> Option<u64> {
        self.slots.generation(slot)
    }

    /// How many order slots are free (`MAX_ORDERS` minus the resting orders).
    pub fn free_slots(&self) -> u64 {
        self.slots.free_count()
    }

    /// How many orders have been accepted since the genesis state.
    pub fn accepted_orders(&self) -> u64 {
        self.accepted
    }

    /// The number of price levels on all books (each holds one level record of `MAX_LEVELS`).
    pub fn live_levels(&self) -> u32 {
        let count: usize = self.books.iter().flatten().map(Book::level_count).sum();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    pub(super) fn book_mut(&mut self, market: u32, side: Side) -> &mut Book {
        &mut self.books[market as usize][side.code() as usize]
    }

    fn deposit(&mut self, account: u32, asset: u32, amount: u32) -> Result<Vec<Event>, Reason> {
        check_account_asset(account, asset)?;
        self.balances.deposit(account, asset, amount)?;
        Ok(vec![Event::Ok])
    }

    fn withdraw(&mut self, account: u32, asset: u32, amount: u32) -> Result<Vec<Event>, Reason> {
        check_account_asset(account, asset)?;
        self.balances.withdraw(account, asset, amount)?;
        Ok(vec![Event::Ok])
    }

    /// The checks cancel and amend share: a valid account, a resting order, owned by it.
    fn owned_order(&self, account: u32, order: OrderId) -> Result<RestingOrder, Reason> {
        if account >= ACCOUNTS {
            return Err(Reason::BadAccount);
        }
        let resting = *self.orders.get(&order).ok_or(Reason::UnknownOrder)?;
        if resting.account != account {
            return Err(Reason::NotOwner);
        }
        Ok(resting)
    }

    fn cancel(&mut self, account: u32, order: OrderId) -> Result<Vec<Event>, Reason> {
        let resting = self.owned_order(account, order)?;
        self.remove_resting(&resting);
        let events = vec![Event::Cancelled { order, remaining: resting.remaining }];
        self.end_order(order);
        Ok(events)
    }

    fn amend(&mut self, account: u32, order: OrderId, qty: u32) -> Result<Vec<Event>, Reason> {
        let resting = self.owned_order(account, order)?;
        let config = resting.config();
        if qty == 0 || qty >= resting.remaining || qty % config.lot != 0 || qty < config.min_qty {
            return Err(Reason::BadAmend);
        }
        let freed = resting.collateral() - config.collateral(resting.side, resting.price, qty);
        self.balances.unlock(resting.account, resting.collateral_asset(), freed);
        if let Some(o) = self.orders.get_mut(&order) {
            o.remaining = qty;
        }
        Ok(vec![Event::Amended { order, qty }])
    }

    /// Takes a resting order off its level (and the level off the book if it empties) and returns
    /// its collateral to the available balance. Shared by cancel and self-trade prevention.
    pub(super) fn remove_resting(&mut self, resting: &RestingOrder) {
        self.book_mut(resting.market, resting.side).remove(resting.price, resting.id);
        self.orders.remove(&resting.id);
        self.balances.unlock(resting.account, resting.collateral_asset(), resting.collateral());
    }

    /// The event that ends order `id` (`Filled`, `Cancelled` or `StpCancelled`) has just been
    /// emitted: its slot goes back on top of the free list.
    pub(super) fn end_order(&mut self, id: OrderId) {
        self.slots.release(id);
    }
}

/// `BadAccount`, then `BadAsset`, as deposits and withdrawals check them.
fn check_account_asset(account: u32, asset: u32) -> Result<(), Reason> {
    if account >= ACCOUNTS {
        Err(Reason::BadAccount)
    } else if asset >= ASSETS {
        Err(Reason::BadAsset)
    } else {
        Ok(())
    }
}
