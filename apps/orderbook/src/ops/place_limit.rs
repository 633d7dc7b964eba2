//! `PlaceLimit`: validation, acceptance and the first decision of a new order. `PlaceMarket`
//! runs the same [`place`] with a constant IOC time in force.
//!
//! One row. The rules that depend only on the operands (`BadMarket` to `BelowMinimum`,
//! [`order_rules`]) are asserted under a hinted `valid` bit (see `validate.rs`); an order that
//! breaks one goes to `Reject`, which finds the first broken rule. The rules that depend on the
//! state are flags here: `InsufficientBalance` (the collateral balance), `BookFull` (the slot on
//! top of the free list) and `PostOnlyWouldCross` (the opposite book's header, whose cached best
//! key also says whether the order crosses). Then the collateral lock, the slot and id (popping
//! the free list), `Accepted` or `Rejected`, and at most one call: `FokWalk` (a valid FOK: nothing
//! locked or taken yet), `Match` (it crosses), `Rest`/`NewLevel` (GTC or PostOnly that does not
//! cross); an IOC that does not cross ends here with `Cancelled`, its slot pushed straight back.

use appvm::{Cx, Interp, Name, Opcode, Semantics, V};
use p3_field::PrimeField64;

use super::balances;
use super::market::{Books, Market, MIN_IS_ONE_LOT};
use super::rest::call_rest;
use super::slots;
use super::validate::{Checks, Collect, Judge, Rule};
use crate::layout::{self, counters, key, level, order};
use crate::types::{EventKind, Reason, ACCOUNTS, MAX_GENERATION};

/// A limit order (`tif`: 0 GTC, 1 IOC, 2 FOK, 3 PostOnly; `stp`: 0 cancel resting, 1 cancel
/// taker, 2 cancel both). Operands are raw: invalid values are rejected, not undecodable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct PlaceLimit {
    /// The trader.
    pub account: u32,
    /// The market.
    pub market: u32,
    /// 0 buy, 1 sell.
    pub side: u32,
    /// Limit price.
    pub price: u32,
    /// Quantity.
    pub qty: u32,
    /// Time in force code.
    pub tif: u32,
    /// Self-trade prevention code.
    pub stp: u32,
}

/// An order's operands as DSL values.
#[derive(Debug)]
pub(crate) struct Order<B: Interp> {
    pub account: V<B>,
    pub market: V<B>,
    pub side: V<B>,
    pub price: V<B>,
    pub qty: V<B>,
    /// `None` for a market order (IOC by definition).
    pub tif: Option<V<B>>,
    pub stp: V<B>,
}

/// What [`order_rules`] establishes, as values that are the operands when the rules hold.
#[derive(Debug)]
pub(crate) struct Checked<B: Interp> {
    /// Market bit.
    pub m: V<B>,
    /// Side bit.
    pub s: V<B>,
}

/// The rules of the spec's table that depend only on an order's operands (`BadMarket` to
/// `BelowMinimum`), in the table's order.
pub(crate) fn order_rules<B: Interp>(cx: &mut Cx<B>, j: &mut impl Judge<B>, o: &Order<B>) -> Checked<B> {
    j.rule(cx, ("market_bit", "market_ok"), Rule::Bit(o.market.clone()), Reason::BadMarket);
    let m = j.checked(cx, "m", &o.market);
    let cfg = Market::new(cx, &m);

    let accounts = cx.lit(ACCOUNTS.into());
    j.rule(cx, ("account_range", "account_ok"), Rule::lt(&o.account, &accounts, 16), Reason::BadAccount);

    j.rule(cx, ("side_bit", "side_ok"), Rule::Bit(o.side.clone()), Reason::BadParameter);
    if let Some(tif) = &o.tif {
        let four = cx.lit(4);
        j.rule(cx, ("tif_range", "tif_ok"), Rule::lt(tif, &four, 16), Reason::BadParameter);
    }
    let three = cx.lit(3);
    j.rule(cx, ("stp_range", "stp_ok"), Rule::lt(&o.stp, &three, 16), Reason::BadParameter);
    let s = j.checked(cx, "s", &o.side);

    // TickViolation: 0 < price, on the tick grid, below 2^24 (fewer than `tick_limit` ticks).
    j.rule(cx, ("price_nonzero", "price_positive"), Rule::NonZero(o.price.clone()), Reason::TickViolation);
    let price = Rule::Below { x: o.price.clone(), d: cfg.tick.clone(), limit: cfg.tick_limit.clone() };
    j.rule(cx, ("price_ticks", "price_ok"), price, Reason::TickViolation);

    // LotViolation (0, or off the lot grid), then BelowMinimum (fewer than `min_lots` lots).
    let qty = Rule::AtLeast {
        x: o.qty.clone(),
        d: cfg.lot.clone(),
        min: cfg.min_lots.clone(),
        zero_or_off_grid: Reason::LotViolation,
        min_is_one: MIN_IS_ONE_LOT,
    };
    j.rule(cx, ("qty_lots", "qty_ok"), qty, Reason::BelowMinimum);
    Checked { m, s }
}

/// Time-in-force flags of a valid order, each 0 or 1.
#[derive(Debug)]
struct TimeInForce<B: Interp> {
    /// FOK.
    fok: Option<V<B>>,
    /// PostOnly.
    post: Option<V<B>>,
    /// GTC or PostOnly: the remainder rests.
    rests: V<B>,
}

impl<B: Interp> TimeInForce<B> {
    /// Decodes `tif = t0 + 2 t1` when `valid` (the rules bound it below 4); both bits are 0
    /// otherwise, so the witness is unique. A market order is IOC: all constants.
    fn decode(cx: &mut Cx<B>, tif: Option<&V<B>>, valid: &V<B>) -> Self {
        let Some(tif) = tif else {
            return Self { fok: None, post: None, rests: cx.zero() };
        };
        let bit = |i: u32| move |w: &appvm::dsl::Witness<'_, B>| w.u64(valid) == 1 && (w.u64(tif) >> i) & 1 == 1;
        let t0 = cx.hint_bool(Name::new("tif_bit0"), bit(0));
        let t1 = cx.hint_bool(Name::new("tif_bit1"), bit(1));
        cx.assert_zero(Name::new("tif_bits"), &(valid * tif - &t0 - &t1 * 2));
        let post = cx.materialize("tif_post_only", &(&t0 * &t1));
        Self { fok: Some(&t1 - &post), rests: cx.one() - &t0 - &t1 + &post * 2, post: Some(post) }
    }
}

impl Semantics for PlaceLimit {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: PlaceLimitArgs<V<B>>) {
        let order = Order {
            account: op.account,
            market: op.market,
            side: op.side,
            price: op.price,
            qty: op.qty,
            tif: Some(op.tif),
            stp: op.stp,
        };
        place(cx, &order);
    }
}

/// Places `o` (see the module docs).
pub(crate) fn place<B: Interp>(cx: &mut Cx<B>, o: &Order<B>) {
    let mut rules = Collect::new();
    let Checked { m, s } = order_rules(cx, &mut rules, o);
    let valid = rules.valid(cx, "operands_valid");
    // An order that breaks a rule does nothing here (its accesses are gated off, its quantities
    // zeroed so every gadget below stays in range), and `Reject` says why.
    let price = cx.materialize("price_checked", &(&valid * &o.price));
    let qty = cx.materialize("qty_checked", &(&valid * &o.qty));
    let books = Books::new(cx, &m, &s);
    let cfg = Market::new(cx, &m);
    let tif = TimeInForce::decode(cx, o.tif.as_ref(), &valid);
    // For stp in {0, 1, 2}: the maker is cancelled unless stp = 1, the taker unless stp = 0. The
    // taker's flag is linear in stp and the maker's, so the calls that pass both have degree-1
    // fields and share the row's exclusive exit column (an invalid stp only reaches `Reject`).
    let stp_maker = cx.materialize("stp_maker", &((&o.stp - 1) * (&o.stp - 1)));
    let half = cx.lit(appvm::F::ORDER_U64.div_ceil(2));
    let stp_taker = (&o.stp - &stp_maker + 1) * half;

    // Collateral: price * qty quote for a buy (< 2^56), qty base for a sell.
    let notional = cx.materialize("notional", &(&price * &qty));
    let collateral = cx.materialize("collateral", &(&qty + (cx.one() - &s) * (&notional - &qty)));

    // Does the best opposite level cross? The header caches its key (the end sentinel's when the
    // book is empty, which crosses nothing).
    let limit = cx.materialize("limit", &books.limit_if(&valid, &price));
    let (header_addr, header_known) = books.opposite_header();
    let header = cx.update_known_if("opposite_header", &valid, &header_addr, &header_known, |_, old| old.to_vec());
    let best = header[level::NEXT].clone();
    let crosses = cx.le("crosses", &header[level::HEAD], &limit, key::BITS);

    // The slot on top of the free list, and the collateral balance, nested inside the counters
    // access: every new value depends on the verdict, and the verdict on all three.
    let asset = books.collateral_asset(&cfg);
    let balance = balances::addr(&o.account, &asset);
    let mut checks = Checks::from_pass(cx, &valid);
    let mut taken = None;
    let counters_addr = cx.lit(layout::COUNTERS);
    let free = cx.update_lanes("counters", &counters_addr, counters::LANES, |cx, free| {
        let top = free[counters::FREE_SLOT].clone();
        let mut verdict = None;
        let word = cx.update_word("slot", &slots::order_addr(&top), |cx, word| {
            // BookFull: the top slot is at the last generation (slot 0, the top of an empty list,
            // always is; see `layout::genesis`).
            let last = cx.lit(MAX_GENERATION);
            let full = cx.is_eq("book_full", &word[order::GENERATION], &last);
            let mut decision = None;
            balances::adjust(cx, "collateral_balance", Some(&valid), &balance, |cx, avail, _| {
                // Balances stay below 2^60 (2^62 is the comparison's bound).
                let short = cx.lt("insufficient", avail, &collateral, 62);
                let enough = cx.not(&short);
                checks.require(cx, "funded", &enough, Reason::InsufficientBalance);
                let has_slot = cx.not(&full);
                checks.require(cx, "slot_left", &has_slot, Reason::BookFull);
                if let Some(post) = &tif.post {
                    let no_cross = cx.one() - post * &crosses;
                    checks.require(cx, "post_only_ok", &no_cross, Reason::PostOnlyWouldCross);
                }
                let d = Decision::new(cx, &checks.pass(), &tif, &crosses);
                let lock = (&d.matches + &d.rests) * &collateral;
                decision = Some(d);
                (-&lock, lock)
            });
            let Some(d) = decision else { return word.to_vec() };
            // An accepted order takes the slot with its next generation.
            let mut new = word.to_vec();
            new[order::GENERATION] = &word[order::GENERATION] + &d.accepted;
            verdict = Some(d);
            new
        });
        let Some(d) = verdict else { return free.to_vec() };
        // Popped unless the order ends in this row (an IOC that does not cross, cancelled at once,
        // pushes the slot straight back: the list is as it was, with the generation bumped).
        let kept = &d.matches + &d.rests;
        let mut new = free.to_vec();
        new[counters::FREE_SLOT] = &top + &kept * (&word[order::NEXT] - &top);
        let id = slots::order_id(&top, &(&word[order::GENERATION] + 1));
        taken = Some((d, id, top, word[order::NEXT].clone()));
        new
    });
    let Some((d, id, slot, next_free)) = taken else { return };

    // Rejected for the state, or Accepted (a FOK's Accepted waits for FokWalk).
    let accepted = checks.pass();
    let reported = &valid - &d.fok;
    let (rejected_kind, accepted_kind) = (u64::from(EventKind::Rejected.code()), u64::from(EventKind::Accepted.code()));
    let kind = &accepted * (accepted_kind - rejected_kind) + rejected_kind;
    cx.output_if(
        &reported,
        &[kind, checks.reason() + &accepted * &id, &accepted * &s, &accepted * &price, &accepted * &o.qty],
    );
    let cancelled = cx.lit(EventKind::Cancelled.code().into());
    cx.output_if(&d.ioc_cancel, &[cancelled, id.clone(), o.qty.clone()]);

    // Broken operand rules: `Reject` finds the first.
    let invalid = cx.not(&valid);
    let tif_code = o.tif.clone().unwrap_or_else(|| cx.lit(1));
    let args = [&o.account, &o.market, &o.side, &o.price, &o.qty, &tif_code, &o.stp];
    cx.call_by_name(&invalid, "Reject", &args.map(V::clone));
    let zero = cx.zero();
    if tif.fok.is_some() {
        let args = [&o.account, &m, &s, &limit, &o.qty, &stp_maker, &stp_taker, &best, &best, &zero, &collateral];
        cx.call_by_name(&d.fok, "FokWalk", &args.map(V::clone));
    }
    let free_level = &free[counters::FREE_LEVEL];
    let args = [
        &id, &o.account, &m, &s, &limit, &o.qty, &o.qty, &stp_maker, &stp_taker, &tif.rests, &best, &zero, &zero,
        &zero, &next_free, free_level,
    ];
    cx.call_by_name(&d.matches, "Match", &args.map(V::clone));
    call_rest(cx, &d.rests, &books, [&id, &slot, &o.account, &m, &s, &limit, &o.qty]);
}

/// What a validated order does next.
#[derive(Debug)]
struct Decision<B: Interp> {
    /// Gets its id now (valid and not FOK).
    accepted: V<B>,
    /// Valid FOK: walk the book first.
    fok: V<B>,
    /// Accepted and crosses: match.
    matches: V<B>,
    /// Accepted, does not cross, rests.
    rests: V<B>,
    /// Accepted IOC that does not cross: cancelled at once (and never locked).
    ioc_cancel: V<B>,
}

impl<B: Interp> Decision<B> {
    fn new(cx: &mut Cx<B>, valid: &V<B>, tif: &TimeInForce<B>, crosses: &V<B>) -> Self {
        let (accepted, fok) = match &tif.fok {
            Some(fok) => {
                let accepted = cx.materialize("accepted", &(valid - valid * fok));
                let fok = valid - &accepted;
                (accepted, fok)
            }
            None => (valid.clone(), cx.zero()),
        };
        let matches = cx.materialize("matches", &(&accepted * crosses));
        let idle = &accepted - &matches;
        let rests = cx.materialize("rests", &(&idle * &tif.rests));
        let ioc_cancel = idle - &rests;
        Self { accepted, fok, matches, rests, ioc_cancel }
    }
}
