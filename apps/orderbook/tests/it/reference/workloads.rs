//! The generators, and property tests that generated and arbitrary streams never panic and keep
//! every invariant.

use super::*;

#[test]
fn workloads_are_deterministic_prefix_closed_and_sized() {
    assert_eq!(mixed(7, 3_000), mixed(7, 3_000));
    assert_ne!(mixed(7, 3_000), mixed(8, 3_000));
    assert_eq!(mixed(7, 1_000)[..], mixed(7, 3_000)[..1_000]);
    assert_eq!(adversarial(7, 3_000), adversarial(7, 3_000));
    assert_eq!(adversarial(7, 1_000)[..], adversarial(7, 3_000)[..1_000]);
    assert_eq!(mixed(1, 0).len(), 0);
    assert_eq!(adversarial(1, 5).len(), 5);
}

/// Runs `inputs` through a fresh engine, checking invariants every `every` inputs, and returns
/// every event.
fn run(inputs: &[Input], every: usize) -> Vec<Event> {
    run_engine(inputs, every).1
}

fn run_engine(inputs: &[Input], every: usize) -> (Engine, Vec<Event>) {
    let mut e = Engine::new();
    let mut all = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        all.extend(e.apply(input));
        if i % every == 0 {
            e.check_invariants().unwrap_or_else(|v| panic!("input {i} {input:?}: {v}"));
        }
    }
    assert_invariants(&e);
    (e, all)
}

#[test]
fn mixed_is_mostly_successful_flow_with_every_event_kind() {
    let events = run(&mixed(11, 8_000), 50);
    let count = |kind: EventKind| events.iter().filter(|e| e.kind() == kind).count();
    for kind in EventKind::ALL {
        assert!(count(*kind) > 0, "no {kind:?} in mixed");
    }
    // Trading dominates: most orders are accepted and many trade.
    assert!(
        count(EventKind::Accepted) > 4 * count(EventKind::Rejected),
        "{} accepted, {} rejected",
        count(EventKind::Accepted),
        count(EventKind::Rejected)
    );
    assert!(count(EventKind::Trade) > 1_000);
    let cancels = events.iter().filter(|e| matches!(e, Event::Cancelled { .. })).count();
    assert!(cancels > 500);
}

#[test]
fn adversarial_hits_every_reachable_rejection_and_stp_outcome() {
    let events = run(&adversarial(3, 20_000), 50);
    let reasons: std::collections::BTreeSet<Reason> = events
        .iter()
        .filter_map(|e| match e {
            Event::Rejected { reason } => Some(*reason),
            _ => None,
        })
        .collect();
    for reason in Reason::ALL {
        // Unreachable with this market table and u32 deposits (see the spec's clarifications), or
        // (`BookFull`) only once 65535 orders rest at once: `validation.rs` pins that.
        if matches!(reason, Reason::BelowMinimum | Reason::Overflow | Reason::BookFull) {
            continue;
        }
        assert!(reasons.contains(reason), "adversarial never produced {reason:?}");
    }
    assert!(events.iter().any(|e| matches!(e, Event::StpCancelled { .. })));
    assert!(events.iter().any(|e| matches!(e, Event::Trade { maker_fee, .. } if *maker_fee > 0)));
}

/// The adversarial stream's cancels and amends name ids of every kind, each below `2^63`: resting
/// ones, 0, slot-0 ids, stale generations of reused slots (the slot has moved on), future
/// generations, ids near `2^63 - 1`, and ids of orders that ended while their slot is still at
/// their generation.
#[test]
fn adversarial_names_every_kind_of_order_id() {
    let mut e = Engine::new();
    let mut kinds = std::collections::BTreeSet::new();
    for input in adversarial(3, 20_000) {
        if let Input::Cancel { order, .. } | Input::Amend { order, .. } = input {
            assert!(order < ORDER_ID_BOUND);
            let (slot, generation) = (order_slot(order), order_generation(order));
            let current = e.slot_generation(slot);
            let kind = match () {
                _ if order == 0 => "zero",
                _ if slot == 0 => "slot 0",
                _ if order >= ORDER_ID_BOUND - 2 * SLOTS => "near 2^63",
                _ if e.order(order).is_some() => "resting",
                _ if current.is_some_and(|c| generation > c) => "future",
                _ if current.is_some_and(|c| generation < c) && generation > 0 => "stale",
                _ if generation == 0 => "generation 0",
                _ => "ended",
            };
            kinds.insert(kind);
        }
        e.apply(&input);
    }
    let all = ["zero", "slot 0", "near 2^63", "resting", "future", "stale", "generation 0", "ended"];
    assert_eq!(kinds, all.into_iter().collect());
}

/// Long streams keep every invariant, never repeat an id, and reuse slots and level records: the
/// mixed stream (which, with ids that were never reused, met `BookFull` for most of its second
/// half) now accepts orders to the end, and the adversarial one runs out of level records and
/// creates new levels again after records come back.
#[test]
fn long_streams_reuse_slots_and_levels_and_keep_invariants() {
    for (name, inputs) in [("mixed", mixed(5, 65_536)), ("adversarial", adversarial(5, 30_000))] {
        let mut e = Engine::new();
        let mut ids = std::collections::BTreeSet::new();
        let (mut full_levels, mut new_level_after_full, mut book_full) = (false, false, 0);
        for (i, input) in inputs.iter().enumerate() {
            let levels_before = e.live_levels();
            let events = e.apply(input);
            if i % 499 == 0 {
                e.check_invariants().unwrap_or_else(|v| panic!("{name} input {i} {input:?}: {v}"));
            }
            book_full += usize::from(events == [Event::Rejected { reason: Reason::BookFull }]);
            for event in &events {
                if let Event::Accepted { order, .. } = event {
                    assert!(ids.insert(*order), "{name}: id {order} assigned twice");
                    assert!(*order < ORDER_ID_BOUND && order_slot(*order) != 0);
                }
            }
            full_levels |= e.live_levels() == MAX_LEVELS;
            new_level_after_full |= full_levels && e.live_levels() > levels_before;
        }
        assert_invariants(&e);
        assert!(!ids.is_empty() && ids.len() as u64 == e.accepted_orders(), "{name}");
        let max_generation = (1..SLOTS).filter_map(|s| e.slot_generation(s)).max().unwrap_or(0);
        assert!(max_generation > 100, "{name}: slots reused at most {max_generation} times");
        assert_eq!(book_full, 0, "{name}");
        if name == "mixed" {
            assert!(e.accepted_orders() > 40_000, "{name}: {} accepted", e.accepted_orders());
        } else {
            assert!(full_levels && new_level_after_full, "{name}: level records {full_levels} {new_level_after_full}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 320, ..ProptestConfig::default() })]

    /// Any generated stream: no panic, every invariant after every input, a rejection leaves the
    /// state untouched, and every event survives its record encoding.
    #[test]
    fn streams_keep_every_invariant(seed in any::<u64>(), n in 1usize..700, adversarial_stream in any::<bool>()) {
        let inputs = if adversarial_stream { adversarial(seed, n) } else { mixed(seed, n) };
        prop_assert_eq!(inputs.len(), n);
        let mut e = Engine::new();
        for (i, input) in inputs.iter().enumerate() {
            let before = e.clone();
            let events = e.apply(input);
            prop_assert!(!events.is_empty());
            if let Err(violation) = e.check_invariants() {
                return Err(TestCaseError::fail(format!("input {i} {input:?} -> {events:?}: {violation}")));
            }
            if matches!(events[0], Event::Rejected { .. }) {
                prop_assert_eq!(events.len(), 1);
                prop_assert!(before == e, "rejected input {} changed the state", i);
            }
            for event in &events {
                prop_assert_eq!(Event::from_record(&event.to_record()), Ok(*event));
            }
        }
    }

    /// Inputs with arbitrary operands (mostly invalid) never panic and never break invariants.
    #[test]
    fn arbitrary_inputs_never_panic(ops in proptest::collection::vec((0u8..6, any::<[u32; 7]>(), any::<u8>()), 1..200)) {
        let mut e = Engine::new();
        for (op, w, small) in ops {
            // Half the operands small, so that some inputs pass validation.
            let s = |x: u32| if small % 2 == 0 { x % 300 } else { x };
            // Order ids of generations 0..4, slot part small or not.
            let order = u64::from(s(w[1])) + SLOTS * u64::from(small / 2 % 4);
            let input = match op {
                0 => Input::Deposit { account: s(w[0]) % 260, asset: w[1] % 5, amount: w[2] },
                1 => Input::Withdraw { account: s(w[0]), asset: s(w[1]) % 5, amount: s(w[2]) },
                2 => Input::PlaceLimit { account: s(w[0]), market: s(w[1]) % 3, side: s(w[2]) % 3, price: s(w[3]), qty: s(w[4]), tif: s(w[5]) % 5, stp: s(w[6]) % 4 },
                3 => Input::PlaceMarket { account: s(w[0]), market: s(w[1]) % 3, side: s(w[2]) % 3, qty: s(w[3]), worst_price: s(w[4]), stp: s(w[5]) % 4 },
                4 => Input::Cancel { account: s(w[0]), order },
                _ => Input::Amend { account: s(w[0]), order, qty: s(w[2]) },
            };
            let events = e.apply(&input);
            prop_assert!(!events.is_empty());
            if let Err(violation) = e.check_invariants() {
                return Err(TestCaseError::fail(format!("{input:?} -> {events:?}: {violation}")));
            }
        }
    }
}
