//! The random generator (docs/arena.md, "The random generator"): a linear congruential generator
//! modulo 2^32 with Numerical Recipes' constants, of which a shot uses the top 3 bits.

/// The generator's state after `r`: `(1664525 r + 1013904223) mod 2^32`.
pub(super) fn next(r: u32) -> u32 {
    ((1_664_525 * u64::from(r) + 1_013_904_223) % (1 << 32)) as u32
}

/// A shot's extra damage, 0 to 7, from the state the shot advanced the generator to.
pub(super) fn bonus(r: u32) -> u32 {
    r >> 29
}
