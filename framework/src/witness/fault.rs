//! [`first_fault`]: the prover's check of a witness, in one pass over every row of every chip.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hash, Hasher};

use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_maybe_rayon::prelude::*;

use super::{bus_balance, check_witness, shape_failures, ChipTraces, Witness};
use crate::backend::F;
use crate::fault::WitnessFault;

/// The first constraint that does not hold (in chip and row order), else the first bus tuple
/// whose counts do not cancel, else `None`: what the prover refuses a witness for.
///
/// A valid witness is the common case, so each row is evaluated once and only a witness that
/// fails pays for the itemised reports ([`check_witness`], [`bus_balance`]). The buses are
/// confirmed by the sum over every message of its count times a randomly keyed hash of
/// `(bus, tuple)`: zero when every tuple cancels, and for tuples that do not, non-zero except
/// with probability about `1/p`.
pub fn first_fault(witness: &Witness) -> Option<WitnessFault> {
    if let Some(misfit) = shape_failures(witness).into_iter().next() {
        return Some(WitnessFault::Constraint(misfit));
    }
    // Chips are independent: each is evaluated on its own thread, with the same hash keys.
    let keys = RandomState::new();
    let chips: Vec<usize> = (0..witness.airs.len()).collect();
    let per_chip: Vec<Option<F>> = chips.into_par_iter().map(|chip| chip_sum(witness, chip, &keys)).collect();
    if per_chip.iter().any(Option::is_none) {
        let first = check_witness(witness).err().and_then(|failures| failures.into_iter().next());
        return first.map(WitnessFault::Constraint);
    }
    let sum: F = per_chip.into_iter().flatten().sum();
    if sum == F::ZERO {
        return None;
    }
    bus_balance(witness).into_iter().next().map(WitnessFault::Bus)
}

/// The hashed sum of chip `chip`'s bus messages, or `None` if a constraint fails on one of its rows.
fn chip_sum(witness: &Witness, chip: usize, keys: &RandomState) -> Option<F> {
    let (air, main, pv) = (&witness.airs[chip], &witness.traces[chip], &witness.public_values[chip]);
    let traces = ChipTraces::new(air, main, pv);
    let mut sum = F::ZERO;
    for row in 0..traces.height() {
        let eval = traces.eval(air, main, row);
        if !eval.failures.is_empty() {
            return None;
        }
        for i in eval.interactions.into_iter().filter(|i| i.count != F::ZERO) {
            let mut h = keys.build_hasher();
            if i.local {
                air.name().hash(&mut h);
            }
            i.bus.hash(&mut h);
            for f in &i.fields {
                f.as_canonical_u64().hash(&mut h);
            }
            sum += i.count * F::from_u64(h.finish());
        }
    }
    Some(sum)
}
