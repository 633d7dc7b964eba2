//! The columns of the hand-written Transfer chip: one row per transfer.
//!
//! Eighteen columns, against the derived chip's 25. What the derived chip stores and this one does
//! not (each trick is argued in `air.rs`):
//! - no `is_real` / `valid` / `ok` / per-account `lt` columns: four one-hot outcome flags carry
//!   all of them as linear combinations;
//! - no `prev_clk` columns: the receive tuple's clock is `clk - 1 - gap`, from the gap's limbs;
//! - no per-account existence comparison: the memory bus proves that an accessed account exists,
//!   and the proofs of absence reuse the balance comparison's limbs and an idle gap limb;
//! - one `moved` column, so that both new balances are degree 1 and the four memory tuples pack
//!   into two LogUp columns.

/// Declares a `#[repr(C)]` column struct together with its width and column map, from one list of
/// fields, so that the order of the struct, of [`TransferCols::to_row`] and of
/// [`TransferCols::from_row`] cannot drift apart (no unsafe borrow-cast is needed).
macro_rules! columns {
    (
        $(#[$meta:meta])*
        pub struct $name:ident<T> { $($(#[$field_meta:meta])* pub $field:ident,)* }
        width = $num:ident, map = $map:ident;
    ) => {
        $(#[$meta])*
        #[repr(C)]
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct $name<T> {
            $($(#[$field_meta])* pub $field: T,)*
        }

        /// Columns of the chip.
        pub const $num: usize = [$(stringify!($field)),*].len();

        /// The index of every column.
        pub const $map: $name<usize> = {
            let mut i = 0;
            $(
                #[allow(non_snake_case)]
                let $field = i;
                i += 1;
            )*
            let _ = i;
            $name { $($field),* }
        };

        impl<T: Copy> $name<T> {
            /// Column names, in column order.
            pub const NAMES: [&'static str; $num] = [$(stringify!($field)),*];

            /// The typed view of one row.
            pub fn from_row(row: &[T; $num]) -> Self {
                let [$($field),*] = *row;
                Self { $($field),* }
            }

            /// The row, in column order.
            pub fn to_row(&self) -> [T; $num] {
                [$(self.$field),*]
            }
        }
    };
}

columns! {
    /// One transfer. Padding rows are all zero.
    pub struct TransferCols<T> {
        /// Position of the transfer in the input stream.
        pub seq,
        /// Debited account id (a `u32` operand).
        pub from,
        /// Credited account id (a `u32` operand).
        pub to,
        /// Amount moved (a `u32` operand).
        pub amount,

        /// Outcome flags: at most one is 1; all are 0 on padding rows.
        /// The transfer took effect (code OK).
        pub ok,
        /// Both accounts exist, the balance is below the amount (code INSUFFICIENT_FUNDS).
        pub insufficient,
        /// `from` does not exist (code NO_SUCH_ACCOUNT).
        pub no_from,
        /// `from` exists, `to` does not (code NO_SUCH_ACCOUNT).
        pub no_to,

        /// `ok * amount`: what leaves `from` and reaches `to`.
        pub moved,

        /// Balance of `from` before the debit (0 when the access is off).
        pub from_old,
        /// Clock gap of the debit, `clk - prev_clk - 1`: low 16 bits. On a `no_to` row, where
        /// no access happens, `from * 2^6`, which proves that `from` exists.
        pub from_gap_lo,
        /// Clock gap of the debit: bit 16.
        pub from_gap_hi,

        /// Balance of `to` before the credit (0 when the access is off).
        pub to_old,
        /// Clock gap of the credit: low 16 bits.
        pub to_gap_lo,
        /// Clock gap of the credit: bit 16.
        pub to_gap_hi,

        /// 16-bit limbs of the outcome's witness difference (see `air.rs`).
        pub diff_0,
        /// Bits 16..32 of the difference.
        pub diff_1,
        /// Bits 32..48 of the difference.
        pub diff_2,
    }
    width = NUM_TRANSFER_COLS, map = TRANSFER_COL_MAP;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_map_is_the_identity_on_positions() {
        let positions: [usize; NUM_TRANSFER_COLS] = core::array::from_fn(|i| i);
        assert_eq!(TransferCols::from_row(&positions), TRANSFER_COL_MAP);
        assert_eq!(TRANSFER_COL_MAP.to_row(), positions);
        assert_eq!(NUM_TRANSFER_COLS, 18);
        assert_eq!(TransferCols::<usize>::NAMES[TRANSFER_COL_MAP.moved], "moved");
    }
}
