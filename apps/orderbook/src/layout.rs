//! The VM's state memory: where every record lives, what each lane of its 4-element word holds,
//! and the sort keys that make every book one ordered list. `docs/orderbook-vm.md` explains the
//! choices; this module is the one place the numbers are written.
//!
//! | record | word address | lanes |
//! |---|---|---|
//! | balance `(account, asset)` | `BALANCES + account * ASSETS + asset` | `[available, locked, 0, 0]` |
//! | counters | `COUNTERS` | `[orders_created, levels_created, 0, 0]` |
//! | level `l` | `LEVELS + l` | `[total, key, head, next]` |
//! | order `o` | `ORDERS + o` | `[remaining, owner + ACCOUNTS * book, level, next]` |
//!
//! Level ids `0..BOOKS` are the books' headers, `BOOKS..2 * BOOKS` their end sentinels, and real
//! levels are `FIRST_LEVEL..`; order id 0 is "none". A header looks like a level whose `next` is
//! the best level, whose `key` is below every key of its book and whose `total` is 1 (so it counts
//! as live); its `head` lane caches the best level's key, so an incoming order learns whether it
//! crosses from one access. An end sentinel has a key above every key of its book and total 0.

use appvm::{Memory, F};
use p3_field::{PrimeCharacteristicRing, PrimeField64};

use crate::types::{ACCOUNTS, ASSETS, MARKETS, MAX_LEVELS, MAX_ORDERS, PRICE_BOUND};

/// Field elements per memory word.
pub const WORD: usize = 4;

/// First balance word.
pub const BALANCES: u64 = 0;
/// The counters word.
pub const COUNTERS: u64 = BALANCES + ACCOUNTS as u64 * ASSETS as u64;
/// Level record 0 (the first book header).
pub const LEVELS: u64 = COUNTERS + 1;
/// Books: `book = market * 2 + side`; header `book` and end sentinel `BOOKS + book`.
pub const BOOKS: u64 = 2 * MARKETS as u64;
/// The first real level id.
pub const FIRST_LEVEL: u64 = 2 * BOOKS;
/// Level records: headers, sentinels and `MAX_LEVELS` real levels.
pub const LEVEL_RECORDS: u64 = FIRST_LEVEL + MAX_LEVELS as u64;
/// Order record 0 (never used: id 0 is "none").
pub const ORDERS: u64 = LEVELS + LEVEL_RECORDS;
/// Order records: ids `0..=MAX_ORDERS`.
pub const ORDER_RECORDS: u64 = MAX_ORDERS as u64 + 1;
/// Words of state memory.
pub const WORDS: u64 = ORDERS + ORDER_RECORDS;

/// Lanes of a balance word.
pub mod balance {
    /// Free to lock or withdraw.
    pub const AVAILABLE: usize = 0;
    /// Held as collateral.
    pub const LOCKED: usize = 1;
}

/// Lanes of the counters word.
pub mod counters {
    /// Orders accepted so far (the last id assigned).
    pub const ORDERS: usize = 0;
    /// Real level records used so far.
    pub const LEVELS: usize = 1;
}

/// Lanes of a level word (and of a header, which has the same shape).
pub mod level {
    /// Remaining quantity resting at the level; 0 once it has left its book.
    pub const TOTAL: usize = 0;
    /// The level's sort key (see [`super::key`]).
    pub const KEY: usize = 1;
    /// Oldest order; for a header, the cached key of the best level.
    pub const HEAD: usize = 2;
    /// Next worse level (or the book's end sentinel); for a header, the best level.
    pub const NEXT: usize = 3;
}

/// Lanes of an order word. `remaining` and `next` sit in the same lanes as a level's `total` and
/// `next`, so an "append after this record" access is written once for both.
pub mod order {
    /// Quantity still open; 0 once the order is filled or cancelled.
    pub const REMAINING: usize = 0;
    /// `owner + ACCOUNTS * book`.
    pub const OWNER_BOOK: usize = 1;
    /// The level it rests at.
    pub const LEVEL: usize = 2;
    /// Next younger order at the same level (0 = none).
    pub const NEXT: usize = 3;
}

/// Sort keys: every book's levels are sorted by strictly increasing key, best first, and the keys
/// of different books lie in disjoint ranges, so one comparison orders two levels and also says
/// they are on the same book.
///
/// A level at `price` on book `b` has key `b * SPAN + price` for asks and
/// `b * SPAN + PRICE_BOUND - price` for bids; the header has `b * SPAN` and the end sentinel
/// `b * SPAN + PRICE_BOUND`, below and above every price's key.
pub mod key {
    /// Width of one book's key range.
    pub const SPAN: u64 = 1 << 25;
    /// The end sentinel's offset within its book's range.
    pub const END: u64 = super::PRICE_BOUND as u64;
    /// Bits every key and limit fits in (for comparisons).
    pub const BITS: u32 = 32;
}

/// The header record of `book`.
pub const fn header(book: u64) -> u64 {
    book
}

/// The end sentinel of `book`.
pub const fn end(book: u64) -> u64 {
    BOOKS + book
}

/// Errors building a state image.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GenesisError {
    /// The account or asset of an initial balance does not exist.
    #[error("initial balance for account {account}, asset {asset}: no such account or asset")]
    NoSuchBalance {
        /// The account.
        account: u32,
        /// The asset.
        asset: u32,
    },
    /// An initial balance is not below `2^60`.
    #[error("initial balance {amount} for account {account}, asset {asset} is not below 2^60")]
    TooLarge {
        /// The account.
        account: u32,
        /// The asset.
        asset: u32,
        /// The amount.
        amount: u64,
    },
}

/// The initial state: every balance zero, every book empty, no order or level used.
pub fn genesis() -> Memory {
    Memory::words(WORD, genesis_values())
}

/// The initial state with `(account, asset, available)` balances.
pub fn genesis_with(balances: &[(u32, u32, u64)]) -> Result<Memory, GenesisError> {
    let mut values = genesis_values();
    for &(account, asset, amount) in balances {
        if account >= ACCOUNTS || asset >= ASSETS {
            return Err(GenesisError::NoSuchBalance { account, asset });
        }
        if amount >= crate::types::BALANCE_BOUND {
            return Err(GenesisError::TooLarge { account, asset, amount });
        }
        let addr = BALANCES + u64::from(account) * u64::from(ASSETS) + u64::from(asset);
        values[addr as usize * WORD + balance::AVAILABLE] = F::from_u64(amount);
    }
    Ok(Memory::words(WORD, values))
}

fn genesis_values() -> Vec<F> {
    let mut values = F::zero_vec(WORDS as usize * WORD);
    let mut set = |record: u64, lanes: [u64; WORD]| {
        let at = (LEVELS + record) as usize * WORD;
        for (cell, lane) in values[at..at + WORD].iter_mut().zip(lanes) {
            *cell = F::from_u64(lane);
        }
    };
    for book in 0..BOOKS {
        let base = book * key::SPAN;
        set(header(book), [1, base, base + key::END, end(book)]);
        set(end(book), [0, base + key::END, 0, 0]);
    }
    values
}

/// `(available, locked)` of `(account, asset)` in a state image, if both exist.
pub fn balance_of(memory: &Memory, account: u32, asset: u32) -> Option<(u64, u64)> {
    if account >= ACCOUNTS || asset >= ASSETS {
        return None;
    }
    let addr = BALANCES + u64::from(account) * u64::from(ASSETS) + u64::from(asset);
    let word = memory.word(usize::try_from(addr).ok()?)?;
    Some((word[balance::AVAILABLE].as_canonical_u64(), word[balance::LOCKED].as_canonical_u64()))
}
