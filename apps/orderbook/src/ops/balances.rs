//! Balance words: addresses and the one way every opcode changes them.

use appvm::{Cx, Interp, V};

use crate::layout::{self, Balance};
use crate::types::ASSETS;

/// Address of the balance word of `(account, asset)` (both already known to exist, or the access
/// gated off).
pub(crate) fn addr<B: Interp>(account: &V<B>, asset: &V<B>) -> V<B> {
    account * u64::from(ASSETS) + asset + layout::BALANCES
}

/// Adds the change `delta(cx, old)` returns to the balance at `addr`, when the boolean `gate` is 1
/// (always if `None`), and returns what `delta` returned besides. The old balance reads as zeros
/// when gated off.
pub(crate) fn adjust<B: Interp, X>(
    cx: &mut Cx<B>,
    name: &'static str,
    gate: Option<&V<B>>,
    addr: &V<B>,
    delta: impl FnOnce(&mut Cx<B>, &Balance<V<B>>) -> (Balance<V<B>>, X),
) -> X {
    let access = cx.access(name, addr);
    let access = match gate {
        Some(gate) => access.when(gate),
        None => access,
    };
    access.update(|cx, old: Balance<V<B>>| {
        let (d, extra) = delta(cx, &old);
        (Balance { available: &old.available + d.available, locked: &old.locked + d.locked }, extra)
    })
}

/// Moves `amount` between available and locked: `available -= amount; locked += amount` (a
/// negative `amount` unlocks).
pub(crate) fn lock<B: Interp>(cx: &mut Cx<B>, name: &'static str, gate: Option<&V<B>>, addr: &V<B>, amount: &V<B>) {
    adjust(cx, name, gate, addr, |_, _| (Balance { available: -amount, locked: amount.clone() }, ()));
}
