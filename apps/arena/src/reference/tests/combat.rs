//! Aiming, shooting, cooldowns and deaths: the order of the act pass, exact ranges, kills in one
//! tick.

use super::*;
use crate::events::Event;
use crate::state::{Orders, Outcome, TeamState};

#[test]
fn range_exactly_at_the_boundary_fires_and_one_bit_further_does_not() {
    let range = fx("5");
    let near = UnitSpec { range, ..unit(0, "2", "2") };
    let far = UnitSpec { range, ..unit(0, "2", "8") };
    // (3, 4) away: 9 + 16 = 25 = 5^2, exactly, in raw bits (25 · 2^32 both sides).
    let at_range = unit(1, "5", "6");
    // One raw bit further along x: (3 · 2^16 + 1)^2 + (4 · 2^16)^2 > (5 · 2^16)^2.
    let beyond = UnitSpec { x: Fx::from_bits(5 * 65_536 + 1), ..unit(1, "0", "12") };
    let mut game = start(&scenario(vec![near, at_range, far, beyond]));
    order(
        &mut game,
        &[
            Command::Attack { unit: 0, target: 1 },
            Command::Hold { unit: 0 },
            Command::Attack { unit: 2, target: 3 },
            Command::Hold { unit: 2 },
        ],
    );
    play(&mut game, 1);
    let state = game.state();
    // One shot: damage 10 and seed 0's first bonus, 1.
    assert_eq!((state.units[1].hp, state.units[0].cooldown), (89, 3));
    assert_eq!((state.units[3].hp, state.units[2].cooldown), (100, 0));
    assert_eq!(state.rng, SEED_0_DRAWS[0]);
}

#[test]
fn a_unit_decides_to_shoot_before_it_steps() {
    let chaser = UnitSpec { range: fx("2"), ..unit(0, "2.5", "4.5") };
    let mut game = start(&scenario(vec![chaser, unit(1, "5", "4.5")]));
    order(&mut game, &[Command::Attack { unit: 0, target: 1 }]);
    // 2.5 away: out of range, so it steps to 3.0, which is in range, but does not shoot yet.
    play(&mut game, 1);
    assert_eq!((unit_state(&game, 0).pos, unit_state(&game, 1).hp, game.state().rng), (at("3", "4.5"), 100, 0));
    // In range: it shoots and stands.
    play(&mut game, 1);
    assert_eq!(
        (unit_state(&game, 0).pos, unit_state(&game, 0).vel, unit_state(&game, 1).hp),
        (at("3", "4.5"), STILL, 89)
    );
}

#[test]
fn the_act_pass_sees_units_earlier_in_the_list_where_they_went() {
    // The walker (id 0) acts before the shooter (id 1): the shooter sees it at 6.0, 2.5 away.
    let shooter = UnitSpec { range: fx("2.5"), ..unit(1, "8.5", "5.5") };
    let mut game = start(&scenario(vec![unit(0, "5.5", "5.5"), shooter]));
    let orders = [
        Command::Move { unit: 0, x: fx("12.5"), y: fx("5.5") },
        Command::Attack { unit: 1, target: 0 },
        Command::Hold { unit: 1 },
    ];
    order(&mut game, &orders);
    play(&mut game, 1);
    assert_eq!((unit_state(&game, 0).pos, unit_state(&game, 0).hp), (at("6", "5.5"), 89));

    // The same with the ids swapped: the shooter (id 0) still sees the walker at 5.5, 3 away.
    let mut game = start(&scenario(vec![shooter, unit(0, "5.5", "5.5")]));
    let orders = [
        Command::Move { unit: 1, x: fx("12.5"), y: fx("5.5") },
        Command::Attack { unit: 0, target: 1 },
        Command::Hold { unit: 0 },
    ];
    order(&mut game, &orders);
    play(&mut game, 1);
    assert_eq!((unit_state(&game, 1).pos, unit_state(&game, 1).hp), (at("6", "5.5"), 100));
    play(&mut game, 1);
    assert_eq!(unit_state(&game, 1).hp, 89);
}

#[test]
fn two_units_that_kill_each_other_in_one_tick_both_die() {
    let frail = |team, x: &str| UnitSpec { hp: 5, ..unit(team, x, "4.5") };
    let units = vec![frail(0, "4.5"), frail(1, "5.5"), unit(0, "4.5", "12.5"), unit(1, "12.5", "12.5")];
    let mut game = start(&scenario(units));
    order(&mut game, &[Command::Attack { unit: 0, target: 1 }, Command::Attack { unit: 1, target: 0 }]);
    // Unit 0 kills unit 1; unit 1, killed earlier in the tick, still acts and kills unit 0.
    play(&mut game, 1);
    let state = game.state();
    assert_eq!((state.units[0].hp, state.units[1].hp), (0, 0));
    assert_eq!(state.teams, vec![TeamState { alive: 1, kills: 1 }; 2]);
    assert_eq!(state.rng, SEED_0_DRAWS[1]);
    assert_eq!((state.units[0].cooldown, state.units[1].cooldown), (3, 3));
    // Off the live list, they no longer act: their cooldowns stay where they were.
    play(&mut game, 1);
    assert_eq!((unit_state(&game, 0).cooldown, unit_state(&game, 1).cooldown), (3, 3));
}

#[test]
fn when_every_unit_dies_in_the_same_tick_the_match_is_a_draw() {
    let frail = |team, x: &str, y: &str| UnitSpec { hp: 5, ..unit(team, x, y) };
    let mut game = start(&scenario(vec![frail(0, "5.5", "5.5"), frail(1, "6", "5.5"), frail(2, "5.75", "6")]));
    // A circle: 0 shoots 1, 1 shoots 2, 2 shoots 0, all within range 1.
    order(
        &mut game,
        &[
            Command::Attack { unit: 0, target: 1 },
            Command::Attack { unit: 1, target: 2 },
            Command::Attack { unit: 2, target: 0 },
        ],
    );
    let standing = |team| Event::Standing { team, alive: 0, kills: 1 };
    let ending = vec![Event::Outcome(Outcome { tick: 1, winner: None }), standing(0), standing(1), standing(2)];
    assert_eq!(game.tick(), ending);
    let state = game.state();
    assert!(state.over);
    assert_eq!(state.outcome(), Some(Outcome { tick: 1, winner: None }));
    assert_eq!(state.rng, SEED_0_DRAWS[2]);
}

#[test]
fn a_target_killed_earlier_in_the_tick_is_neither_shot_again_nor_chased() {
    let frail = UnitSpec { hp: 5, ..unit(1, "5.5", "4.5") };
    let mut game = start(&scenario(vec![unit(0, "4.5", "4.5"), unit(0, "8.5", "4.5"), frail]));
    order(&mut game, &[Command::Attack { unit: 0, target: 2 }, Command::Attack { unit: 1, target: 2 }]);
    let ending = vec![
        Event::Outcome(Outcome { tick: 1, winner: Some(0) }),
        Event::Standing { team: 0, alive: 2, kills: 1 },
        Event::Standing { team: 1, alive: 0, kills: 0 },
    ];
    assert_eq!(game.tick(), ending);
    // Unit 1 was 3 away and would have stepped, but its target was dead by its turn.
    let state = game.state();
    assert_eq!((state.units[1].pos, state.units[1].vel, state.units[1].cooldown), (at("8.5", "4.5"), STILL, 0));
    assert_eq!(state.rng, SEED_0_DRAWS[0]);
}

#[test]
fn reload_r_fires_at_ticks_t_then_t_plus_r_plus_1() {
    let gunner = UnitSpec { reload: 2, ..unit(0, "4.5", "4.5") };
    let tough = UnitSpec { hp: 1000, ..unit(1, "5.5", "4.5") };
    let mut game = start(&scenario(vec![gunner, tough]));
    order(&mut game, &[Command::Attack { unit: 0, target: 1 }, Command::Hold { unit: 0 }]);
    let mut seen = Vec::new();
    for _ in 0..7 {
        play(&mut game, 1);
        let state = game.state();
        seen.push((state.units[0].cooldown, state.units[1].hp, state.rng));
    }
    // Shots at ticks 0, 3 and 6, with bonuses 1, 2 and 6.
    let [d0, d1, d2, _] = SEED_0_DRAWS;
    let expected = [(2, 989, d0), (1, 989, d0), (0, 989, d0), (2, 977, d1), (1, 977, d1), (0, 977, d1), (2, 961, d2)];
    assert_eq!(seen, expected);
}

#[test]
fn reload_0_fires_every_tick() {
    let gunner = UnitSpec { reload: 0, ..unit(0, "4.5", "4.5") };
    let mut game = start(&scenario(vec![gunner, unit(1, "5.5", "4.5")]));
    order(&mut game, &[Command::Attack { unit: 0, target: 1 }]);
    let hp: Vec<u32> = (0..3)
        .map(|_| {
            play(&mut game, 1);
            unit_state(&game, 1).hp
        })
        .collect();
    assert_eq!(hp, [89, 77, 61]);
}

#[test]
fn hold_keeps_shooting_and_stop_forgets_the_target() {
    let mut game = start(&scenario(vec![unit(0, "4.5", "4.5"), unit(1, "5.5", "4.5")]));
    order(&mut game, &[Command::Attack { unit: 0, target: 1 }, Command::Hold { unit: 0 }]);
    play(&mut game, 1);
    assert_eq!((unit_state(&game, 1).hp, unit_state(&game, 0).cooldown), (89, 3));
    order(&mut game, &[Command::Stop { unit: 0 }]);
    assert_eq!(unit_state(&game, 0).orders, Orders { moves: false, dest: at("4.5", "4.5"), target: None });
    // Without a target nothing is shot; the weapon still rests down to 0.
    let cooldowns: Vec<u32> = (0..4)
        .map(|_| {
            play(&mut game, 1);
            unit_state(&game, 0).cooldown
        })
        .collect();
    assert_eq!(cooldowns, [2, 1, 0, 0]);
    assert_eq!((unit_state(&game, 1).hp, game.state().rng), (89, SEED_0_DRAWS[0]));
}
