//! The VM's state memory: where every record lives, the record each 4-element word holds (one
//! `#[derive(Record)]` struct per kind of word, whose field names are its lanes and its columns),
//! and the sort keys that make every book one ordered list. `docs/orderbook-vm.md` explains the
//! choices; this module is the one place the numbers are written.
//!
//! | record | word address | lanes |
//! |---|---|---|
//! | balance `(account, asset)` | `BALANCES + account * ASSETS + asset` | [`Balance`] `{ available, locked }`, then 0, 0 |
//! | counters | `COUNTERS` | [`Counters`] `{ free_slot, free_level }`, then 0, 0 |
//! | level `l` | `LEVELS + l` | [`Level`] `{ total, key, head, next }` |
//! | order slot `s` | `ORDERS + s` | [`Order`] `{ remaining, place, generation, next }`, `place = owner + ACCOUNTS * (book + BOOKS * level)` |
//!
//! Level ids `0..BOOKS` are the books' headers, `BOOKS..2 * BOOKS` their end sentinels, and real
//! levels are `FIRST_LEVEL..`. A header looks like a level whose `next` is the best level, whose
//! `key` is below every key of its book and whose `total` is 1 (so it counts as live); its `head`
//! lane caches the best level's key, so an incoming order learns whether it crosses from one
//! access. An end sentinel has a key above every key of its book and total 0.
//!
//! Order slots `1..SLOTS` hold the resting orders; slot 0 is "none". The order in slot `s` has id
//! `s + SLOTS * generation` ([`crate::types::order_id`]). Free slots and free real level records
//! form two LIFO lists through their `next` lanes, headed by the counters word (0 = empty: slot 0
//! and level record 0, a header, are never free). A record is live iff its first lane (`total`,
//! `remaining`) is positive; a free record has it 0, so nothing that requires a live record accepts it.

use appvm::{Memory, Record, F};
use p3_field::{PrimeCharacteristicRing, PrimeField64};

use crate::types::{ACCOUNTS, ASSETS, MARKETS, MAX_GENERATION, MAX_LEVELS, PRICE_BOUND, SLOTS};

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
/// Order slot 0 (never handed out: slot 0 is "none").
pub const ORDERS: u64 = LEVELS + LEVEL_RECORDS;
/// Order records: slots `0..SLOTS`.
pub const ORDER_RECORDS: u64 = SLOTS;
/// Words of state memory.
pub const WORDS: u64 = ORDERS + ORDER_RECORDS;

/// A balance word's lanes (the word's other two stay zero, so accesses pay no column for them).
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Balance<T> {
    /// Free to lock or withdraw.
    pub available: T,
    /// Held as collateral.
    pub locked: T,
}

/// The counters word: the heads of the two free lists (its other two lanes stay zero).
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Counters<T> {
    /// The free order slot on top of its list (0: none left).
    pub free_slot: T,
    /// The free level record on top of its list (0: none left).
    pub free_level: T,
}

/// A level word (a header has the same shape).
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Level<T> {
    /// Remaining quantity resting at the level; 0 once it has left its book (1 for a header).
    pub total: T,
    /// The level's sort key (see [`key`]).
    pub key: T,
    /// Oldest order; for a header, the cached key of the best level.
    pub head: T,
    /// Next worse level (or the book's end sentinel); for a header, the best level; for a free
    /// record, the next free record (0 = none).
    pub next: T,
}

/// An order slot's word. `remaining` and `next` sit in the same lanes as a level's `total` and
/// `next`, so "live iff lane 0 is positive" and the free lists read alike for both.
///
/// The owner, book and level share a lane (`place`): a row that knows the book and the level (a
/// fill knows both) gets the owner linearly, and a row that knows neither decodes the lane with
/// small range checks (the three parts are below `2^8`, `2^2` and `2^13`). The generation has a
/// lane of its own, so a fill gets the maker's id `slot + SLOTS * generation` without columns.
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Order<T> {
    /// Quantity still open; 0 once the order is filled or cancelled, and while the slot is free.
    pub remaining: T,
    /// `owner + ACCOUNTS * (book + BOOKS * level)` (see [`place`]); stale in a free slot.
    pub place: T,
    /// The slot's generation: the id of the order it holds is `slot + SLOTS * generation`.
    pub generation: T,
    /// Next younger order at the same level (0 = none); in a free slot, the next free slot.
    pub next: T,
}

/// The [`Order::place`] lane of an order of `owner` resting on `book` at `level`.
pub const fn place(owner: u64, book: u64, level: u64) -> u64 {
    owner + ACCOUNTS as u64 * (book + BOOKS * level)
}

/// Bits of a level id, as packed into [`Order::place`].
pub const LEVEL_BITS: u32 = 13;
const _: () = assert!(LEVEL_RECORDS <= 1 << LEVEL_BITS);

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
    /// A word of an initial memory image differs from every genesis state's: the image is not
    /// a state the order book starts from.
    #[error("word {word} of the initial state is not that of a genesis state (an empty book with funded balances)")]
    NotGenesis {
        /// The first word that differs.
        word: u64,
    },
    /// An initial memory image has the wrong size.
    #[error("the initial state has {got} elements, the order book's memory {expected}")]
    Size {
        /// Elements of the order book's memory.
        expected: usize,
        /// Elements given.
        got: usize,
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

/// The initial state: every balance zero, every book empty, every order slot and real level record
/// free (slot 1 and the first real level on top of their lists).
pub fn genesis() -> Memory {
    Memory::words(WORD, to_fields(&genesis_image()))
}

/// The initial state with `(account, asset, available)` balances.
pub fn genesis_with(balances: &[(u32, u32, u64)]) -> Result<Memory, GenesisError> {
    let mut image = genesis_image();
    for &(account, asset, amount) in balances {
        if account >= ACCOUNTS || asset >= ASSETS {
            return Err(GenesisError::NoSuchBalance { account, asset });
        }
        if amount >= crate::types::BALANCE_BOUND {
            return Err(GenesisError::TooLarge { account, asset, amount });
        }
        put(&mut image, balance_addr(account, asset), Balance { available: amount, locked: 0 });
    }
    Ok(Memory::words(WORD, to_fields(&image)))
}

/// Checks that `image` is a genesis state: `genesis_with` of some balances (an empty book, every
/// free list in order, available balances below `2^60`, nothing locked).
///
/// The order book's hinted gadgets (a level's position in its book, a slot's owner) have unique
/// witnesses only in states its inputs can reach: an image with, say, two live levels of one key
/// would let one execution prove two different outcomes. A genesis state is reachable (by
/// deposits), so the VM's verifier requires this of a statement's initial image
/// (`#[vm(initial_state = …)]` on [`crate::vm::Orderbook`]); a batch that continues from a later
/// state is verified through the chain that reached it.
pub fn check_genesis(image: &[u64]) -> Result<(), GenesisError> {
    let mut expected = genesis_image();
    if image.len() != expected.len() {
        return Err(GenesisError::Size { expected: expected.len(), got: image.len() });
    }
    // Any available balance below the bound is a genesis balance: expect the image's. (A larger
    // one stays expected 0, so its word differs.)
    for addr in BALANCES..COUNTERS {
        let available = get::<Balance<u64>>(image, addr).available;
        if available < crate::types::BALANCE_BOUND {
            put(&mut expected, addr, Balance { available, locked: 0 });
        }
    }
    match (0u64..).zip(image.chunks_exact(WORD).zip(expected.chunks_exact(WORD))).find(|(_, (a, b))| a != b) {
        Some((word, _)) => Err(GenesisError::NotGenesis { word }),
        None => Ok(()),
    }
}

/// The genesis image, one `u64` per element.
fn genesis_image() -> Vec<u64> {
    let mut image = vec![0; WORDS as usize * WORD];
    for book in 0..BOOKS {
        let base = book * key::SPAN;
        let header = Level { total: 1, key: base, head: base + key::END, next: end(book) };
        put(&mut image, LEVELS + self::header(book), header);
        put(&mut image, LEVELS + end(book), Level { total: 0, key: base + key::END, head: 0, next: 0 });
    }
    // The free lists: each record points at the next one, the last at 0 ("none").
    let link = |record: u64, last: u64| if record + 1 < last { record + 1 } else { 0 };
    for l in FIRST_LEVEL..LEVEL_RECORDS {
        put(&mut image, LEVELS + l, Level { total: 0, key: 0, head: 0, next: link(l, LEVEL_RECORDS) });
    }
    // Slot 0 is never handed out; its generation is the last one, so "the slot on top of the free
    // list is at MAX_GENERATION" also covers the empty list, whose top is slot 0.
    put(&mut image, ORDERS, Order { remaining: 0, place: 0, generation: MAX_GENERATION, next: 0 });
    for slot in 1..ORDER_RECORDS {
        put(
            &mut image,
            ORDERS + slot,
            Order { remaining: 0, place: 0, generation: 0, next: link(slot, ORDER_RECORDS) },
        );
    }
    put(&mut image, COUNTERS, Counters { free_slot: 1, free_level: FIRST_LEVEL });
    image
}

/// Writes `record` into the first lanes of the word at `addr` of `image`.
fn put<R: Record<u64>>(image: &mut [u64], addr: u64, record: R) {
    let at = addr as usize * WORD;
    for (lane, value) in record.into_lanes().into_iter().enumerate() {
        image[at + lane] = value;
    }
}

/// The record in the first lanes of the word at `addr` of `image` (which must hold it).
fn get<R: Record<u64>>(image: &[u64], addr: u64) -> R {
    let at = addr as usize * WORD;
    R::from_lanes(|lane| image[at + lane])
}

fn to_fields(image: &[u64]) -> Vec<F> {
    image.iter().map(|&v| F::from_u64(v)).collect()
}

/// The address of the balance word of `(account, asset)`, both in range.
fn balance_addr(account: u32, asset: u32) -> u64 {
    BALANCES + u64::from(account) * u64::from(ASSETS) + u64::from(asset)
}

/// `(available, locked)` of `(account, asset)` in a state image, if both exist.
pub fn balance_of(memory: &Memory, account: u32, asset: u32) -> Option<(u64, u64)> {
    if account >= ACCOUNTS || asset >= ASSETS {
        return None;
    }
    let word = memory.word(usize::try_from(balance_addr(account, asset)).ok()?)?;
    let lanes: Vec<u64> = word.iter().map(PrimeField64::as_canonical_u64).collect();
    let Balance { available, locked } = Balance::from_prefix(&lanes)?;
    Some((available, locked))
}
