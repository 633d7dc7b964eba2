//! The chips of a VM: one AIR per opcode, plus the built-in memory boundary, range table and
//! public input/output tables. [`ChipAir`] is the single AIR type `prove_batch` needs.

mod io;
mod memory;
mod op;
mod range;

use std::sync::Arc;

use p3_air::{Air, BaseAir};
use p3_lookup::InteractionBuilder;
use p3_matrix::dense::RowMajorMatrix;

pub use io::{IoChip, IoKind, OUTPUTS_PER_ROW, STATEMENT_PUBLIC_VALUES};
pub use memory::MemoryChip;
pub use op::OpChip;
pub use range::{RangeChip, RANGE_BITS};

use crate::backend::F;

/// Smallest trace height of any chip.
pub const MIN_HEIGHT: usize = 4;

/// Trace height for `rows` real rows: the next power of two, at least [`MIN_HEIGHT`].
pub fn padded_height(rows: usize) -> usize {
    rows.next_power_of_two().max(MIN_HEIGHT)
}

/// Tables of at most this many rows are never split, and no piece of a split table is smaller: a
/// piece's fixed cost in the proof (its opened values and its rows in every query answer, tens of
/// KiB) would outweigh the padding it saves.
pub const SPLIT_FROM: usize = 1 << 10;

/// Most pieces [`piece_heights`] splits a table into.
pub const MAX_PIECES: usize = 4;

/// Power-of-two trace heights, largest first, that hold `rows` rows of one table with the least
/// padding four pieces allow: the smallest multiple of [`SPLIT_FROM`] at or above `rows` whose
/// binary expansion has at most [`MAX_PIECES`] ones, as that expansion. A large table pays under
/// 1/15 padding (four ones below its top bit make it at least 15 times the lowest one; the 45,814
/// `PlaceLimit` rows of the order book at 2^16 inputs pay 0.6%), where a single power-of-two trace
/// pads up to 1/2. Every piece is a full instance of the same AIR, so
/// any split is sound: the buses balance over all instances together. No rows, no pieces.
pub fn piece_heights(rows: usize) -> Vec<usize> {
    if rows == 0 {
        return Vec::new();
    }
    if rows <= SPLIT_FROM {
        return vec![padded_height(rows)];
    }
    // In units of the smallest piece: rounding up at the lowest one bit clears it (and any run of
    // ones above it), so the first total with few enough ones is the smallest such.
    let mut units = rows.div_ceil(SPLIT_FROM);
    while units.count_ones() as usize > MAX_PIECES {
        units += 1 << units.trailing_zeros();
    }
    let total = units * SPLIT_FROM;
    (0..usize::BITS).rev().map(|bit| 1usize << bit).filter(|&h| total & h != 0).collect()
}

/// The consecutive runs of `items` that fill pieces of `heights` rows, `per_row` items a row,
/// each with its height (the last runs may be short or empty: padding).
pub(crate) fn fill_pieces<'a, T>(
    items: &'a [T],
    per_row: usize,
    heights: &'a [usize],
) -> impl Iterator<Item = (&'a [T], usize)> + 'a {
    let mut rest = items;
    heights.iter().map(move |&height| {
        let (piece, tail) = rest.split_at((height * per_row).min(rest.len()));
        rest = tail;
        (piece, height)
    })
}

/// Any chip of a VM.
#[derive(Clone, Debug)]
pub enum ChipAir {
    /// One opcode's chip.
    Op(OpChip),
    /// The memory boundary.
    Memory(MemoryChip),
    /// The 16-bit range table.
    Range(RangeChip),
    /// A public stream table.
    Io(IoChip),
}

impl ChipAir {
    /// Human-readable chip name, used in reports and errors.
    pub fn name(&self) -> &str {
        match self {
            Self::Op(c) => c.layout.name,
            Self::Memory(_) => "memory",
            Self::Range(_) => "range",
            Self::Io(c) => c.kind.name(),
        }
    }

    /// Main column names.
    pub fn column_names(&self) -> Vec<String> {
        match self {
            Self::Op(c) => c.layout.columns.clone(),
            Self::Memory(_) => vec!["final_clk".into(), "final_clk_inv".into()],
            Self::Range(_) => vec!["value".into(), "multiplicity".into()],
            Self::Io(c) if c.kind == IoKind::Input => vec!["clk".into(), "end".into()],
            Self::Io(_) => vec!["zero".into()],
        }
    }
}

impl BaseAir<F> for ChipAir {
    fn width(&self) -> usize {
        match self {
            Self::Op(c) => c.layout.width(),
            Self::Memory(_) => MemoryChip::MAIN_WIDTH,
            Self::Range(_) => 2,
            Self::Io(c) => c.main_width(),
        }
    }

    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<F>> {
        match self {
            Self::Memory(c) => Some(c.preprocessed()),
            Self::Io(c) => Some(c.preprocessed()),
            Self::Op(_) | Self::Range(_) => None,
        }
    }

    fn preprocessed_width(&self) -> usize {
        match self {
            Self::Memory(c) => c.preprocessed_width(),
            Self::Io(c) => c.preprocessed_width(),
            Self::Op(_) | Self::Range(_) => 0,
        }
    }

    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        match self {
            Self::Io(c) if c.kind == IoKind::Input => vec![0],
            _ => Vec::new(),
        }
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        match self {
            Self::Range(_) => vec![0],
            Self::Io(c) if c.kind == IoKind::Input => vec![0],
            _ => Vec::new(),
        }
    }

    fn num_public_values(&self) -> usize {
        match self {
            Self::Io(c) if c.kind == IoKind::Input => STATEMENT_PUBLIC_VALUES,
            _ => 0,
        }
    }
}

impl<AB> Air<AB> for ChipAir
where
    AB: InteractionBuilder<F = F>,
{
    fn eval(&self, builder: &mut AB) {
        match self {
            Self::Op(c) => c.eval(builder),
            Self::Memory(c) => c.eval(builder),
            Self::Range(c) => c.eval(builder),
            Self::Io(c) => c.eval(builder),
        }
    }
}

/// Shared handle type for data a chip reads its preprocessed columns from.
pub(crate) type Table = Arc<RowMajorMatrix<F>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_hold_the_rows_with_little_padding() {
        assert!(piece_heights(0).is_empty());
        assert_eq!(piece_heights(3), vec![MIN_HEIGHT]);
        assert_eq!(piece_heights(SPLIT_FROM), vec![SPLIT_FROM]);
        assert_eq!(piece_heights(45_814), vec![32_768, 8_192, 4_096, 1_024]);
        assert_eq!(piece_heights(3_004), vec![2_048, 1_024]);
        assert_eq!(piece_heights(31_745), vec![32_768]);
        for rows in (1..5_000).chain([65_535, 65_537, 1 << 20, (1 << 20) + 1, 1_000_003]) {
            let heights = piece_heights(rows);
            let total: usize = heights.iter().sum();
            assert!(heights.len() <= MAX_PIECES && heights.iter().all(|h| h.is_power_of_two()), "{rows}: {heights:?}");
            assert!(heights.windows(2).all(|w| w[0] > w[1]), "{rows}: {heights:?}");
            assert!(
                total >= rows && (rows <= SPLIT_FROM || total - rows < (rows / 15).max(SPLIT_FROM)),
                "{rows}: {heights:?}"
            );
            assert!(rows <= SPLIT_FROM || heights.iter().all(|&h| h >= SPLIT_FROM), "{rows}: {heights:?}");
        }
    }
}
