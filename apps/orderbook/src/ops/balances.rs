//! Balance words: addresses and the one way every opcode changes them.

use appvm::{Cx, Interp, V};

use crate::layout::{self, balance};
use crate::types::ASSETS;

/// Address of the balance word of `(account, asset)` (both already known to exist, or the access
/// gated off).
pub(crate) fn addr<B: Interp>(account: &V<B>, asset: &V<B>) -> V<B> {
    account * u64::from(ASSETS) + asset + layout::BALANCES
}

/// Changes of one balance word, computed from its current `(available, locked)`.
pub(crate) type Delta<B> = (V<B>, V<B>);

/// Adds `delta(cx, available, locked) = (d_available, d_locked)` to the balance at `addr`, when
/// the boolean `gate` is 1 (always if `None`). Returns the old `(available, locked)`, zeros when
/// gated off.
pub(crate) fn adjust<B: Interp>(
    cx: &mut Cx<B>,
    name: &'static str,
    gate: Option<&V<B>>,
    addr: &V<B>,
    delta: impl FnOnce(&mut Cx<B>, &V<B>, &V<B>) -> Delta<B>,
) -> (V<B>, V<B>) {
    let change = |cx: &mut Cx<B>, old: &[V<B>]| {
        let (avail, locked) = (&old[balance::AVAILABLE], &old[balance::LOCKED]);
        let (d_avail, d_locked) = delta(cx, avail, locked);
        let mut new = old.to_vec();
        new[balance::AVAILABLE] = avail + d_avail;
        new[balance::LOCKED] = locked + d_locked;
        new
    };
    let old = match gate {
        Some(gate) => cx.update_lanes_if(name, gate, addr, balance::LANES, change),
        None => cx.update_lanes(name, addr, balance::LANES, change),
    };
    (old[balance::AVAILABLE].clone(), old[balance::LOCKED].clone())
}

/// Moves `amount` between available and locked: `available -= amount; locked += amount` (a
/// negative `amount` unlocks).
pub(crate) fn lock<B: Interp>(cx: &mut Cx<B>, name: &'static str, gate: Option<&V<B>>, addr: &V<B>, amount: &V<B>) {
    adjust(cx, name, gate, addr, |_, _, _| (-amount, amount.clone()));
}
