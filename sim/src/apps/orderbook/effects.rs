//! What an order-book batch did, in the order book's words: its events with the accounts and
//! markets they concern, the run summary's figures, and the balances and book depth of a final
//! memory image. Everything here reads a statement's parts (inputs, outputs, final image), which
//! may come from a proof file: a malformed one gives an error or is skipped, never a panic.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;
use appvm::Record;
use appvm_orderbook::layout::{self, key, Balance, Level, Order, WORD};
use appvm_orderbook::types::{
    Event as ObEvent, Input, MarketConfig, OrderId, Reason, Side, ACCOUNTS, ASSETS, MARKETS, PRICE_BOUND,
};
use appvm_orderbook::vm::{events_per_input, from_vm, Orderbook};
use serde_json::json;

use crate::app::{Effects, Event};

/// What the decoder knows of an order: from its `Accepted` event and the input that placed it.
#[derive(Clone, Copy, Debug)]
struct Placed {
    account: u32,
    market: u32,
    side: Side,
    price: u32,
}

/// The input's kind, account and (for an order) market, as events name them.
fn context(input: Option<&Input>) -> (&'static str, Option<u32>, Option<u32>) {
    match input {
        Some(Input::Deposit { account, .. }) => ("Deposit", Some(*account), None),
        Some(Input::Withdraw { account, .. }) => ("Withdraw", Some(*account), None),
        Some(Input::PlaceLimit { account, market, .. }) => ("PlaceLimit", Some(*account), Some(*market)),
        Some(Input::PlaceMarket { account, market, .. }) => ("PlaceMarket", Some(*account), Some(*market)),
        Some(Input::Cancel { account, .. }) => ("Cancel", Some(*account), None),
        Some(Input::Amend { account, .. }) => ("Amend", Some(*account), None),
        None => ("internal", None, None),
    }
}

/// What a rejection reason means, in a few words.
pub fn explain(reason: Reason) -> &'static str {
    match reason {
        Reason::BadMarket => "no such market",
        Reason::BadAccount => "no such account",
        Reason::BadAsset => "no such asset",
        Reason::BadParameter => "side, time in force or STP mode out of range",
        Reason::TickViolation => "price is 0, too large or off the market's tick",
        Reason::LotViolation => "quantity is 0 or off the market's lot",
        Reason::BelowMinimum => "quantity below the market's minimum",
        Reason::InsufficientBalance => "available balance too low",
        Reason::BookFull => "no free order slot",
        Reason::PostOnlyWouldCross => "post-only order would cross",
        Reason::FokNotFillable => "fill-or-kill order cannot fill in full",
        Reason::UnknownOrder => "no resting order with that id",
        Reason::NotOwner => "the order belongs to another account",
        Reason::BadAmend => "new quantity not a valid reduction",
        Reason::Overflow => "balance would overflow",
    }
}

/// The batch's events, each with the input that caused it.
pub fn events(effects: &Effects<'_, Orderbook>) -> Result<Vec<Event>> {
    let per_input = events_per_input(effects.outputs, effects.ops.len())?;
    let mut orders: HashMap<OrderId, Placed> = HashMap::new();
    let mut out = Vec::new();
    for (seq, (op, events)) in effects.ops.iter().zip(per_input).enumerate() {
        let input = from_vm(op);
        for event in events {
            out.push(describe(seq, input.as_ref(), event, &mut orders));
        }
    }
    Ok(out)
}

fn describe(seq: usize, input: Option<&Input>, event: ObEvent, orders: &mut HashMap<OrderId, Placed>) -> Event {
    let (op, account, market) = context(input);
    let who = |order: OrderId, orders: &HashMap<OrderId, Placed>| match orders.get(&order) {
        Some(p) => format!("order {order} (account {}, {:?} on market {})", p.account, p.side, p.market),
        None => format!("order {order}"),
    };
    match event {
        ObEvent::Ok => {
            let (verb, account, asset, amount) = match input {
                Some(Input::Deposit { account, asset, amount }) => ("deposit", *account, *asset, *amount),
                Some(Input::Withdraw { account, asset, amount }) => ("withdrawal", *account, *asset, *amount),
                _ => ("ok", 0, 0, 0),
            };
            Event::new(
                seq,
                if verb == "deposit" { "deposit" } else { "withdrawal" },
                format!("{verb}: account {account}, {amount} of asset {asset}"),
                json!({ "account": account, "asset": asset, "amount": amount }),
            )
        }
        ObEvent::Rejected { reason } => {
            let by = account.map_or(String::new(), |a| format!(" of account {a}"));
            Event::new(
                seq,
                "rejected",
                format!("rejected {op}{by}: {reason:?} ({})", explain(reason)),
                json!({ "input_kind": op, "account": account, "reason": format!("{reason:?}"), "reason_code": reason.code() }),
            )
        }
        ObEvent::Accepted { order, side, price, qty } => {
            let (account, market) = (account.unwrap_or(0), market.unwrap_or(0));
            orders.insert(order, Placed { account, market, side, price });
            Event::new(
                seq,
                "accepted",
                format!("order {order} accepted: account {account} {side:?} {qty} at {price} on market {market}"),
                json!({ "order": order, "account": account, "market": market, "side": format!("{side:?}"), "price": price, "qty": qty }),
            )
        }
        ObEvent::Trade { maker_order, taker_order, price, qty, maker_fee, taker_fee } => {
            let maker = orders.get(&maker_order).copied();
            let taker = orders.get(&taker_order).copied();
            let market = taker.map(|t| t.market).or(market).unwrap_or(0);
            let (maker_account, taker_account) = (maker.map(|m| m.account), taker.map(|t| t.account).or(account));
            let taker_side = taker.map(|t| t.side);
            // The fees are in the asset each side receives: base for the buyer, quote for the seller.
            let config = MarketConfig::get(market);
            let asset_of = |side: Option<Side>| match (side, config) {
                (Some(Side::Buy), Some(c)) => Some(c.base),
                (Some(Side::Sell), Some(c)) => Some(c.quote),
                _ => None,
            };
            let (maker_asset, taker_asset) = (asset_of(taker_side.map(Side::opposite)), asset_of(taker_side));
            let fee = |fee: u64, asset: Option<u32>| match asset {
                Some(a) => format!("fee {fee} of asset {a}"),
                None => format!("fee {fee}"),
            };
            let account_text = |a: Option<u32>| a.map_or("?".into(), |a: u32| a.to_string());
            Event::new(
                seq,
                "trade",
                format!(
                    "trade on market {market}: {qty} at {price}; maker order {maker_order} (account {}, {}), \
                     taker order {taker_order} (account {}, {}{})",
                    account_text(maker_account),
                    fee(maker_fee, maker_asset),
                    account_text(taker_account),
                    taker_side.map_or("", |s| if s == Side::Buy { "buyer, " } else { "seller, " }),
                    fee(taker_fee, taker_asset),
                ),
                json!({
                    "market": market, "price": price, "qty": qty,
                    "maker_order": maker_order, "maker_account": maker_account, "maker_fee": maker_fee,
                    "taker_order": taker_order, "taker_account": taker_account, "taker_fee": taker_fee,
                    "taker_side": taker_side.map(|s| format!("{s:?}")),
                }),
            )
        }
        ObEvent::Filled { order } => {
            let text = format!("{} filled", who(order, orders));
            orders.remove(&order);
            Event::new(seq, "filled", text, json!({ "order": order }))
        }
        ObEvent::Cancelled { order, remaining } | ObEvent::StpCancelled { order, remaining } => {
            let stp = matches!(event, ObEvent::StpCancelled { .. });
            let text = format!(
                "{} cancelled{}, {remaining} unfilled",
                who(order, orders),
                if stp { " by self-trade prevention" } else { "" }
            );
            orders.remove(&order);
            let kind = if stp { "stp_cancelled" } else { "cancelled" };
            Event::new(seq, kind, text, json!({ "order": order, "remaining": remaining }))
        }
        ObEvent::Rested { order, remaining } => {
            let at = orders.get(&order).map_or(String::new(), |p| format!(" at {}", p.price));
            Event::new(
                seq,
                "rested",
                format!("{} rests: {remaining}{at}", who(order, orders)),
                json!({ "order": order, "remaining": remaining }),
            )
        }
        ObEvent::Amended { order, qty } => Event::new(
            seq,
            "amended",
            format!("{} amended: {qty} remaining", who(order, orders)),
            json!({ "order": order, "qty": qty }),
        ),
    }
}

/// The summary's figures: trades and volume per market, rejections by reason, and the book at
/// the end.
pub fn summary(effects: &Effects<'_, Orderbook>) -> Vec<(&'static str, String)> {
    let Ok(events) = events(effects) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    let trades: Vec<&Event> = events.iter().filter(|e| e.kind == "trade").collect();
    // Per market: trades, base quantity, quote notional.
    let mut volume: BTreeMap<u64, (usize, u64, u64)> = BTreeMap::new();
    for trade in &trades {
        let field = |name: &str| trade.fields.get(name).and_then(serde_json::Value::as_u64).unwrap_or(0);
        let entry = volume.entry(field("market")).or_default();
        *entry = (entry.0 + 1, entry.1 + field("qty"), entry.2 + field("qty") * field("price"));
    }
    let per_market: Vec<String> = volume
        .iter()
        .map(|(market, (n, base, quote))| {
            format!("market {market}: {n} trade{}, {base} base for {quote} quote", if *n == 1 { "" } else { "s" })
        })
        .collect();
    lines.push((
        "trades",
        if per_market.is_empty() { "none".into() } else { format!("{} ({})", trades.len(), per_market.join("; ")) },
    ));
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for event in events.iter().filter(|e| e.kind == "rejected") {
        let reason = event.fields.get("reason").and_then(serde_json::Value::as_str).unwrap_or("?");
        *reasons.entry(reason.to_string()).or_default() += 1;
    }
    let rejected: usize = reasons.values().sum();
    let by_reason: Vec<String> = reasons.iter().map(|(reason, n)| format!("{n} {reason}")).collect();
    lines.push((
        "rejections",
        if rejected == 0 { "none".into() } else { format!("{rejected} ({})", by_reason.join(", ")) },
    ));
    let depth: Vec<String> = (0..MARKETS)
        .map(|market| {
            let side = |side: Side| {
                let levels = book(effects.final_state, market, side);
                let qty: u64 = levels.iter().map(|l| l.qty).sum();
                format!("{} {} levels ({qty})", levels.len(), if side == Side::Buy { "bid" } else { "ask" })
            };
            format!("market {market}: {}, {}", side(Side::Buy), side(Side::Sell))
        })
        .collect();
    lines.push(("book at end", depth.join("; ")));
    lines
}

/// One price level of a book, as the final image holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Depth {
    /// The level's price.
    pub price: u64,
    /// Quantity resting at it.
    pub qty: u64,
    /// Orders resting at it.
    pub orders: usize,
}

/// Word `addr` of a flat image, if it is there.
fn word(image: &[u64], addr: u64) -> Option<&[u64]> {
    let start = usize::try_from(addr).ok()?.checked_mul(WORD)?;
    image.get(start..start + WORD)
}

/// The levels of `market`'s `side` book, best first, read from a final image by following its
/// links (at most as many as there are records, so a malformed image cannot loop).
pub fn book(image: &[u64], market: u32, side: Side) -> Vec<Depth> {
    let b = u64::from(market) * 2 + u64::from(side.code());
    let base = b * key::SPAN;
    let level_at = |id: u64| word(image, layout::LEVELS + id).and_then(Level::<u64>::from_prefix);
    let order_at = |slot: u64| word(image, layout::ORDERS + slot).and_then(Order::<u64>::from_prefix);
    let mut levels = Vec::new();
    let Some(header) = level_at(layout::header(b)) else {
        return levels;
    };
    let mut next = header.next;
    while next != layout::end(b) && next >= layout::FIRST_LEVEL && levels.len() < layout::LEVEL_RECORDS as usize {
        let Some(level) = level_at(next) else { break };
        let offset = level.key.saturating_sub(base);
        let price = if side == Side::Sell { offset } else { u64::from(PRICE_BOUND).saturating_sub(offset) };
        let mut orders = 0;
        let mut slot = level.head;
        while slot != 0 && orders < layout::ORDER_RECORDS as usize {
            let Some(order) = order_at(slot) else { break };
            orders += 1;
            slot = order.next;
        }
        levels.push(Depth { price, qty: level.total, orders });
        next = level.next;
    }
    levels
}

/// `appvm show`'s state: every non-zero balance, and each market's book depth.
pub fn state(image: &[u64]) -> Vec<String> {
    let mut lines = vec!["balances (available / locked), non-zero only:".to_string()];
    for account in 0..ACCOUNTS {
        let assets: Vec<String> = (0..ASSETS)
            .filter_map(|asset| {
                let addr = layout::BALANCES + u64::from(account) * u64::from(ASSETS) + u64::from(asset);
                let b = word(image, addr).and_then(Balance::<u64>::from_prefix)?;
                (b.available != 0 || b.locked != 0).then(|| format!("asset {asset} {} / {}", b.available, b.locked))
            })
            .collect();
        if !assets.is_empty() {
            lines.push(format!("  account {account:>3}: {}", assets.join(", ")));
        }
    }
    for market in 0..MARKETS {
        lines.push(format!("book of market {market} (price: quantity in orders), best first:"));
        for side in [Side::Buy, Side::Sell] {
            let levels = book(image, market, side);
            let text: Vec<String> = levels.iter().map(|l| format!("{}: {} in {}", l.price, l.qty, l.orders)).collect();
            let name = if side == Side::Buy { "bids" } else { "asks" };
            lines.push(format!("  {name}: {}", if text.is_empty() { "none".into() } else { text.join(", ") }));
        }
    }
    lines
}
