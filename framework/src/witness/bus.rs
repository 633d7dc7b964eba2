//! [`bus_balance`]: the signed multiset of every bus, summed over all chips and rows, and the
//! tuples that do not cancel together with the rows they came from.

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hash, Hasher};

use p3_field::{PrimeCharacteristicRing, PrimeField64};

use super::check::shape_failures;
use super::eval::{ChipTraces, Interaction};
use super::Witness;
use crate::backend::F;
use crate::fault::{Imbalance, Place};

/// Sums the signed counts of every `(bus, tuple)` over all chips and rows of `witness`, and
/// returns every tuple whose net count is not zero, ordered by bus and tuple. Empty means every
/// bus balances. A witness whose traces do not fit their chips gives one imbalance on the bus
/// `shape` per misfit, since its buses cannot be evaluated.
pub fn bus_balance(witness: &Witness) -> Vec<Imbalance> {
    let misfits = shape_failures(witness);
    if !misfits.is_empty() {
        return misfits
            .into_iter()
            .map(|m| Imbalance {
                bus: "shape".into(),
                tuple: Vec::new(),
                net: F::ZERO,
                places: vec![Place { chip: format!("{}: {}", m.chip, m.constraint), row: m.row, count: F::ZERO }],
            })
            .collect();
    }
    let mut totals: BTreeMap<(String, Vec<F>), (F, Vec<Place>)> = BTreeMap::new();
    for_each_message(witness, |chip, row, i| {
        let bus = if i.local { format!("{chip}/{}", i.bus) } else { i.bus };
        let entry = totals.entry((bus, i.fields)).or_insert_with(|| (F::ZERO, Vec::new()));
        entry.0 += i.count;
        entry.1.push(Place { chip: chip.to_string(), row, count: i.count });
    });
    totals
        .into_iter()
        .filter(|(_, (net, _))| *net != F::ZERO)
        .map(|((bus, tuple), (net, places))| Imbalance { bus, tuple, net, places })
        .collect()
}

/// The first tuple (by bus and tuple) whose counts do not cancel, or `None` if every bus
/// balances: what the prover refuses a witness for.
///
/// A balanced witness is the common case, so it is confirmed cheaply first: the sum over every
/// interaction of its count times a randomly keyed hash of `(bus, tuple)`, which is zero when
/// every tuple cancels and, for tuples that do not, non-zero except with probability about
/// `1/p`. Only a witness that fails pays for [`bus_balance`]'s itemised multiset.
pub fn first_imbalance(witness: &Witness) -> Option<Imbalance> {
    if shape_failures(witness).is_empty() && fingerprint(witness) == F::ZERO {
        return None;
    }
    bus_balance(witness).into_iter().next()
}

fn fingerprint(witness: &Witness) -> F {
    let keys = std::collections::hash_map::RandomState::new();
    let mut sum = F::ZERO;
    for_each_message(witness, |chip, _, i| {
        let mut h = keys.build_hasher();
        if i.local {
            chip.hash(&mut h);
        }
        i.bus.hash(&mut h);
        for f in &i.fields {
            f.as_canonical_u64().hash(&mut h);
        }
        sum += i.count * F::from_u64(h.finish());
    });
    sum
}

/// Calls `f(chip, row, message)` for every bus message of every row with a non-zero count.
fn for_each_message(witness: &Witness, mut f: impl FnMut(&str, usize, Interaction)) {
    for ((air, main), pv) in witness.airs.iter().zip(&witness.traces).zip(&witness.public_values) {
        let traces = ChipTraces::new(air, main, pv);
        for row in 0..traces.height() {
            for i in traces.eval(air, main, row).interactions {
                if i.count != F::ZERO {
                    f(air.name(), row, i);
                }
            }
        }
    }
}
