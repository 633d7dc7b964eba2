//! The range table: the values `0..2^16` with a multiplicity column. A lookup of `v` on the range
//! bus balances only against a row holding `v`, so it proves `0 <= v < 2^16`.
//!
//! The value column is fixed by constraints alone (0 on the first row, +1 per row, 65535 on the
//! last), which pins the height to exactly `2^16` without a preprocessed commitment.

use p3_air::{AirBuilder, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder};
use p3_matrix::dense::RowMajorMatrix;

use crate::backend::F;
use crate::dsl::Bus;

/// Bits covered by the table.
pub const RANGE_BITS: u32 = 16;

/// The range-table chip.
#[derive(Clone, Debug, Default)]
pub struct RangeChip;

impl RangeChip {
    /// Rows of the table.
    pub const HEIGHT: usize = 1 << RANGE_BITS;

    /// The trace for lookup counts per value.
    pub fn trace(counts: &[u32]) -> RowMajorMatrix<F> {
        let mut values = F::zero_vec(Self::HEIGHT * 2);
        for (v, row) in values.chunks_exact_mut(2).enumerate() {
            row[0] = F::from_usize(v);
            row[1] = F::from_u32(counts.get(v).copied().unwrap_or(0));
        }
        RowMajorMatrix::new(values, 2)
    }

    /// The chip's constraints and interactions.
    pub fn eval<AB: InteractionBuilder<F = F>>(&self, builder: &mut AB) {
        let main = builder.main();
        let (value, mult) = (main.current_slice()[0], main.current_slice()[1]);
        let next_value = main.next_slice()[0];
        builder.when_first_row().assert_zero(value);
        builder.when_transition().assert_eq(next_value, value + F::ONE);
        builder.when_last_row().assert_eq(value, AB::Expr::from_usize(Self::HEIGHT - 1));
        builder.push_interaction(Bus::Range.name(), [value], Count::provided(-Into::<AB::Expr>::into(mult)));
    }
}
