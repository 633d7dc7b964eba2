//! The end of a match: the last team standing, the tick limit, the outcome events, and what a
//! finished match refuses; and [`crate::reference::replay`] playing a replay to its end.

use super::*;
use crate::events::{Event, Reason, Rejection};
use crate::reference::replay;
use crate::replay::{Replay, TickInput};
use crate::state::Outcome;

#[test]
fn the_tick_limit_ends_the_match_in_a_draw_and_then_everything_is_refused() {
    let mut game = start(&Scenario { tick_limit: 3, ..scenario(vec![unit(0, "2.5", "2.5"), unit(1, "12.5", "12.5")]) });
    play(&mut game, 2);
    let ending = vec![
        Event::Outcome(Outcome { tick: 3, winner: None }),
        Event::Standing { team: 0, alive: 1, kills: 0 },
        Event::Standing { team: 1, alive: 1, kills: 0 },
    ];
    assert_eq!(game.tick(), ending);
    let end = game.state();
    assert_eq!((end.tick, end.over), (3, true));

    assert_eq!(game.tick(), vec![Event::Rejected { unit: 0, reason: Reason::MatchOver }]);
    assert_eq!(game.apply(&Command::Hold { unit: 1 }), Some(Rejection { unit: 1, reason: Reason::MatchOver }));
    assert_eq!(game.state(), end);
}

#[test]
fn the_last_team_standing_wins() {
    // The hunter is 2.5 away with range 1: it steps 0.5 in ticks 0, 1 and 2, and kills in tick 3.
    let prey = UnitSpec { hp: 5, ..unit(0, "4.5", "4.5") };
    let mut game = start(&scenario(vec![prey, unit(1, "7", "4.5")]));
    order(&mut game, &[Command::Attack { unit: 1, target: 0 }]);
    play(&mut game, 3);
    assert_eq!(unit_state(&game, 1).pos, at("5.5", "4.5"));
    let ending = vec![
        Event::Outcome(Outcome { tick: 4, winner: Some(1) }),
        Event::Standing { team: 0, alive: 0, kills: 0 },
        Event::Standing { team: 1, alive: 1, kills: 1 },
    ];
    assert_eq!(game.tick(), ending);
    assert_eq!(game.state().outcome(), Some(Outcome { tick: 4, winner: Some(1) }));
}

#[test]
fn a_kill_at_the_tick_limit_is_a_win() {
    let prey = UnitSpec { hp: 5, ..unit(1, "5.5", "4.5") };
    let mut game = start(&Scenario { tick_limit: 1, ..scenario(vec![unit(0, "4.5", "4.5"), prey]) });
    order(&mut game, &[Command::Attack { unit: 0, target: 1 }]);
    assert_eq!(game.tick()[0], Event::Outcome(Outcome { tick: 1, winner: Some(0) }));
}

#[test]
fn a_match_of_one_team_ends_after_its_first_tick() {
    let mut game = start(&scenario(vec![unit(0, "4.5", "4.5"), unit(0, "5.5", "4.5")]));
    let ending =
        vec![Event::Outcome(Outcome { tick: 1, winner: Some(0) }), Event::Standing { team: 0, alive: 2, kills: 0 }];
    assert_eq!(game.tick(), ending);
}

#[test]
fn a_replay_plays_every_tick_to_the_end_and_ignores_later_commands() {
    // The hunter starts 3.5 away with range 1: it steps 0.5 in ticks 0 to 4 and kills in tick 5.
    let prey = UnitSpec { hp: 5, ..unit(1, "6", "4.5") };
    let scenario = Scenario { tick_limit: 10, ..scenario(vec![unit(0, "2.5", "4.5"), prey]) };
    let entry = |tick, commands| TickInput { tick, commands };
    let replay_ = Replay {
        scenario: scenario.clone(),
        ticks: vec![
            entry(0, vec![Command::Attack { unit: 0, target: 1 }]),
            entry(2, vec![Command::Attack { unit: 0, target: 0 }, Command::Hold { unit: 1 }]),
            entry(8, vec![Command::Stop { unit: 0 }]),
        ],
    };
    assert_eq!(Replay::parse(&replay_.to_ron()).as_ref(), Ok(&replay_));
    let run = replay(&replay_);
    assert_eq!(run.start, Reference::new(&scenario).state());
    let events: Vec<Vec<Event>> = run.steps.iter().map(|step| step.events.clone()).collect();
    let outcome = Outcome { tick: 6, winner: Some(0) };
    let ending = vec![
        Event::Outcome(outcome),
        Event::Standing { team: 0, alive: 1, kills: 1 },
        Event::Standing { team: 1, alive: 0, kills: 0 },
    ];
    let friendly = vec![Event::Rejected { unit: 0, reason: Reason::TargetFriendly }];
    assert_eq!(events, [vec![], vec![], friendly, vec![], vec![], ending]);
    let ticks: Vec<u32> = run.steps.iter().map(|step| step.state.tick).collect();
    assert_eq!(ticks, [1, 2, 3, 4, 5, 6]);
    assert_eq!(run.steps[4].state.units[0].pos, at("5", "4.5"));
    assert_eq!((run.outcome(), run.end().outcome()), (Some(outcome), Some(outcome)));
}
