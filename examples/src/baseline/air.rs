//! The Transfer chip's constraints and bus interactions, written by hand.
//!
//! Same statement and protocol as the derived `Transfer` chip (`appvm_ledger::vm`): it consumes
//! `(seq, clk, opcode, from, to, amount)` from the input table and hands back `(seq, clk, DONE)`
//! (one row per transfer, so its row clock is `seq`), accesses memory by offline memory checking
//! against the framework's boundary chip, range-checks through the framework's 16-bit table, and
//! emits `(seq, 8 * seq, code)` to the output table. What differs is how few columns and lookups
//! it spends doing so.
//!
//! Clocks: the debit is at `clk = 2 * seq + 1`, the credit at `2 * seq + 2`. Clocks only have to
//! increase in execution order and be unique (`seq` is unique because the input table holds
//! every `seq` once), so a transfer needs two clocks, not the framework's `MEMORY_SLOTS = 16`
//! per row. For at most [`MAX_TRANSFERS`] = 2^16 transfers every clock
//! is at most 2^17, so a clock gap fits 17 bits: one 16-bit lookup and one boolean column,
//! instead of two lookups for a 32-bit gap.
//!
//! Every constraint has degree at most 2 and every bus field and count degree 1, so pairs of
//! interactions on one bus fit one LogUp column within the degree-3 budget (see
//! `super::TRANSFER_LOOKUP_BUDGET`).

use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder};

use super::columns::{TransferCols, NUM_TRANSFER_COLS};
use appvm::dsl::{Bus, OUTPUT_SLOTS};
use appvm::F;
use appvm_ledger::vm::{code, ACCOUNTS};

/// Largest batch: clocks up to `2 * MAX_TRANSFERS` keep every gap below 2^17.
pub const MAX_TRANSFERS: usize = 1 << 16;

/// Bits of the low limb of a clock gap (the range table's width).
const LIMB_BITS: u32 = 16;

/// `from * FROM_SCALE` fits the 16-bit range table exactly when `from < ACCOUNTS = 2^10`.
pub(crate) const FROM_SCALE: u64 = 1 << (LIMB_BITS - ACCOUNTS.trailing_zeros());
const _: () = assert!(ACCOUNTS.is_power_of_two() && ACCOUNTS * FROM_SCALE == 1 << LIMB_BITS);

/// The hand-written Transfer chip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransferAir {
    /// The ledger's opcode id of `Transfer`, the third field of its input records.
    pub opcode: u64,
    /// The opcode field of the chain-end record the input table expects back.
    pub done: u64,
}

impl BaseAir<F> for TransferAir {
    fn width(&self) -> usize {
        NUM_TRANSFER_COLS
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }

    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl<AB: InteractionBuilder<F = F>> Air<AB> for TransferAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let row: &[AB::Var; NUM_TRANSFER_COLS] =
            main.current_slice().try_into().expect("the prover sizes rows by BaseAir::width");
        let c = TransferCols::from_row(row);
        let one = || AB::Expr::ONE;
        let lit = |x: u64| AB::Expr::from(F::from_u64(x));

        // Outcome flags. Each is boolean and their sum `is_real` is boolean, so at most one is
        // set; all zero is a padding row. Every other selector is a sum of flags (degree 1):
        // both accesses happen exactly when both accounts exist (`valid`).
        builder.assert_bools([c.ok, c.insufficient, c.no_from, c.no_to]);
        let is_real = c.ok + c.insufficient + c.no_from + c.no_to;
        builder.assert_bool(is_real.clone());
        let valid: AB::Expr = c.ok + c.insufficient;

        // Padding rows are all zero (unique witness). Every other column is zero on padding
        // through the constraints below, which all vanish once the flags do.
        builder.when(one() - is_real.clone()).assert_zeros([c.seq, c.from, c.to, c.amount]);

        // What moves: the amount if the transfer took effect, else nothing.
        builder.assert_eq(c.moved, c.ok * c.amount);

        // One 48-bit difference witnesses whichever outcome the row claims. Exactly one term is
        // live, and the three 16-bit limbs (looked up below) put it in [0, 2^48):
        // - ok:           from_old - amount        >= 0: the balance covers the amount;
        // - insufficient: amount - from_old - 1    >= 0: it does not;
        // - no_from:      from - ACCOUNTS          >= 0: `from` does not exist;
        // - no_to:        to - ACCOUNTS            >= 0: `to` does not exist.
        // Balances are below 2^48 (the ledger's supply cap) and operands below 2^32 (the verifier
        // decodes them as u32), so a negative difference wraps to at least p - 2^48 and has no
        // limbs: each claim is the integer comparison it names. The converse claims need no
        // comparison of their own:
        // - on a valid row both accounts are accessed, and an accessed account exists: the
        //   memory boundary only has rows for touched addresses, which the verifier checks are
        //   inside memory (ACCOUNTS + 1 cells), and an access to any other address cannot balance
        //   the memory bus (its earliest access would receive a tuple nobody sent);
        // - on a `no_to` row `from` must exist too (else the code would name `from`): the
        //   debit's gap limb, idle there, holds `from * 2^6`, and its lookup proves
        //   `from < 2^10 = ACCOUNTS` (`from < 2^32`, so the product does not wrap).
        // So the flags are forced: `no_from` iff `from` is missing, `no_to` iff only `to` is,
        // `ok` iff both exist and the balance suffices.
        let accounts = lit(ACCOUNTS);
        let diff = c.diff_0 + c.diff_1 * lit(1 << 16) + c.diff_2 * lit(1 << 32);
        let claimed = c.ok * (c.from_old - c.amount)
            + c.insufficient * (c.amount - c.from_old - one())
            + c.no_from * (c.from - accounts.clone())
            + c.no_to * (c.to - accounts);
        builder.assert_eq(diff, claimed);

        // Memory accesses (offline memory checking). Each receives `(addr, old, prev_clk)` and
        // sends `(addr, new, clk)`; storing the gap `clk - prev_clk - 1` instead of `prev_clk`
        // gives `prev_clk` as a degree-1 expression and the `prev_clk < clk` check at once: the
        // gap is `lo + 2^16 * hi` with `lo` looked up and `hi` boolean, so it lies in [0, 2^17),
        // and a tuple's `prev_clk` must equal some sent clock (0 or a clock <= 2^17), hence is
        // below `clk`. Off accesses have `old` and gap zero (unique witness), except the debit's
        // `lo` on a `no_to` row, `from * 2^6` as above.
        builder.assert_bools([c.from_gap_hi, c.to_gap_hi]);
        let off = one() - valid.clone();
        builder.when(off.clone()).assert_zeros([c.from_old, c.from_gap_hi, c.to_old, c.to_gap_lo, c.to_gap_hi]);
        builder.assert_eq(off * c.from_gap_lo, c.no_to * c.from * lit(FROM_SCALE));
        let debit_clk = c.seq * F::TWO + F::ONE;
        let credit_clk = c.seq * F::TWO + F::TWO;
        let gap = |lo: AB::Var, hi: AB::Var| lo + hi * lit(1 << LIMB_BITS);

        // Bus: the input record, received once per real row, and the chain's end handed back.
        // `seq` and the operands are the record's; the row clock is `seq` (the input table then
        // requires clock `seq + 1` for the next input, which is what it gets) and the Transfer
        // opcode is a constant, so no other opcode's record can be consumed here.
        builder.push_interaction(
            Bus::Input.name(),
            [c.seq.into(), c.seq.into(), lit(self.opcode), c.from.into(), c.to.into(), c.amount.into()],
            Count::bounded(-is_real.clone(), 1),
        );
        builder.push_interaction(
            Bus::Input.name(),
            [c.seq.into(), c.seq.into(), lit(self.done), AB::Expr::ZERO, AB::Expr::ZERO, AB::Expr::ZERO],
            Count::bounded(is_real.clone(), 1),
        );

        // Bus: memory, debit then credit. All fields and counts are degree 1, so each access's
        // receive and send share one LogUp column. When `from == to` the credit receives the
        // debit's tuple: its gap is 0.
        let from_addr = c.from + F::ONE;
        let to_addr = c.to + F::ONE;
        builder.push_interaction(
            Bus::Memory.name(),
            [from_addr.clone(), c.from_old.into(), debit_clk.clone() - F::ONE - gap(c.from_gap_lo, c.from_gap_hi)],
            Count::bounded(-valid.clone(), 1),
        );
        builder.push_interaction(
            Bus::Memory.name(),
            [from_addr, c.from_old - c.moved, debit_clk],
            Count::bounded(valid.clone(), 1),
        );
        builder.push_interaction(
            Bus::Memory.name(),
            [to_addr.clone(), c.to_old.into(), credit_clk.clone() - F::ONE - gap(c.to_gap_lo, c.to_gap_hi)],
            Count::bounded(-valid.clone(), 1),
        );
        builder.push_interaction(
            Bus::Memory.name(),
            [to_addr, c.to_old + c.moved, credit_clk],
            Count::bounded(valid, 1),
        );

        // Bus: 16-bit range checks, on every row (padding rows look up 0, which the range
        // table's multiplicities count), so the counts are the constant 1.
        for limb in [c.diff_0, c.diff_1, c.diff_2, c.from_gap_lo, c.to_gap_lo] {
            builder.push_interaction(Bus::Range.name(), [limb], Count::bounded(AB::Expr::ONE, 1));
        }

        // Bus: the output record, `[code]` at index `8 * clk` (slot 0 of the row).
        let outcome =
            (c.no_from + c.no_to) * lit(code::NO_SUCH_ACCOUNT) + c.insufficient * lit(code::INSUFFICIENT_FUNDS);
        builder.push_interaction(
            Bus::Output.name(),
            [c.seq.into(), c.seq * lit(OUTPUT_SLOTS), outcome],
            Count::bounded(is_real, 1),
        );
    }
}

#[cfg(test)]
mod tests {
    use p3_air::check_all_constraints;
    use p3_matrix::dense::RowMajorMatrix;

    use super::*;
    use crate::baseline::columns::TRANSFER_COL_MAP;
    use crate::baseline::tests::small_witness;

    fn transfer_trace() -> (TransferAir, RowMajorMatrix<F>) {
        let (_, witness) = small_witness(40);
        let air = witness.transfer_air();
        (air, witness.traces[0].clone())
    }

    #[test]
    fn valid_trace_satisfies_constraints() {
        let (air, trace) = transfer_trace();
        let report = check_all_constraints(&air, &trace, &[], None);
        assert!(report.is_ok(), "{report:?}");
    }

    #[test]
    fn corrupted_moved_detected() {
        let (air, mut trace) = transfer_trace();
        trace.values[TRANSFER_COL_MAP.moved] += F::ONE;
        assert!(!check_all_constraints(&air, &trace, &[], None).is_ok());
    }

    #[test]
    fn corrupted_flag_detected() {
        let (air, mut trace) = transfer_trace();
        // Two flags set on one row.
        let row = &mut trace.values[..NUM_TRANSFER_COLS];
        let flags =
            [TRANSFER_COL_MAP.ok, TRANSFER_COL_MAP.insufficient, TRANSFER_COL_MAP.no_from, TRANSFER_COL_MAP.no_to];
        let unset = flags.into_iter().find(|&f| row[f] == F::ZERO).expect("one flag is set");
        row[unset] = F::ONE;
        assert!(!check_all_constraints(&air, &trace, &[], None).is_ok());
    }
}
