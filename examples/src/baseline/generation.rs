//! Executes a batch of transfers and fills the traces of the hand-written chip set: the Transfer
//! chip, the memory boundary's final clocks and the range table's multiplicities.

use appvm::chips::{padded_height, MemoryChip, RangeChip};
use appvm::dsl::OUTPUT_SLOTS;
use appvm::F;
use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;
use tracing::instrument;

use super::air::FROM_SCALE;
use super::columns::{TransferCols, NUM_TRANSFER_COLS};
use appvm_ledger::vm::{code, Transfer, ACCOUNTS};

/// Limbs looked up in the range table per row, in the order `air.rs` pushes them.
const LOOKUPS_PER_ROW: usize = 5;

/// The outcome of a batch and every trace it needs.
#[derive(Debug)]
pub struct Execution {
    /// Output records `[seq, 0, code]`.
    pub outputs: Vec<Vec<u64>>,
    /// Memory after the batch.
    pub final_memory: Vec<u64>,
    /// The Transfer chip's trace (padded).
    pub transfer_trace: RowMajorMatrix<F>,
    /// Addresses the batch accessed, increasing: the memory boundary's rows.
    pub touched: Vec<u64>,
    /// The memory boundary's trace: each touched cell's last clock (padded).
    pub memory_trace: RowMajorMatrix<F>,
    /// The range table's trace: value and multiplicity.
    pub range_trace: RowMajorMatrix<F>,
}

/// Memory with the clock of each cell's last access.
struct Memory {
    values: Vec<u64>,
    clocks: Vec<u64>,
}

impl Memory {
    /// One access at `clk`: returns `(old, gap)` and stores `f(old)`.
    fn access(&mut self, addr: usize, clk: u64, f: impl FnOnce(u64) -> u64) -> (u64, u64) {
        let old = self.values[addr];
        let gap = clk - self.clocks[addr] - 1;
        self.values[addr] = f(old);
        self.clocks[addr] = clk;
        (old, gap)
    }
}

/// Runs `ops` from `initial` (the ledger's `ACCOUNTS + 1` cells) and fills the traces. The caller
/// has checked the batch size against [`super::MAX_TRANSFERS`] and the memory size.
#[instrument(skip_all, fields(transfers = ops.len()))]
pub fn generate(initial: &[u64], ops: &[Transfer]) -> Execution {
    let mut memory = Memory { values: initial.to_vec(), clocks: vec![0; initial.len()] };
    let mut range_counts = vec![0u32; RangeChip::HEIGHT];
    let height = padded_height(ops.len());
    let mut values = F::zero_vec(height * NUM_TRANSFER_COLS);
    let mut outputs = Vec::with_capacity(ops.len());

    for ((seq, op), row) in ops.iter().enumerate().zip(values.chunks_exact_mut(NUM_TRANSFER_COLS)) {
        let seq = seq as u64;
        let (from, to, amount) = (u64::from(op.from), u64::from(op.to), u64::from(op.amount));
        let mut c = TransferCols::<u64> { seq, from, to, amount, ..Default::default() };
        let exists = |account: u64| account < ACCOUNTS;
        let outcome = if !exists(from) {
            c.no_from = 1;
            c.diff_0 = from - ACCOUNTS;
            code::NO_SUCH_ACCOUNT
        } else if !exists(to) {
            // No access: the debit's idle gap limb holds `from * 2^6`, whose lookup proves
            // `from < ACCOUNTS` (see `air.rs`).
            c.no_to = 1;
            c.diff_0 = to - ACCOUNTS;
            c.from_gap_lo = from * FROM_SCALE;
            code::NO_SUCH_ACCOUNT
        } else {
            let balance = memory.values[from as usize + 1];
            c.moved = if balance >= amount { amount } else { 0 };
            (c.from_old, c.from_gap_lo) = memory.access(from as usize + 1, 2 * seq + 1, |b| b - c.moved);
            (c.to_old, c.to_gap_lo) = memory.access(to as usize + 1, 2 * seq + 2, |b| b + c.moved);
            if balance >= amount {
                c.ok = 1;
                c.diff_0 = balance - amount;
                code::OK
            } else {
                c.insufficient = 1;
                c.diff_0 = amount - balance - 1;
                code::INSUFFICIENT_FUNDS
            }
        };
        // Split the difference and the gaps into their limbs.
        let diff = c.diff_0;
        (c.diff_0, c.diff_1, c.diff_2) = (diff & 0xffff, (diff >> 16) & 0xffff, diff >> 32);
        (c.from_gap_lo, c.from_gap_hi) = (c.from_gap_lo & 0xffff, c.from_gap_lo >> 16);
        (c.to_gap_lo, c.to_gap_hi) = (c.to_gap_lo & 0xffff, c.to_gap_lo >> 16);
        for limb in [c.diff_0, c.diff_1, c.diff_2, c.from_gap_lo, c.to_gap_lo] {
            range_counts[limb as usize] += 1;
        }
        for (cell, v) in row.iter_mut().zip(c.to_row()) {
            *cell = F::from_u64(v);
        }
        outputs.push(vec![seq, seq * OUTPUT_SLOTS, outcome]);
    }
    // Padding rows are all zero and look up 0 for each limb.
    range_counts[0] += (LOOKUPS_PER_ROW * (height - ops.len())) as u32;

    let touched: Vec<u64> = (0..memory.clocks.len() as u64).filter(|&a| memory.clocks[a as usize] > 0).collect();
    let memory_trace = MemoryChip::trace(touched.iter().map(|&addr| memory.clocks[addr as usize]));
    Execution {
        outputs,
        final_memory: memory.values,
        touched,
        transfer_trace: RowMajorMatrix::new(values, NUM_TRANSFER_COLS),
        memory_trace,
        range_trace: RangeChip::trace(&range_counts),
    }
}
