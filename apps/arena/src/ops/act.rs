//! `Act` (internal): one live unit's turn in a tick (docs/arena.md, "A tick", step 1): it shoots
//! its target if it is alive, in range and the weapon is ready, otherwise may walk towards its
//! goal; then the next live unit acts, or, after the last one, the tick's deaths are reaped.
//!
//! The row walks the live list itself (the next unit is read from this unit's `Drive::next`), so
//! no unit can be left out: the host only says "tick".

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::reap::ReapArgs;
use super::unit::UnitAddr;
use crate::layout::{self, Body, Drive, Stats, Tile};

/// Numerical Recipes' LCG multiplier (docs/arena.md, "The random generator").
pub const LCG_A: u64 = 1_664_525;
/// Numerical Recipes' LCG increment.
pub const LCG_C: u64 = 1_013_904_223;
/// Positions are below `2^21` raw, so a coordinate difference is below `2^21` in size and a
/// shifted difference `d + 2^22` lies in `[0, 2^23)`.
const DIFF_SHIFT: u64 = 1 << 22;
const DIFF_BITS: u32 = 23;
/// Squared distances and squared ranges are below `2^43`.
const DIST2_BITS: u32 = 43;
/// Hit points are below `2^16` and a shot's damage below `2^17`.
const HP_BITS: u32 = 17;
/// The random bonus of a shot: the top 3 bits of the generator's state.
const BONUS_BITS: u32 = 3;
/// Tile coordinates are below `GRID = 2^5`.
const TILE_BITS: u32 = 5;

// The bounds above follow from the grid's size: raising `GRID` must revisit them, or a comparison
// would lose its unique witness. Coordinates are below `GRID * 2^16`, squared distances below
// `2 * (GRID * 2^16)^2`.
const _: () = assert!(1 << TILE_BITS == crate::scenario::GRID);
const _: () = assert!((crate::scenario::GRID as u64) << 16 <= 1 << 21 && 2 * (1u64 << 21) <= DIFF_SHIFT);
const _: () = assert!(DIFF_SHIFT * 2 <= 1 << DIFF_BITS);
const _: () = assert!(2 * (1u64 << 42) <= 1 << DIST2_BITS);

/// Unit `unit`'s turn; `rng` is the generator's state and `dead` the head of this tick's death
/// list (a unit id + 1, 0 if empty).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Act {
    pub unit: u32,
    pub rng: u32,
    pub dead: u32,
}

/// What the shot part of a turn decided.
struct Shot<B: Interp> {
    has_target: V<B>,
    target_alive: V<B>,
    in_range: V<B>,
    fire: V<B>,
    goal: (V<B>, V<B>),
    rng: V<B>,
    dead: V<B>,
}

impl Semantics for Act {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: ActArgs<V<B>>) {
        let at = UnitAddr::of(&op.unit);
        let stats: Stats<V<B>> = cx.access("stats", &at.stats).read();
        let (rng, dead, next) = cx.access("drive", &at.drive).update(|cx, drive: Drive<V<B>>| {
            let ready = cx.is_zero("ready", &drive.cooldown);
            let ((vx, vy), shot) = cx.access("body", &at.body).update(|cx, body: Body<V<B>>| {
                let shot = shoot(cx, &op, &stats, &drive, &body, &ready);
                // Walk: towards the target while it is alive and out of range, else towards the
                // destination; never when `moves` is 0.
                let has_target = &shot.has_target;
                let chase = &shot.target_alive * (cx.one() - &shot.in_range);
                let approach = cx.materialize("approach", &(&drive.moves * (cx.one() - has_target + chase)));
                let goal_x = has_target * &shot.goal.0 + (cx.one() - has_target) * &drive.dest_x;
                let goal_y = has_target * &shot.goal.1 + (cx.one() - has_target) * &drive.dest_y;
                let vx = step(cx, ["dx", "dx_over", "dx_under"], &approach, &(goal_x - &body.x), &stats.speed);
                let vy = step(cx, ["dy", "dy_over", "dy_under"], &approach, &(goal_y - &body.y), &stats.speed);
                let (vx, vy) = slide(cx, (&body.x, &body.y), (vx, vy));
                let new = Body { x: &body.x + &vx, y: &body.y + &vy, ..body };
                (new, ((vx, vy), shot))
            });
            // The weapon reloads after a shot, and otherwise cools down to 0.
            let cooldown = &shot.fire * &stats.reload + (cx.one() - &shot.fire) * (&drive.cooldown - cx.not(&ready));
            let next = drive.next.clone();
            (Drive { vx, vy, cooldown, ..drive }, (shot.rng, shot.dead, next))
        });
        let last = cx.is_zero("last", &next);
        cx.call(&cx.not(&last), ActArgs { unit: &next - 1, rng: rng.clone(), dead: dead.clone() });
        cx.call(&last, ReapArgs { unit: dead, rng });
    }
}

/// The shot: reads (and, when it fires, hurts) the target, advances the generator.
fn shoot<B: Interp>(
    cx: &mut Cx<B>,
    op: &ActArgs<V<B>>,
    stats: &Stats<V<B>>,
    drive: &Drive<V<B>>,
    body: &Body<V<B>>,
    ready: &V<B>,
) -> Shot<B> {
    let no_target = cx.is_zero("no_target", &drive.target);
    let has_target = cx.not(&no_target);
    let target_at = UnitAddr::linked(&drive.target);
    // The next generator state (the state is below 2^32: the seed is a `u32` and every state
    // after it an LCG output), computed on every row and kept only by a shot.
    let (next_rng, hi) = cx.lcg32("lcg", &op.rng, LCG_A, LCG_C, BONUS_BITS);
    cx.access("target", &target_at.body).when(&has_target).update(|cx, target: Body<V<B>>| {
        // An inactive access reads zeros: no target means hp 0, so `target_alive` is 0 too.
        let target_dead = cx.is_zero("target_dead", &target.hp);
        let target_alive = cx.not(&target_dead);
        let (dx, dy) = (&target.x - &body.x, &target.y - &body.y);
        let dist2 = cx.materialize("dist2", &(&dx * &dx + &dy * &dy));
        let in_range = cx.le("in_range", &dist2, &stats.range2, DIST2_BITS);
        let fire = cx.materialize("fire", &(&target_alive * &in_range * ready));
        let damage = &stats.damage + &hi;
        let lethal = cx.le("lethal", &target.hp, &damage, HP_BITS);
        let kill = cx.materialize("kill", &(&fire * &lethal));
        let hp = (cx.one() - &kill) * (&target.hp - &fire * &damage);
        let next_dead = &kill * &op.dead + (cx.one() - &kill) * &target.next_dead;
        let killer = &kill * &stats.team + (cx.one() - &kill) * &target.killer;
        let goal = (target.x.clone(), target.y.clone());
        let new = Body { hp, next_dead, killer, ..target };
        let rng = &fire * &next_rng + (cx.one() - &fire) * &op.rng;
        let dead = &kill * &drive.target + (cx.one() - &kill) * &op.dead;
        (new, Shot { has_target: has_target.clone(), target_alive, in_range, fire, goal, rng, dead })
    })
}

/// `approach ? clamp(d, -speed, speed) : 0`, for `|d| < 2^21` and `0 < speed < 2^16`.
/// `names`: the difference's and its two comparisons' columns.
fn step<B: Interp>(cx: &mut Cx<B>, names: [&'static str; 3], approach: &V<B>, d: &V<B>, speed: &V<B>) -> V<B> {
    let [d_name, over_name, under_name] = names;
    let d = cx.materialize(d_name, &(approach * d));
    let shifted = &d + DIFF_SHIFT;
    let over = cx.lt(over_name, &(speed + DIFF_SHIFT), &shifted, DIFF_BITS);
    let under = cx.lt(under_name, &shifted, &(cx.lit(DIFF_SHIFT) - speed), DIFF_BITS);
    (&over - &under) * speed + (cx.one() - &over - &under) * d
}

/// The step that stays out of blocked tiles, one axis after the other: `x` first, refused if the
/// tile of `(x + vx, y)` is blocked, then `y`, refused if the tile of `(x', y + vy)` is (so a unit
/// slides along a wall, and can never cut a blocked corner).
fn slide<B: Interp>(cx: &mut Cx<B>, (x, y): (&V<B>, &V<B>), (vx, vy): (V<B>, V<B>)) -> (V<B>, V<B>) {
    let i = cx.fx_floor("tile_i", x, TILE_BITS);
    let j = cx.fx_floor("tile_j", y, TILE_BITS);
    let moved_i = cx.fx_floor("moved_i", &(x + &vx), TILE_BITS);
    let blocked_x = blocked(cx, "tile_x", &moved_i, &j);
    let vx = cx.materialize("vx", &(cx.not(&blocked_x) * vx));
    let i = &blocked_x * &i + cx.not(&blocked_x) * moved_i;
    let moved_j = cx.fx_floor("moved_j", &(y + &vy), TILE_BITS);
    let blocked_y = blocked(cx, "tile_y", &i, &moved_j);
    let vy = cx.materialize("vy", &(cx.not(&blocked_y) * vy));
    (vx, vy)
}

/// Whether tile `(i, j)` is blocked.
fn blocked<B: Interp>(cx: &mut Cx<B>, name: &'static str, i: &V<B>, j: &V<B>) -> V<B> {
    let tile: Tile<V<B>> = cx.access(name, &(i + j * u64::from(crate::scenario::GRID) + layout::TILES)).read();
    tile.blocked
}
