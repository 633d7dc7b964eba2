//! The realistic stream: funded traders, a random walk of the mid per market, mostly resting
//! limit orders, and cancels of orders the generator knows are live.

use rand::rngs::StdRng;
use rand::RngExt;

use super::{config, limit, random_side, walk_price, Gen, MIXED_TRADERS, START_MID};
use crate::types::{Event, Input, OrderId, Side, Tif, ASSETS, FEE_ACCOUNT, MARKETS, PRICE_BOUND};

/// A realistic stream of `n` inputs: funding deposits first, then about 65% limit orders (GTC
/// mostly, some IOC, FOK and PostOnly), 20% cancels and amends (17% / 3%; mostly of live orders),
/// 10% market or aggressive IOC orders and 5% deposits and withdrawals, on both markets.
pub fn mixed(seed: u64, n: usize) -> Vec<Input> {
    let mut g = Gen::new(seed, n);
    // Funding: every trader holds both markets' base assets, the quote asset, and a little of the
    // asset no market uses.
    for account in 1..=MIXED_TRADERS {
        for (asset, amount) in [(0, 20_000_000), (1, 4_000_000_000), (2, 20_000_000), (3, 1_000)] {
            g.push(Input::Deposit { account, asset, amount });
        }
    }
    let mut mids = START_MID;
    let mut tracked: Vec<OrderId> = Vec::new();
    while !g.full() {
        let market = g.rng.random_range(0..MARKETS);
        let config = config(market);
        walk(&mut g.rng, &mut mids[market as usize], config.tick);
        let mid = mids[market as usize];
        let account = g.rng.random_range(1..=MIXED_TRADERS);
        let side = random_side(&mut g.rng);
        let qty = config.lot * g.rng.random_range(1..=30);
        let stp = g.rng.random_range(0..=2u32);
        let roll = g.rng.random_range(0..100u32);
        match roll {
            // Limit orders: three in four passive (joining or behind the touch), one aggressive.
            0..65 => {
                let tif = match g.rng.random_range(0..100u32) {
                    0..80 => Tif::Gtc,
                    80..87 => Tif::Ioc,
                    87..92 => Tif::Fok,
                    _ => Tif::PostOnly,
                };
                let aggressive = tif != Tif::PostOnly && g.rng.random_ratio(1, 4);
                let price = walk_price(&mut g.rng, mid, config.tick, side, aggressive);
                let events = g.push(limit(account, market, side, price, qty, tif, stp));
                tracked.extend(events.iter().filter_map(|e| match e {
                    Event::Rested { order, .. } => Some(*order),
                    _ => None,
                }));
            }
            // Cancels: mostly of a live order by its owner, some of dead, foreign or unknown ids.
            65..82 => {
                let input = match g.rng.random_range(0..100u32) {
                    0..85 => match live_tracked(&mut g, &mut tracked) {
                        Some((order, owner)) => Input::Cancel { account: owner, order },
                        None => Input::Cancel { account, order: g.engine.next_order_id().unwrap_or_default() },
                    },
                    85..95 => Input::Cancel { account, order: g.earlier_order() },
                    _ => Input::Cancel { account, order: g.wild_order() },
                };
                g.push(input);
            }
            // Amends: reduce a live order by a few lots (sometimes to an invalid quantity).
            82..85 => {
                if let Some((order, owner)) = live_tracked(&mut g, &mut tracked) {
                    let remaining = g.engine.order(order).map_or(0, |o| o.remaining);
                    let lots = g.rng.random_range(1..=3);
                    let qty = remaining.saturating_sub(lots * config.lot);
                    g.push(Input::Amend { account: owner, order, qty });
                }
            }
            // Market orders (worst price well through the mid) or aggressive IOC limits.
            85..95 => {
                let input = if g.rng.random_bool(0.5) {
                    let band = 50 * config.tick;
                    let worst_price = match side {
                        Side::Buy => mid + band,
                        Side::Sell => mid.saturating_sub(band).max(config.tick),
                    };
                    Input::PlaceMarket { account, market, side: side.code(), qty, worst_price, stp }
                } else {
                    let price = walk_price(&mut g.rng, mid, config.tick, side, true);
                    limit(account, market, side, price, qty, Tif::Ioc, stp)
                };
                g.push(input);
            }
            // Deposits and withdrawals, including fee withdrawals by account 0.
            _ => {
                let asset = g.rng.random_range(0..ASSETS);
                let input = if g.rng.random_bool(0.6) {
                    let amount = g.rng.random_range(1..=5_000_000);
                    Input::Deposit { account, asset, amount }
                } else {
                    let account = if g.rng.random_ratio(1, 5) { FEE_ACCOUNT } else { account };
                    let available = g.engine.balance(account, asset).map_or(0, |b| b.available);
                    // Usually a part of what is available; one time in ten more than that.
                    let cap = if g.rng.random_ratio(1, 10) { available + 1_000 } else { available / 4 };
                    let amount = u32::try_from(g.rng.random_range(0..=cap)).unwrap_or(u32::MAX);
                    Input::Withdraw { account, asset, amount }
                };
                g.push(input);
            }
        }
    }
    g.out
}

/// A random order from `tracked` that is still resting, with its owner; dead ids met on the way
/// are dropped from the list.
fn live_tracked(g: &mut Gen, tracked: &mut Vec<OrderId>) -> Option<(OrderId, u32)> {
    while !tracked.is_empty() {
        let i = g.rng.random_range(0..tracked.len());
        match g.engine.order(tracked[i]) {
            Some(o) => return Some((o.id, o.account)),
            None => {
                tracked.swap_remove(i);
            }
        }
    }
    None
}

/// One step of the mid's random walk: a tick up or down a third of the time each, kept well
/// inside the valid price range.
fn walk(rng: &mut StdRng, mid: &mut u32, tick: u32) {
    match rng.random_range(0..3u32) {
        0 if *mid > 200 * tick => *mid -= tick,
        1 if *mid < PRICE_BOUND / 4 => *mid += tick,
        _ => {}
    }
}
