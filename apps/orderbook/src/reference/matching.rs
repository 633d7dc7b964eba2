//! Step 3 of placing an order: match the taker against the oldest order of the best crossing
//! opposite level until it is filled, nothing crosses, or self-trade prevention ends it; and the
//! settlement of one fill (fees, collateral, price-improvement refund).

use super::engine::{Engine, RestingOrder};
use crate::types::{Event, Side, Stp, BPS_DENOMINATOR, FEE_ACCOUNT};

/// How matching stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MatchEnd {
    /// Filled, or nothing crosses any more: step 4 decides what happens to the remainder.
    Open,
    /// Self-trade prevention cancelled the taker (`StpCancelled` emitted, collateral unlocked,
    /// slot freed); the order ends here and never rests.
    TakerCancelled,
}

impl Engine {
    /// Matches `taker` (already accepted, its collateral locked) and leaves its remaining
    /// quantity in `taker.remaining`.
    pub(super) fn match_taker(&mut self, taker: &mut RestingOrder, stp: Stp, events: &mut Vec<Event>) -> MatchEnd {
        while taker.remaining > 0 {
            let opposite = &self.books[taker.market as usize][taker.side.opposite().code() as usize];
            let Some((level, maker_id)) = opposite.best_order() else {
                break;
            };
            if !opposite.side().level_crosses(level, taker.price) {
                break;
            }
            // Every id on a book is a resting order (checked by `check_invariants`).
            let Some(&maker) = self.orders.get(&maker_id) else {
                break;
            };
            if maker.account != taker.account {
                self.fill(&maker, taker, events);
                continue;
            }
            if matches!(stp, Stp::CancelResting | Stp::CancelBoth) {
                self.remove_resting(&maker);
                events.push(Event::StpCancelled { order: maker.id, remaining: maker.remaining });
                self.end_order(maker.id);
            }
            if matches!(stp, Stp::CancelTaker | Stp::CancelBoth) {
                self.balances.unlock(taker.account, taker.collateral_asset(), taker.collateral());
                events.push(Event::StpCancelled { order: taker.id, remaining: taker.remaining });
                self.end_order(taker.id);
                return MatchEnd::TakerCancelled;
            }
        }
        MatchEnd::Open
    }

    /// One fill of `min(taker, maker)` at the maker's price, settled as the spec says, then
    /// `Trade` and, if the maker is now empty, `Filled { maker }` (it leaves the book and frees
    /// its slot).
    fn fill(&mut self, maker: &RestingOrder, taker: &mut RestingOrder, events: &mut Vec<Event>) {
        let config = maker.config();
        let qty = taker.remaining.min(maker.remaining);
        let price = maker.price;
        let fill = u64::from(qty);
        let notional = u64::from(price) * fill;

        let (buyer, seller) = match taker.side {
            Side::Buy => (*taker, *maker),
            Side::Sell => (*maker, *taker),
        };
        let bps = |order: &RestingOrder| {
            u64::from(if order.id == taker.id { config.taker_fee_bps } else { config.maker_fee_bps })
        };
        // Each side pays its fee in the asset it receives.
        let buyer_fee = fill * bps(&buyer) / BPS_DENOMINATOR;
        let seller_fee = notional * bps(&seller) / BPS_DENOMINATOR;

        // Base: out of the seller's collateral, to the buyer and the fee account.
        self.balances.spend_locked(seller.account, config.base, fill);
        self.balances.credit(buyer.account, config.base, fill - buyer_fee);
        self.balances.credit(FEE_ACCOUNT, config.base, buyer_fee);
        // Quote: the buyer locked its own limit price per unit; it pays the maker's price and
        // gets the difference back.
        let buy_price = u64::from(buyer.price);
        self.balances.spend_locked(buyer.account, config.quote, buy_price * fill);
        self.balances.credit(buyer.account, config.quote, (buy_price - u64::from(price)) * fill);
        self.balances.credit(seller.account, config.quote, notional - seller_fee);
        self.balances.credit(FEE_ACCOUNT, config.quote, seller_fee);

        let (maker_fee, taker_fee) = match taker.side {
            Side::Buy => (seller_fee, buyer_fee),
            Side::Sell => (buyer_fee, seller_fee),
        };
        events.push(Event::Trade { maker_order: maker.id, taker_order: taker.id, price, qty, maker_fee, taker_fee });

        taker.remaining -= qty;
        let maker_left = maker.remaining - qty;
        if maker_left == 0 {
            self.book_mut(maker.market, maker.side).remove(maker.price, maker.id);
            self.orders.remove(&maker.id);
            events.push(Event::Filled { order: maker.id });
            self.end_order(maker.id);
        } else if let Some(resting) = self.orders.get_mut(&maker.id) {
            resting.remaining = maker_left;
        }
    }
}
