//! `EndTick` (internal): the tick count rises, and the match ends when at most one team has live
//! units or the tick limit is reached (docs/arena.md, "A tick", step 3); then the outcome and
//! every team's standing are emitted.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use crate::layout::{Game, Team, GAME, TEAMS};
use crate::scenario::MAX_TEAMS;
use crate::wire::{Kind, OutcomeRecord, StandingRecord};

/// Ends the tick; `rng` is the generator's state after the tick's shots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct EndTick {
    pub rng: u32,
}

impl Semantics for EndTick {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: EndTickArgs<V<B>>) {
        const NAMES: [&str; MAX_TEAMS as usize] = ["team0", "team1", "team2", "team3"];
        const EMPTY: [&str; MAX_TEAMS as usize] = ["team0_empty", "team1_empty", "team2_empty", "team3_empty"];
        let teams: Vec<Team<V<B>>> =
            (0..MAX_TEAMS as u64).map(|t| cx.access(NAMES[t as usize], &cx.lit(TEAMS + t)).read()).collect();
        let standing: Vec<V<B>> = teams
            .iter()
            .zip(EMPTY)
            .map(|(team, name)| {
                let empty = cx.is_zero(name, &team.alive);
                cx.not(&empty)
            })
            .collect();
        let left = standing.iter().fold(cx.zero(), |sum, s| sum + s);
        // `left * (left - 1)` is 0 exactly for 0 or 1 teams left (`left <= 4`).
        let decided = cx.is_zero("decided", &(&left * (&left - 1)));
        // With one team left this names it (team + 1); with none it is 0, a draw.
        let survivor = standing.iter().enumerate().fold(cx.zero(), |sum, (t, s)| sum + s * (t as u64 + 1));

        let (tick, over, winner) = cx.access("game", &cx.lit(GAME)).update(|cx, game: Game<V<B>>| {
            let tick = &game.tick + 1;
            let timeout = cx.is_eq("timeout", &tick, &game.limit);
            let over = cx.or(&decided, &timeout);
            let over = cx.materialize("over", &over);
            let winner = cx.materialize("winner", &(&decided * &survivor));
            let new = Game { tick: tick.clone(), rng: op.rng.clone(), over: over.clone(), ..game };
            (new, (tick, over, winner))
        });
        let kind = cx.lit(Kind::Outcome as u64);
        cx.output_if(&over, OutcomeRecord { kind, tick, winner });
        for (t, team) in teams.into_iter().enumerate() {
            let kind = cx.lit(Kind::Standing as u64);
            let record = StandingRecord { kind, team: cx.lit(t as u64), alive: team.alive, kills: team.kills };
            cx.output_if(&(&over * &team.playing), record);
        }
    }
}
