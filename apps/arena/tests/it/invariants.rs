//! Generated matches, played by the reference, keep the invariants the rules promise at every
//! tick (docs/arena.md): live units stay on free tiles, the teams' counts match the units, every
//! death is some team's kill, hit points only fall, and the match ends with its outcome.

use appvm_arena::events::Event;
use appvm_arena::generate;
use appvm_arena::reference::replay;
use appvm_arena::replay::Replay;
use appvm_arena::scenario::Scenario;
use appvm_arena::state::State;
use proptest::prelude::*;

/// Every invariant of one state, as a message naming the first broken one.
fn check(scenario: &Scenario, state: &State) -> Result<(), String> {
    for (id, (unit, spec)) in state.units.iter().zip(&scenario.units).enumerate() {
        let tile = (unit.pos.0.to_num::<i32>(), unit.pos.1.to_num::<i32>());
        if unit.alive() && (tile.0 < 0 || tile.1 < 0 || scenario.blocked(tile.0 as u32, tile.1 as u32)) {
            return Err(format!("tick {}: unit {id} is on the blocked tile {tile:?}", state.tick));
        }
        if unit.hp > spec.hp {
            return Err(format!(
                "tick {}: unit {id} has {} hit points, more than its {}",
                state.tick, unit.hp, spec.hp
            ));
        }
    }
    for (team, standing) in state.teams.iter().enumerate() {
        let alive = state.units.iter().filter(|u| u.alive() && u.team == team as u32).count() as u32;
        if standing.alive != alive {
            return Err(format!("tick {}: team {team} counts {} live units, has {alive}", state.tick, standing.alive));
        }
    }
    let kills: u32 = state.teams.iter().map(|t| t.kills).sum();
    let dead = state.units.iter().filter(|u| !u.alive()).count() as u32;
    if kills != dead {
        return Err(format!("tick {}: {kills} kills but {dead} dead units", state.tick));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn generated_matches_keep_the_invariants(seed in any::<u64>(), units in 2usize..=64, ticks in 50u32..=300) {
        let replay_ = generate::replay(seed, units, ticks);
        let parsed = Replay::parse(&replay_.to_ron());
        prop_assert_eq!(parsed.as_ref(), Ok(&replay_));
        let scenario = &replay_.scenario;
        let run = replay(&replay_);
        prop_assert_eq!(check(scenario, &run.start), Ok(()));
        for step in &run.steps {
            prop_assert_eq!(check(scenario, &step.state), Ok(()));
        }
        // The match ended once, at the last tick, with the outcome its end state shows.
        let end = run.end();
        prop_assert!(end.over && end.tick as usize == run.steps.len() && end.tick <= ticks);
        let outcomes = run.events().filter(|e| matches!(e, Event::Outcome(_))).count();
        prop_assert_eq!(outcomes, 1);
        prop_assert_eq!(run.outcome(), end.outcome());
        let standings = run.steps.last().map_or(0, |step| step.events.iter().filter(|e| matches!(e, Event::Standing { .. })).count());
        prop_assert_eq!(standings, scenario.teams() as usize);
    }
}
