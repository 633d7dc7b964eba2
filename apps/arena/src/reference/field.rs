//! The field's tiles (docs/arena.md, "The field"), worked out once per match from the scenario.

use crate::fx::FRAC_BITS;
use crate::scenario::Scenario;

/// Which tiles of the arena block movement.
#[derive(Clone, Debug)]
pub(super) struct Field {
    width: i64,
    height: i64,
    /// Tile `(i, j)` at `j * width + i`.
    blocked: Vec<bool>,
}

impl Field {
    /// The outer ring and every obstacle's tiles are blocked.
    pub(super) fn new(scenario: &Scenario) -> Field {
        let width = i64::from(scenario.arena.width);
        let height = i64::from(scenario.arena.height);
        let on_ring = |i: i64, j: i64| i == 0 || j == 0 || i == width - 1 || j == height - 1;
        let in_obstacle = |i: i64, j: i64| {
            scenario.obstacles.iter().any(|o| {
                let (x, y, w, h) = (i64::from(o.x), i64::from(o.y), i64::from(o.w), i64::from(o.h));
                x <= i && i < x + w && y <= j && j < y + h
            })
        };
        let blocked =
            (0..height).flat_map(|j| (0..width).map(move |i| (i, j))).map(|(i, j)| on_ring(i, j) || in_obstacle(i, j));
        Field { width, height, blocked: blocked.collect() }
    }

    /// Whether the tile under the point `(x, y)` (raw `I16F16` bits) is blocked. The point is on
    /// tile `(floor(x), floor(y))`: the arithmetic shift floors negative numbers too, and a tile
    /// outside the arena is blocked.
    pub(super) fn blocks(&self, (x, y): (i64, i64)) -> bool {
        let (i, j) = (x >> FRAC_BITS, y >> FRAC_BITS);
        if !(0..self.width).contains(&i) || !(0..self.height).contains(&j) {
            return true;
        }
        self.blocked[(j * self.width + i) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fx::Fx;
    use crate::generate;

    /// Written from the document on its own, the field must agree with the shared
    /// [`Scenario::blocked`] that the VM's memory is built from, on every tile of the grid.
    #[test]
    fn agrees_with_the_scenarios_blocked_tiles() {
        for (seed, units) in [(0, 2), (1, 16), (2, 64), (3, 256)] {
            let scenario = generate::scenario(seed, units, 2);
            let field = Field::new(&scenario);
            for i in 0..32 {
                for j in 0..32 {
                    let centre = (
                        i64::from(Fx::from_num(i).to_bits()) + (1 << 15),
                        i64::from(Fx::from_num(j).to_bits()) + (1 << 15),
                    );
                    assert_eq!(field.blocks(centre), scenario.blocked(i, j), "seed {seed}, tile ({i}, {j})");
                }
            }
        }
    }

    #[test]
    fn points_off_the_arena_are_blocked() {
        // A 12 × 12 arena whose tile (2, 5) is free.
        let scenario = generate::scenario(0, 1, 1);
        assert_eq!((scenario.arena.width, scenario.blocked(2, 5)), (12, false));
        let field = Field::new(&scenario);
        assert!(!field.blocks((2 << FRAC_BITS, 5 << FRAC_BITS)));
        assert!(field.blocks((-1, 5 << FRAC_BITS)));
        assert!(field.blocks((2 << FRAC_BITS, -1)));
        assert!(field.blocks((12 << FRAC_BITS, 5 << FRAC_BITS)));
        assert!(field.blocks((2 << FRAC_BITS, 40 << FRAC_BITS)));
    }
}
