//! Order slots: the LIFO free list of slots and the generation of every slot, from which order ids
//! are made (spec, clarification 13).
//!
//! The spec's free list is a stack that holds every slot `1..SLOTS` in the genesis state, slot 1 on
//! top. Slots that were never handed out always sit at the bottom of that stack as one run,
//! `fresh, fresh + 1, …, SLOTS - 1` from the top down: nothing is ever pushed below them, and the
//! top one is popped only when everything above it is gone. So the stack is stored as the slots
//! pushed back (`returned`, top last) above the never-used run `fresh..SLOTS`, whose generations
//! are all 0. It is the same stack as a `Vec` of `SLOTS - 1` entries, without copying 2^16 words
//! each time a test clones the engine or walking them each time it checks the invariants.

use std::collections::BTreeSet;

use crate::types::{order_generation, order_id, order_slot, OrderId, MAX_GENERATION, SLOTS};

/// The free list of order slots and every slot's generation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Slots {
    /// Slots returned to the free list, the top of the stack last. All are below `fresh`.
    returned: Vec<u64>,
    /// `generations[s]` for every slot `s < fresh` (index 0 is slot 0, never handed out, always
    /// generation 0); `fresh = generations.len()`, and slots `fresh..SLOTS` have generation 0.
    generations: Vec<u64>,
}

impl Slots {
    /// The genesis state: every slot free, slot 1 on top, every generation 0.
    pub(crate) fn new() -> Self {
        Slots { returned: Vec::new(), generations: vec![0] }
    }

    /// The lowest slot never handed out (`SLOTS` once every slot has been).
    fn fresh(&self) -> u64 {
        self.generations.len() as u64
    }

    /// The slot on top of the free list, if the list is not empty.
    fn top(&self) -> Option<u64> {
        match self.returned.last() {
            Some(&slot) => Some(slot),
            None => (self.fresh() < SLOTS).then(|| self.fresh()),
        }
    }

    /// The current generation of `slot`, or `None` if `slot` is 0 or not below `SLOTS`.
    pub(crate) fn generation(&self, slot: u64) -> Option<u64> {
        if slot == 0 || slot >= SLOTS {
            return None;
        }
        Some(usize::try_from(slot).ok().and_then(|s| self.generations.get(s)).copied().unwrap_or(0))
    }

    /// The id the next accepted order gets, or `None` (`BookFull`) if the free list is empty or
    /// its top slot's generation is already `MAX_GENERATION`.
    pub(crate) fn next_id(&self) -> Option<OrderId> {
        let slot = self.top()?;
        let generation = self.generation(slot)?;
        (generation < MAX_GENERATION).then(|| order_id(slot, generation + 1))
    }

    /// Pops the top slot for an accepted order, bumps its generation and returns the order's id;
    /// `None` (changing nothing) in exactly the cases [`Slots::next_id`] is `None`.
    pub(crate) fn take(&mut self) -> Option<OrderId> {
        let id = self.next_id()?;
        let slot = order_slot(id);
        if self.returned.last() == Some(&slot) {
            self.returned.pop();
        } else {
            // The top was the first never-used slot.
            self.generations.push(0);
        }
        self.generations[slot as usize] = order_generation(id);
        Some(id)
    }

    /// Pushes the slot of `id`, an order that just ended, on top of the free list.
    pub(crate) fn release(&mut self, id: OrderId) {
        self.returned.push(order_slot(id));
    }

    /// How many slots are free.
    pub(crate) fn free_count(&self) -> u64 {
        self.returned.len() as u64 + (SLOTS - self.fresh())
    }

    /// How many orders have ever been accepted: each acceptance bumped one generation by one.
    pub(crate) fn accepted(&self) -> u64 {
        self.generations.iter().sum()
    }

    /// Checks the slot invariants against the ids of the resting orders: every resting id is its
    /// slot plus `SLOTS` times that slot's current generation; resting slots and free slots are
    /// disjoint and together are exactly `1..SLOTS`; generations are at most `MAX_GENERATION`,
    /// and positive exactly for the slots that have been handed out.
    pub(crate) fn check<'a>(&self, resting: impl Iterator<Item = &'a OrderId>) -> Result<(), String> {
        let fresh = self.fresh();
        if fresh == 0 || fresh > SLOTS {
            return Err(format!("{fresh} slot generations recorded, at most {SLOTS}"));
        }
        if self.generations[0] != 0 {
            return Err(format!("slot 0 has generation {}", self.generations[0]));
        }
        if let Some(slot) = (1..fresh).find(|&s| !(1..=MAX_GENERATION).contains(&self.generations[s as usize])) {
            return Err(format!("slot {slot} was handed out but has generation {}", self.generations[slot as usize]));
        }
        let mut used = BTreeSet::new();
        for &id in resting {
            let slot = order_slot(id);
            let current = self.generation(slot).ok_or(format!("resting order {id} names slot {slot}"))?;
            if id != order_id(slot, current) {
                return Err(format!(
                    "resting order {id} has generation {} but slot {slot} is at generation {current}",
                    order_generation(id)
                ));
            }
            if slot >= fresh {
                return Err(format!("resting order {id} is in slot {slot}, never handed out"));
            }
            if !used.insert(slot) {
                return Err(format!("slot {slot} holds two resting orders"));
            }
        }
        for &slot in &self.returned {
            if slot == 0 || slot >= fresh {
                return Err(format!("slot {slot} on the free list was never handed out"));
            }
            if !used.insert(slot) {
                return Err(format!("slot {slot} is free and resting, or free twice"));
            }
        }
        // Disjoint, all in 1..fresh: they cover it iff there are fresh - 1 of them.
        if used.len() as u64 != fresh - 1 {
            return Err(format!("{} slots resting or returned, but slots 1..{fresh} were handed out", used.len()));
        }
        Ok(())
    }
}

#[cfg(test)]
impl Slots {
    /// Sets the generation of `slot` to `generation` (at least 1), for test states out of reach of
    /// real streams. Never-used slots up to `slot` become returned ones, at the bottom of the
    /// stack where they were, with generation 1 (as if each had held one order that ended).
    pub(crate) fn set_generation(&mut self, slot: u64, generation: u64) {
        let fresh = self.fresh();
        if fresh <= slot {
            // From the bottom of the stack up: `slot`, `slot - 1`, …, `fresh`.
            self.returned.splice(0..0, (fresh..=slot).rev());
            self.generations.resize(slot as usize + 1, 1);
        }
        self.generations[slot as usize] = generation;
    }

    /// Pushes a slot on the free list whatever holds it (to break the partition invariant).
    pub(crate) fn push_raw(&mut self, slot: u64) {
        self.returned.push(slot);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stored form is the spec's stack: genesis hands out 1, 2, 3, …; a returned slot is
    /// handed out before any never-used one, last returned first.
    #[test]
    fn last_in_first_out_above_the_never_used_slots() {
        let mut s = Slots::new();
        let taken: Vec<OrderId> = (0..3).filter_map(|_| s.take()).collect();
        assert_eq!(taken, [order_id(1, 1), order_id(2, 1), order_id(3, 1)]);
        s.release(order_id(1, 1));
        s.release(order_id(3, 1));
        assert_eq!(s.free_count(), SLOTS - 2);
        let taken: Vec<OrderId> = (0..3).filter_map(|_| s.take()).collect();
        assert_eq!(taken, [order_id(3, 2), order_id(1, 2), order_id(4, 1)]);
        assert_eq!(s.accepted(), 6);
        assert_eq!(s.check([order_id(1, 2), order_id(2, 1), order_id(3, 2), order_id(4, 1)].iter()), Ok(()));
    }

    /// The last generation is handed out; after that the slot blocks the top of the free list,
    /// even though other slots are free.
    #[test]
    fn a_slot_at_max_generation_on_top_is_book_full() {
        let mut s = Slots::new();
        s.set_generation(1, MAX_GENERATION - 1);
        let last = order_id(1, MAX_GENERATION);
        assert_eq!(s.next_id(), Some(last));
        assert_eq!(s.take(), Some(last));
        assert!(last < crate::types::ORDER_ID_BOUND);
        assert_eq!(s.take(), Some(order_id(2, 1)));
        s.release(order_id(2, 1));
        s.release(last);
        assert_eq!((s.next_id(), s.take()), (None, None));
        assert_eq!(s.free_count(), SLOTS - 1);
        // The largest id of all is the last slot's last generation.
        let mut s = Slots::new();
        s.set_generation(SLOTS - 1, MAX_GENERATION - 1);
        // Slots 1 .. SLOTS - 2 are above it on the stack; take them first.
        for _ in 1..SLOTS - 1 {
            s.take();
        }
        assert_eq!(s.take(), Some(crate::types::ORDER_ID_BOUND - 1));
        assert_eq!(s.next_id(), None);
    }
}
