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

use appvm::dsl::{Rule, Validation};
use appvm::{Cx, Hints, Interp, Opcode, Operands, Semantics, V};
use p3_field::PrimeField64;

use super::balances;
use super::fok_walk::FokWalkArgs;
use super::market::{Books, Market, MIN_IS_ONE_LOT};
use super::matching::MatchArgs;
use super::reject::RejectArgs;
use super::rest::{call_rest, RestingArgs};
use super::slots;
use super::taker::{StpFlagsArgs, TakerArgs};
use super::validate::{lt_u32, Checks, Judge, Why};
use crate::layout::{self, key, Balance, Counters, Order};
use crate::types::{EventKind, Reason, Tif, ACCOUNTS, MAX_GENERATION};
use crate::wire::{self, or_rejected, Accepted, Remaining};

/// A limit order's operands, raw (invalid values are rejected, not undecodable): `tif` 0 GTC,
/// 1 IOC, 2 FOK, 3 PostOnly; `stp` 0 cancel resting, 1 cancel taker, 2 cancel both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Operands)]
pub struct LimitOrder {
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

/// A limit order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct PlaceLimit {
    /// Its operands.
    #[operands(flatten)]
    pub order: LimitOrder,
}

/// An order's operands as DSL values: a limit order's, or a market order's (no `tif`).
#[derive(Debug)]
pub(crate) struct NewOrder<B: Interp> {
    pub account: V<B>,
    pub market: V<B>,
    pub side: V<B>,
    pub price: V<B>,
    pub qty: V<B>,
    /// `None` for a market order (IOC by definition).
    pub tif: Option<V<B>>,
    pub stp: V<B>,
}

impl<B: Interp> NewOrder<B> {
    /// A limit order's operands.
    pub fn limit(o: LimitOrderArgs<V<B>>) -> Self {
        let LimitOrderArgs { account, market, side, price, qty, tif, stp } = o;
        Self { account, market, side, price, qty, tif: Some(tif), stp }
    }

    /// As a limit order's operands (a market order's `tif` is IOC's code).
    pub fn operands(&self, cx: &Cx<B>) -> LimitOrderArgs<V<B>> {
        LimitOrderArgs {
            account: self.account.clone(),
            market: self.market.clone(),
            side: self.side.clone(),
            price: self.price.clone(),
            qty: self.qty.clone(),
            tif: self.tif.clone().unwrap_or_else(|| cx.lit(Tif::Ioc.code().into())),
            stp: self.stp.clone(),
        }
    }
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
pub(crate) fn order_rules<B: Interp>(cx: &mut Cx<B>, j: &mut impl Judge<B>, o: &NewOrder<B>) -> Checked<B> {
    j.rule(cx, ("market_bit", "market_ok"), Rule::Bit(o.market.clone()), Reason::BadMarket);
    let m = j.checked(cx, "m", &o.market);
    let cfg = Market::new(cx, &m);

    let accounts = cx.lit(ACCOUNTS.into());
    j.rule(cx, ("account_range", "account_ok"), lt_u32(&o.account, &accounts, 16), Reason::BadAccount);

    j.rule(cx, ("side_bit", "side_ok"), Rule::Bit(o.side.clone()), Reason::BadParameter);
    if let Some(tif) = &o.tif {
        let four = cx.lit(4);
        j.rule(cx, ("tif_range", "tif_ok"), lt_u32(tif, &four, 16), Reason::BadParameter);
    }
    let three = cx.lit(3);
    j.rule(cx, ("stp_range", "stp_ok"), lt_u32(&o.stp, &three, 16), Reason::BadParameter);
    let s = j.checked(cx, "s", &o.side);

    // TickViolation: 0 < price, on the tick grid, below 2^24 (fewer than `tick_limit` ticks).
    j.rule(cx, ("price_nonzero", "price_positive"), Rule::NonZero(o.price.clone()), Reason::TickViolation);
    let price = Rule::MultipleBelow { x: o.price.clone(), d: cfg.tick.clone(), limit: cfg.tick_limit.clone() };
    j.rule(cx, ("price_ticks", "price_ok"), price, Reason::TickViolation);

    // LotViolation (0, or off the lot grid), then BelowMinimum (fewer than `min_lots` lots).
    let qty = Rule::MultipleAtLeast {
        x: o.qty.clone(),
        d: cfg.lot.clone(),
        min: cfg.min_lots.clone(),
        min_is_one: MIN_IS_ONE_LOT,
    };
    let why = Why::Multiple { zero_or_off_grid: Reason::LotViolation, too_few: Reason::BelowMinimum };
    j.rule(cx, ("qty_lots", "qty_ok"), qty, why);
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
        let bit = |i: u32| move |w: &Hints<'_, B>| w.u64(valid) == 1 && (w.u64(tif) >> i) & 1 == 1;
        let t0 = cx.hint_bool("tif_bit0", bit(0));
        let t1 = cx.hint_bool("tif_bit1", bit(1));
        cx.assert_zero("tif_bits", &(valid * tif - &t0 - &t1 * 2));
        let post = cx.materialize("tif_post_only", &(&t0 * &t1));
        Self { fok: Some(&t1 - &post), rests: cx.one() - &t0 - &t1 + &post * 2, post: Some(post) }
    }
}

impl Semantics for PlaceLimit {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: PlaceLimitArgs<V<B>>) {
        place(cx, &NewOrder::limit(op.order));
    }
}

/// What a new order's row finds in the state and decides, from inside the accesses that read it.
#[derive(Debug)]
struct Taken<B: Interp> {
    decision: Decision<B>,
    /// The slot on top of the free list.
    slot: V<B>,
    /// The order's id, if it is accepted.
    id: V<B>,
    /// The free slot below it.
    next_free: V<B>,
    /// The top of the free level list.
    free_level: V<B>,
}

/// Places `o` (see the module docs).
pub(crate) fn place<B: Interp>(cx: &mut Cx<B>, o: &NewOrder<B>) {
    let mut rules = Validation::new();
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
    let stp = StpFlagsArgs { stp_maker, stp_taker };

    // Collateral: price * qty quote for a buy (< 2^56), qty base for a sell.
    let notional = cx.materialize("notional", &(&price * &qty));
    let collateral = cx.materialize("collateral", &(&qty + (cx.one() - &s) * (&notional - &qty)));

    // Does the best opposite level cross? The header caches its key (the end sentinel's when the
    // book is empty, which crosses nothing).
    let limit = cx.materialize("limit", &books.limit_if(&valid, &price));
    let (header_addr, header_known) = books.opposite_header();
    let header = cx.access("opposite_header", &header_addr).when(&valid).known(header_known).read();
    let best = header.next;
    let crosses = cx.le("crosses", &header.head, &limit, key::BITS);

    // The slot on top of the free list, and the collateral balance, nested inside the counters
    // access: every new value depends on the verdict, and the verdict on all three.
    let asset = books.collateral_asset(&cfg);
    let balance = balances::addr(&o.account, &asset);
    let mut checks = Checks::from_pass(cx, &valid);
    let counters_addr = cx.lit(layout::COUNTERS);
    let taken = cx.access("counters", &counters_addr).update(|cx, free: Counters<V<B>>| {
        let top = free.free_slot.clone();
        let (decision, word) = cx.access("slot", &slots::order_addr(&top)).update(|cx, word: Order<V<B>>| {
            // BookFull: the top slot is at the last generation (slot 0, the top of an empty list,
            // always is; see `layout::genesis`).
            let last = cx.lit(MAX_GENERATION);
            let full = cx.is_eq("book_full", &word.generation, &last);
            let d = balances::adjust(cx, "collateral_balance", Some(&valid), &balance, |cx, old| {
                // Balances stay below 2^60 (2^62 is the comparison's bound).
                let short = cx.lt("insufficient", &old.available, &collateral, 62);
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
                (Balance { available: -&lock, locked: lock }, d)
            });
            // An accepted order takes the slot with its next generation.
            let generation = &word.generation + &d.accepted;
            (Order { generation, ..word.clone() }, (d, word))
        });
        // Popped unless the order ends in this row (an IOC that does not cross, cancelled at once,
        // pushes the slot straight back: the list is as it was, with the generation bumped).
        let kept = &decision.matches + &decision.rests;
        let free_slot = &top + &kept * (&word.next - &top);
        let id = slots::order_id(&top, &(&word.generation + 1));
        let taken = Taken { decision, slot: top, id, next_free: word.next, free_level: free.free_level.clone() };
        (Counters { free_slot, ..free }, taken)
    });
    let Taken { decision: d, slot, id, next_free, free_level } = taken;

    // Rejected for the state, or Accepted (a FOK's Accepted waits for FokWalk).
    let accepted = checks.pass();
    let reported = &valid - &d.fok;
    let event = Accepted {
        kind: &accepted * wire::kind(cx, EventKind::Accepted),
        order: &accepted * &id,
        side: &accepted * &s,
        price: &accepted * &price,
        qty: &accepted * &o.qty,
    };
    cx.output_if(&reported, or_rejected(cx, &accepted, event, checks.reason()));
    let cancelled =
        Remaining { kind: wire::kind(cx, EventKind::Cancelled), order: id.clone(), remaining: o.qty.clone() };
    cx.output_if(&d.ioc_cancel, cancelled);

    // Broken operand rules: `Reject` finds the first.
    let invalid = cx.not(&valid);
    cx.call(&invalid, RejectArgs { order: o.operands(cx) });
    let zero = cx.zero();
    if tif.fok.is_some() {
        let walk = FokWalkArgs {
            account: o.account.clone(),
            market: m.clone(),
            side: s.clone(),
            limit: limit.clone(),
            qty: o.qty.clone(),
            stp: stp.clone(),
            best: best.clone(),
            level: best.clone(),
            sum: zero.clone(),
            collateral,
        };
        cx.call(&d.fok, walk);
    }
    let taker = TakerArgs {
        order: id.clone(),
        account: o.account.clone(),
        market: m.clone(),
        side: s.clone(),
        limit: limit.clone(),
        remaining: o.qty.clone(),
        qty: o.qty.clone(),
        rests: tif.rests,
        notional: zero.clone(),
        taker_fees: zero.clone(),
        maker_fees: zero,
        free_slot: next_free,
        free_level,
    };
    cx.call(&d.matches, MatchArgs { taker, stp, level: best });
    let resting = RestingArgs {
        order: id,
        slot,
        account: o.account.clone(),
        market: m,
        side: s,
        limit,
        remaining: o.qty.clone(),
    };
    call_rest(cx, &d.rests, &books, resting);
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
