//! [`bus_balance`]: the signed multiset of every bus, summed over all chips and rows, and the
//! tuples that do not cancel together with the rows they came from.

use std::collections::BTreeMap;

use p3_field::PrimeCharacteristicRing;

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
