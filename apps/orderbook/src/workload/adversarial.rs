//! The edge-case stream: scenarios chosen at random, each aimed at one rule of the spec.

use rand::RngExt;

use super::{config, limit, random_side, walk_price, Gen, ADVERSARIAL_TRADERS};
use crate::types::{Input, OrderId, Side, Stp, Tif, ACCOUNTS, ASSETS, MARKETS, PRICE_BOUND};

/// A stream of `n` inputs that goes after edge cases: one scenario after another, chosen at
/// random, each a few to a few dozen inputs (see the `scenario_*` functions).
pub fn adversarial(seed: u64, n: usize) -> Vec<Input> {
    let mut g = Gen::new(seed, n);
    for account in 0..=ADVERSARIAL_TRADERS {
        for asset in 0..ASSETS {
            g.push(Input::Deposit { account, asset, amount: u32::MAX });
        }
    }
    while !g.full() {
        match g.rng.random_range(0..32u32) {
            0..4 => scenario_many_levels(&mut g),
            4 | 5 => scenario_deep_queue(&mut g),
            6 | 7 => scenario_cancel_dead(&mut g),
            8..12 => scenario_self_trade(&mut g),
            12 | 13 => scenario_fee_boundary(&mut g),
            14 | 15 => scenario_bounds(&mut g),
            16 | 17 => scenario_bad_operands(&mut g),
            18 | 19 => scenario_fok_edge(&mut g),
            20 | 21 => scenario_amend_edges(&mut g),
            22 | 23 => scenario_post_only(&mut g),
            24 | 25 => scenario_funds(&mut g),
            26 | 27 => scenario_reuse(&mut g),
            28 => scenario_mass_cancel(&mut g),
            _ => scenario_random_flow(&mut g),
        }
    }
    g.out
}

/// One account lays orders on consecutive ticks behind the touch: many levels, so that long
/// streams run out of level records.
fn scenario_many_levels(g: &mut Gen) {
    let market = g.rng.random_range(0..MARKETS);
    let config = config(market);
    let side = random_side(&mut g.rng);
    let account = g.trader();
    // Mostly a handful of levels; one time in three a ladder of hundreds.
    let count = if g.rng.random_ratio(1, 3) { g.rng.random_range(200..600u32) } else { g.rng.random_range(5..40u32) };
    // Starting anywhere up to 2000 ticks behind the touch, so that ladders mostly open new
    // levels instead of joining earlier ones (buy ladders stay above the lowest price).
    let back = g.rng.random_range(0..2_000u32);
    let room = (g.passive_price(market, side, 0) / config.tick).saturating_sub(count + 1);
    let back = match side {
        Side::Buy => back.min(room),
        Side::Sell => back,
    };
    let start = g.passive_price(market, side, back);
    for i in 0..count {
        let price = match side {
            Side::Buy => start.saturating_sub(i * config.tick).max(config.tick),
            Side::Sell => start + i * config.tick,
        };
        g.push(limit(account, market, side, price, config.min_qty, Tif::Gtc, 0));
    }
}

/// Many orders queue at one price, then one taker sweeps part, all or more than all of the queue:
/// time priority within a level, partial maker fills, and fills across levels.
fn scenario_deep_queue(g: &mut Gen) {
    let market = g.rng.random_range(0..MARKETS);
    let config = config(market);
    let side = random_side(&mut g.rng);
    let price = g.passive_price(market, side, 0);
    let mut total = 0u32;
    for _ in 0..g.rng.random_range(10..60u32) {
        let account = g.trader();
        let qty = config.lot * g.rng.random_range(1..=5);
        total += qty;
        g.push(limit(account, market, side, price, qty, Tif::Gtc, 0));
    }
    let taker = g.trader();
    let qty = match g.rng.random_range(0..3u32) {
        0 => total / 2 / config.lot * config.lot,
        1 => total,
        _ => total + config.lot * g.rng.random_range(1..20),
    }
    .max(config.min_qty);
    let stp = g.rng.random_range(0..=2);
    let input = if g.rng.random_bool(0.5) {
        let worst_price = match side {
            Side::Buy => config.tick,
            Side::Sell => (PRICE_BOUND - 1) / config.tick * config.tick,
        };
        Input::PlaceMarket { account: taker, market, side: side.opposite().code(), qty, worst_price, stp }
    } else {
        limit(taker, market, side.opposite(), price, qty, Tif::Gtc, stp)
    };
    g.push(input);
}

/// A maker is filled (or cancelled), then cancelled and amended again; the IOC taker's id is
/// cancelled too: `UnknownOrder` for ids that were accepted but no longer rest. Then a new order
/// takes the slot one of them freed (the next generation), and the old ids are tried again: stale
/// generations of a reused slot.
fn scenario_cancel_dead(g: &mut Gen) {
    let market = g.rng.random_range(0..MARKETS);
    let config = config(market);
    let side = random_side(&mut g.rng);
    let maker = g.trader();
    let taker = g.other_trader(maker);
    let price = g.passive_price(market, side, 0);
    let qty = config.lot * g.rng.random_range(1..10);
    let Some(maker_id) = Gen::accepted(&g.push(limit(maker, market, side, price, qty, Tif::Gtc, 0))) else {
        return;
    };
    let taker_id = if g.rng.random_bool(0.7) {
        Gen::accepted(&g.push(limit(taker, market, side.opposite(), price, qty, Tif::Ioc, 0)))
    } else {
        g.push(Input::Cancel { account: maker, order: maker_id });
        None
    };
    g.push(Input::Cancel { account: maker, order: maker_id });
    g.push(Input::Amend { account: maker, order: maker_id, qty: config.min_qty });
    if let Some(id) = taker_id {
        g.push(Input::Cancel { account: taker, order: id });
    }
    let back = g.rng.random_range(0..5);
    let reused = limit(maker, market, side, g.passive_price(market, side, back), config.min_qty, Tif::Gtc, 0);
    let new_id = Gen::accepted(&g.push(reused));
    for id in [Some(maker_id), taker_id].into_iter().flatten() {
        g.push(Input::Cancel { account: maker, order: id });
        g.push(Input::Amend { account: taker, order: id, qty: config.min_qty });
    }
    if let Some(id) = new_id.filter(|_| g.rng.random_bool(0.5)) {
        g.push(Input::Cancel { account: maker, order: id });
    }
}

/// Orders that end in the input that accepts them or soon after, back to back, so that the same
/// few order slots and level records are popped and pushed again and again: IOC takers that do
/// not rest, makers on a new level that are cancelled at once, makers filled by the next order,
/// self-trades, and cancels and amends of earlier ids (stale generations of the reused slots).
fn scenario_reuse(g: &mut Gen) {
    let market = g.rng.random_range(0..MARKETS);
    let config = config(market);
    let me = g.trader();
    let other = g.other_trader(me);
    for _ in 0..g.rng.random_range(20..120u32) {
        let side = random_side(&mut g.rng);
        let qty = config.lot * g.rng.random_range(1..4);
        match g.rng.random_range(0..6u32) {
            0 => {
                // Does not cross: accepted and cancelled in one input.
                let back = g.rng.random_range(0..20);
                let price = g.passive_price(market, side, back);
                g.push(limit(me, market, side, price, qty, Tif::Ioc, 0));
            }
            1 => {
                // A new level far behind the touch, gone with the cancel.
                let back = g.rng.random_range(50..3_000);
                let price = g.passive_price(market, side, back);
                if let Some(id) = Gen::accepted(&g.push(limit(me, market, side, price, qty, Tif::Gtc, 0))) {
                    g.push(Input::Cancel { account: me, order: id });
                }
            }
            2 => {
                // Filled by the next order: the maker's slot, then the taker's, go back.
                let price = g.passive_price(market, side, 0);
                g.push(limit(me, market, side, price, qty, Tif::Gtc, 0));
                let tif = if g.rng.random_bool(0.5) { Tif::Ioc } else { Tif::Gtc };
                g.push(limit(other, market, side.opposite(), price, qty, tif, 0));
            }
            3 => {
                let price = g.passive_price(market, side, 0);
                g.push(limit(me, market, side, price, qty, Tif::Gtc, 0));
                let stp = g.rng.random_range(0..=2);
                g.push(limit(me, market, side.opposite(), price, qty, Tif::Gtc, stp));
            }
            4 => {
                let order = g.earlier_order();
                g.push(Input::Cancel { account: me, order });
            }
            _ => {
                let order = g.wild_order();
                g.push(Input::Amend { account: me, order, qty: config.min_qty });
            }
        }
    }
}

/// One account cancels many of its resting orders in random order: level records (ladders of
/// `scenario_many_levels`) and order slots return to their free lists in bulk, to be reused.
fn scenario_mass_cancel(g: &mut Gen) {
    let owner = g.trader();
    let mut live: Vec<OrderId> = g.engine.orders().filter(|o| o.account == owner).map(|o| o.id).collect();
    let count = g.rng.random_range(0..=live.len().min(200));
    for _ in 0..count {
        let order = live.swap_remove(g.rng.random_range(0..live.len()));
        g.push(Input::Cancel { account: owner, order });
    }
}

/// An account meets its own resting orders (interleaved with another account's) under a random
/// STP mode and time in force.
fn scenario_self_trade(g: &mut Gen) {
    let market = g.rng.random_range(0..MARKETS);
    let config = config(market);
    let side = random_side(&mut g.rng);
    let me = g.trader();
    let other = g.other_trader(me);
    let back = g.rng.random_range(0..2);
    let price = g.passive_price(market, side, back);
    for _ in 0..g.rng.random_range(1..5u32) {
        let account = if g.rng.random_ratio(2, 3) { me } else { other };
        let qty = config.lot * g.rng.random_range(1..5);
        g.push(limit(account, market, side, price, qty, Tif::Gtc, 0));
    }
    let tif = Tif::ALL[g.rng.random_range(0..Tif::ALL.len())];
    let stp = Stp::ALL[g.rng.random_range(0..Stp::ALL.len())];
    let qty = config.lot * g.rng.random_range(1..15);
    g.push(limit(me, market, side.opposite(), price, qty, tif, stp.code()));
}

/// A maker and a taker trade one fill whose `qty * bps` (the buyer's fee) or `notional * bps`
/// (the seller's fee) is just below, on, or just above a multiple of 10000, where the floor of the
/// fee changes. The maker is placed inside the spread when there is room, so the taker (limited to
/// the maker's price) meets it alone.
fn scenario_fee_boundary(g: &mut Gen) {
    let market = g.rng.random_range(0..MARKETS);
    let config = config(market);
    let side = random_side(&mut g.rng);
    let maker = g.trader();
    let taker = g.other_trader(maker);
    let price = g.passive_price(market, side, 0);
    let (maker_bps, taker_bps) = (u64::from(config.maker_fee_bps), u64::from(config.taker_fee_bps));
    let (buyer_bps, seller_bps) = match side {
        Side::Buy => (maker_bps, taker_bps),
        Side::Sell => (taker_bps, maker_bps),
    };
    // The fee's remainder mod 10000 for a fill of `qty`: near 0 is on or just above a multiple,
    // near 9999 just below the next one.
    let seller_fee = seller_bps > 0 && (buyer_bps == 0 || g.rng.random_bool(0.5));
    let remainder = |qty: u32| {
        let fee_base =
            if seller_fee { u64::from(price) * u64::from(qty) * seller_bps } else { u64::from(qty) * buyer_bps };
        fee_base % 10_000
    };
    let below = g.rng.random_bool(0.5);
    let lots = (1..=2_000u32).map(|lots| lots * config.lot);
    let best = if below { lots.max_by_key(|&q| remainder(q)) } else { lots.min_by_key(|&q| (remainder(q), q)) };
    let qty = best.unwrap_or(config.min_qty);
    g.push(limit(maker, market, side, price, qty, Tif::Gtc, 0));
    g.push(limit(taker, market, side.opposite(), price, qty, Tif::Ioc, 0));
}

/// Operands at and just past their bounds: the largest price and quantity, price 0, `2^24`,
/// off-grid values, maximal deposits and withdrawals.
fn scenario_bounds(g: &mut Gen) {
    let market = g.rng.random_range(0..MARKETS);
    let config = config(market);
    let account = g.trader();
    let other = g.other_trader(account);
    let max_price = (PRICE_BOUND - 1) / config.tick * config.tick;
    let max_qty = u32::MAX / config.lot * config.lot;
    let prices = [max_price, PRICE_BOUND, PRICE_BOUND - 1, 0, config.tick, u32::MAX, max_price - config.tick];
    let qtys = [max_qty, u32::MAX, max_qty - config.lot, config.min_qty, config.lot - 1, 0, 1];
    let side = random_side(&mut g.rng);
    match g.rng.random_range(0..4u32) {
        0 => {
            // Operand sweep: every combination at random, most rejected.
            for _ in 0..6 {
                let price = prices[g.rng.random_range(0..prices.len())];
                let qty = qtys[g.rng.random_range(0..qtys.len())];
                let tif = Tif::ALL[g.rng.random_range(0..Tif::ALL.len())];
                let side = random_side(&mut g.rng);
                g.push(limit(account, market, side, price, qty, tif, 0));
            }
        }
        1 => {
            // A huge sell rests (it locks base only), then a huge buy at a low price trades into it.
            g.push(Input::Deposit { account, asset: config.base, amount: u32::MAX });
            g.push(limit(account, market, Side::Sell, g.passive_price(market, Side::Sell, 0), max_qty, Tif::Gtc, 0));
            g.push(Input::Deposit { account: other, asset: config.quote, amount: u32::MAX });
            let qty = max_qty / 2 / config.lot * config.lot;
            g.push(limit(other, market, Side::Buy, config.tick, qty, Tif::Gtc, 0));
            g.push(Input::PlaceMarket {
                account: other,
                market,
                side: Side::Buy.code(),
                qty: max_qty,
                worst_price: max_price,
                stp: 0,
            });
        }
        2 => {
            // The largest price: a buy of a few units locks almost 2^32 quote.
            g.push(Input::Deposit { account, asset: config.quote, amount: u32::MAX });
            let qty = config.lot * g.rng.random_range(1..=30);
            let stp = g.rng.random_range(0..=2);
            g.push(limit(account, market, side, max_price, qty, Tif::Gtc, stp));
            g.push(limit(other, market, side.opposite(), max_price, qty, Tif::Ioc, 0));
        }
        _ => {
            // Balance bounds: maximal deposits, withdrawals of everything and one more.
            let asset = g.rng.random_range(0..ASSETS);
            g.push(Input::Deposit { account, asset, amount: u32::MAX });
            let available = g.engine.balance(account, asset).map_or(0, |b| b.available);
            let all = u32::try_from(available).unwrap_or(u32::MAX);
            g.push(Input::Withdraw { account, asset, amount: all });
            g.push(Input::Withdraw { account, asset, amount: u32::MAX });
            g.push(Input::Deposit { account, asset, amount: u32::MAX });
        }
    }
}

/// Inputs with operands out of range, one field or all at once: every early rejection reason.
fn scenario_bad_operands(g: &mut Gen) {
    for _ in 0..g.rng.random_range(1..6u32) {
        let wild = |g: &mut Gen, valid: u32| -> u32 {
            match g.rng.random_range(0..4u32) {
                0 => g.rng.random(),
                1 => valid + g.rng.random_range(0..3),
                _ => g.rng.random_range(0..valid),
            }
        };
        let input = match g.rng.random_range(0..6u32) {
            0 => Input::Deposit { account: wild(g, ACCOUNTS), asset: wild(g, ASSETS), amount: g.rng.random() },
            1 => Input::Withdraw { account: wild(g, ACCOUNTS), asset: wild(g, ASSETS), amount: g.rng.random() },
            2 => Input::PlaceLimit {
                account: wild(g, ACCOUNTS),
                market: wild(g, MARKETS),
                side: wild(g, 2),
                price: wild(g, 20_000),
                qty: wild(g, 100),
                tif: wild(g, 4),
                stp: wild(g, 3),
            },
            3 => Input::PlaceMarket {
                account: wild(g, ACCOUNTS),
                market: wild(g, MARKETS),
                side: wild(g, 2),
                qty: wild(g, 100),
                worst_price: wild(g, 20_000),
                stp: wild(g, 3),
            },
            4 => Input::Cancel { account: wild(g, ACCOUNTS), order: g.wild_order() },
            _ => Input::Amend { account: wild(g, ACCOUNTS), order: g.wild_order(), qty: wild(g, 100) },
        };
        g.push(input);
    }
}

/// A FOK order for exactly the crossing liquidity at some price (just fillable), or one lot more
/// (just not).
fn scenario_fok_edge(g: &mut Gen) {
    let market = g.rng.random_range(0..MARKETS);
    let config = config(market);
    let side = random_side(&mut g.rng);
    let Some(best) = g.best(market, side.opposite()) else {
        // Nothing to take: lay some liquidity first.
        scenario_deep_queue(g);
        return;
    };
    let ticks = g.rng.random_range(0..4) * config.tick;
    let limit_price = match side {
        Side::Buy => best + ticks,
        Side::Sell => best.saturating_sub(ticks).max(config.tick),
    };
    let liquidity: u64 = g.engine.book(market, side.opposite()).map_or(0, |book| {
        book.levels()
            .take_while(|&(level, _)| side.opposite().level_crosses(level, limit_price))
            .flat_map(|(_, queue)| queue.iter())
            .filter_map(|id| g.engine.order(*id))
            .map(|o| u64::from(o.remaining))
            .sum()
    });
    let extra = if g.rng.random_bool(0.5) { 0 } else { u64::from(config.lot) };
    let qty = u32::try_from(liquidity + extra).unwrap_or(u32::MAX / config.lot * config.lot);
    let account = g.trader();
    let stp = g.rng.random_range(0..=2);
    g.push(limit(account, market, side, limit_price, qty, Tif::Fok, stp));
}

/// Amends of a live order to every kind of quantity, by its owner and by someone else.
fn scenario_amend_edges(g: &mut Gen) {
    let live: Vec<(OrderId, u32, u32, u32)> =
        g.engine.orders().map(|o| (o.id, o.account, o.remaining, o.market)).take(64).collect();
    let Some(&(order, owner, remaining, market)) = live.get(g.rng.random_range(0..live.len().max(1))) else {
        scenario_deep_queue(g);
        return;
    };
    let config = config(market);
    let qtys = [
        0,
        remaining,
        remaining.saturating_add(config.lot),
        remaining.saturating_sub(config.lot),
        remaining.saturating_sub(1),
        config.min_qty.saturating_sub(1),
        config.min_qty,
        remaining / 2,
    ];
    let qty = qtys[g.rng.random_range(0..qtys.len())];
    let account = if g.rng.random_ratio(1, 5) { g.other_trader(owner) } else { owner };
    g.push(Input::Amend { account, order, qty });
}

/// PostOnly at the opposite best (crosses: rejected) or one tick short of it (rests).
fn scenario_post_only(g: &mut Gen) {
    let market = g.rng.random_range(0..MARKETS);
    let config = config(market);
    let side = random_side(&mut g.rng);
    let account = g.trader();
    let price = match g.best(market, side.opposite()) {
        Some(best) if g.rng.random_bool(0.5) => best,
        _ => g.passive_price(market, side, 0),
    };
    g.push(limit(account, market, side, price, config.min_qty, Tif::PostOnly, 0));
}

/// Deposits and withdrawals around the available balance, and of zero.
fn scenario_funds(g: &mut Gen) {
    let account = g.trader();
    let asset = g.rng.random_range(0..ASSETS);
    let available = g.engine.balance(account, asset).map_or(0, |b| b.available);
    let around = u32::try_from(available).unwrap_or(u32::MAX);
    let amount = match g.rng.random_range(0..5u32) {
        0 => 0,
        1 => around,
        2 => around.saturating_add(1),
        3 => around.saturating_sub(1),
        _ => u32::MAX,
    };
    if g.rng.random_bool(0.5) {
        g.push(Input::Withdraw { account, asset, amount });
    } else {
        g.push(Input::Deposit { account, asset, amount });
    }
}

/// Ordinary random orders near the touch among the few adversarial accounts, so that the edge
/// cases happen on a book with some depth.
fn scenario_random_flow(g: &mut Gen) {
    for _ in 0..g.rng.random_range(1..10u32) {
        let market = g.rng.random_range(0..MARKETS);
        let config = config(market);
        let side = random_side(&mut g.rng);
        let account = g.trader();
        let mid = g.mid(market);
        let aggressive = g.rng.random_ratio(1, 3);
        let price = walk_price(&mut g.rng, mid, config.tick, side, aggressive);
        let qty = config.lot * g.rng.random_range(1..10);
        let tif = Tif::ALL[g.rng.random_range(0..Tif::ALL.len())];
        let stp = g.rng.random_range(0..=2);
        g.push(limit(account, market, side, price, qty, tif, stp));
    }
}
