//! [`mutation_sweep`]: change single cells of a valid witness and require that each change is
//! caught, by a constraint or by a bus. A change nothing catches means the column is
//! under-constrained: a prover could put another value there and still produce a proof.
//!
//! A mutation of row `r` is caught when
//! - a constraint fails on row `r`, or on row `r - 1` for a chip that reads the next row, that
//!   did not fail before; or
//! - the signed interaction multiset of those rows (`(bus, tuple) -> count`, zero counts dropped)
//!   differs from before: every other row is unchanged, so the global sum of some bus moves away
//!   from zero and the bus cannot balance. Lookup tables are the exception: the table side
//!   ([`p3_lookup::Count::provided`], e.g. the range table) has multiplicities the prover chooses
//!   freely, so a query that moves from one tuple the table provides to another is absorbed by
//!   re-balancing them, and does not count as caught. Moving a query to a tuple outside the
//!   table (a value out of range) does.
//!
//! Preprocessed columns are fixed by the verifier and are not mutated.

use core::fmt;
use std::collections::{BTreeMap, HashMap, HashSet};

use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_matrix::dense::RowMajorMatrix;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::backend::F;
use crate::chips::ChipAir;
use crate::dsl::signed;
use crate::witness::Witness;
use crate::witness::{shape_failures, ChipTraces, RowEval};

/// A single-cell change that no constraint and no bus caught.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Survivor {
    /// Chip name.
    pub chip: String,
    /// Row of the chip's trace.
    pub row: usize,
    /// Column name.
    pub column: String,
    /// The witness value.
    pub original: F,
    /// The value that was not caught.
    pub mutated: F,
}

impl fmt::Display for Survivor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "chip `{}` column `{}` row {}: {} -> {} is not caught",
            self.chip,
            self.column,
            self.row,
            signed(self.original),
            signed(self.mutated)
        )
    }
}

/// What the sweep did on one chip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChipSweep {
    /// Chip name.
    pub chip: String,
    /// Rows sampled, real and padding.
    pub rows: usize,
    /// Of which padding rows (rows that must contribute nothing).
    pub padding_rows: usize,
    /// Main columns mutated on each sampled row.
    pub columns: usize,
    /// Mutations tried.
    pub tried: usize,
    /// Mutations not caught.
    pub survived: usize,
}

/// The result of a [`mutation_sweep`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Mutations tried over all chips.
    pub tried: usize,
    /// Per chip, in witness order.
    pub chips: Vec<ChipSweep>,
    /// Every mutation that was not caught.
    pub survivors: Vec<Survivor>,
}

impl SweepReport {
    /// The distinct `(chip, column)` pairs with survivors: the under-constrained columns.
    pub fn columns(&self) -> Vec<(String, String)> {
        let mut cols: Vec<(String, String)> =
            self.survivors.iter().map(|s| (s.chip.clone(), s.column.clone())).collect();
        cols.sort();
        cols.dedup();
        cols
    }
}

impl fmt::Display for SweepReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "mutation sweep: {} mutations, {} survived", self.tried, self.survivors.len())?;
        writeln!(f, "{:<16} {:>6} {:>8} {:>8} {:>9} {:>9}", "chip", "rows", "padding", "columns", "tried", "survived")?;
        for c in &self.chips {
            writeln!(
                f,
                "{:<16} {:>6} {:>8} {:>8} {:>9} {:>9}",
                c.chip, c.rows, c.padding_rows, c.columns, c.tried, c.survived
            )?;
        }
        for (chip, column) in self.columns() {
            let hits: Vec<&Survivor> = self.survivors.iter().filter(|s| s.chip == chip && s.column == column).collect();
            writeln!(
                f,
                "under-constrained: chip `{chip}` column `{column}` ({} survivors), e.g. {}",
                hits.len(),
                hits[0]
            )?;
        }
        Ok(())
    }
}

/// Mutates single cells of `witness` and reports the mutations nothing catches.
///
/// For each chip, samples `rows_per_chip` rows (all rows of a shorter trace), real and padding
/// rows both, boundary rows always; on each sampled row, every main column is set to its value
/// `+ 1`, `- 1` and a random other value, one at a time. `seed` makes the run reproducible. A
/// witness that does not fit its chips is not swept (the report is empty; see
/// [`super::check_witness`]).
pub fn mutation_sweep(witness: &Witness, rows_per_chip: usize, seed: u64) -> SweepReport {
    let mut report = SweepReport::default();
    if !shape_failures(witness).is_empty() {
        return report;
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let tables = tables(witness);
    for ((air, main), pv) in witness.airs.iter().zip(&witness.traces).zip(&witness.public_values) {
        let chip = sweep_chip(air, main, pv, &tables, rows_per_chip, &mut rng, &mut report.survivors);
        report.tried += chip.tried;
        report.chips.push(chip);
    }
    report
}

fn sweep_chip(
    air: &ChipAir,
    main: &RowMajorMatrix<F>,
    public_values: &[F],
    tables: &Tables,
    rows_per_chip: usize,
    rng: &mut StdRng,
    survivors: &mut Vec<Survivor>,
) -> ChipSweep {
    let traces = ChipTraces::new(air, main, public_values);
    let (height, width) = (traces.height(), main.width);
    let padding: Vec<bool> = (0..height).map(|row| is_padding(air, &traces, row)).collect();
    let rows = sample_rows(&padding, rows_per_chip, rng);
    let columns = air.column_names();
    let mut mutated = main.clone();
    let mut out = ChipSweep {
        chip: air.name().to_string(),
        rows: rows.len(),
        padding_rows: rows.iter().filter(|&&r| padding[r]).count(),
        columns: width,
        tried: 0,
        survived: 0,
    };
    for &row in &rows {
        // A change to row `r` is seen by row `r` and, through its next-row window, row `r - 1`.
        let affected: Vec<usize> =
            if traces.reads_next_row() && height > 1 { vec![row, (row + height - 1) % height] } else { vec![row] };
        let before = Effect::of(affected.iter().map(|&r| traces.eval(air, main, r)), tables);
        for col in 0..width {
            let cell = row * width + col;
            let original = main.values[cell];
            for value in mutations(original, rng) {
                mutated.values[cell] = value;
                let after = Effect::of(affected.iter().map(|&r| traces.eval(air, &mutated, r)), tables);
                out.tried += 1;
                if !after.caught(&before, tables) {
                    out.survived += 1;
                    let column = columns.get(col).cloned().unwrap_or_else(|| format!("column #{col}"));
                    survivors.push(Survivor { chip: out.chip.clone(), row, column, original, mutated: value });
                }
            }
            mutated.values[cell] = original;
        }
    }
    out
}

/// The tuples each lookup table provides (`bus -> tuples`), over the whole witness: the tuples
/// a query may move to when the prover re-balances the table's free multiplicities.
type Tables = HashMap<String, HashSet<Vec<F>>>;

fn tables(witness: &Witness) -> Tables {
    let mut tables = Tables::new();
    for ((air, main), pv) in witness.airs.iter().zip(&witness.traces).zip(&witness.public_values) {
        let traces = ChipTraces::new(air, main, pv);
        for row in 0..traces.height() {
            for i in traces.eval(air, main, row).interactions {
                if i.provided && !i.local {
                    tables.entry(i.bus).or_default().insert(i.fields);
                }
            }
        }
    }
    tables
}

/// Net signed count per `(bus, tuple)`, zero counts dropped.
type Multiset = BTreeMap<(String, Vec<F>), F>;

/// The observable effect of a set of rows: failing constraints, and the net interaction multiset
/// split into queries to lookup tables and everything else.
struct Effect {
    failures: Vec<(usize, usize)>,
    strict: Multiset,
    queries: Multiset,
}

impl Effect {
    fn of(rows: impl Iterator<Item = RowEval>, tables: &Tables) -> Self {
        let mut failures = Vec::new();
        let (mut strict, mut queries) = (Multiset::new(), Multiset::new());
        for (k, eval) in rows.enumerate() {
            failures.extend(eval.failures.iter().map(|nz| (k, nz.index)));
            for i in eval.interactions {
                let query = !i.provided && !i.local && tables.contains_key(&i.bus);
                let set = if query { &mut queries } else { &mut strict };
                *set.entry((i.bus, i.fields)).or_insert(F::ZERO) += i.count;
            }
        }
        strict.retain(|_, count| *count != F::ZERO);
        queries.retain(|_, count| *count != F::ZERO);
        Self { failures, strict, queries }
    }

    /// True if `self` (after a mutation) fails a constraint `before` did not, or moves a bus in
    /// a way no re-balancing of lookup multiplicities can absorb: a changed tuple on any other
    /// bus, or a query to a tuple its table does not provide.
    fn caught(&self, before: &Self, tables: &Tables) -> bool {
        if self.failures.iter().any(|f| !before.failures.contains(f)) || self.strict != before.strict {
            return true;
        }
        let moved = |a: &Multiset, b: &Multiset| {
            a.iter().any(|(key, count)| b.get(key) != Some(count) && !provides(tables, key))
        };
        moved(&self.queries, &before.queries) || moved(&before.queries, &self.queries)
    }
}

fn provides(tables: &Tables, (bus, tuple): &(String, Vec<F>)) -> bool {
    tables.get(bus).is_some_and(|t| t.contains(tuple))
}

/// `v + 1`, `v - 1` and a random value different from all three.
fn mutations(v: F, rng: &mut StdRng) -> [F; 3] {
    let random = loop {
        let r = F::from_u64(rng.random_range(0..F::ORDER_U64));
        if r != v && r != v + F::ONE && r != v - F::ONE {
            break r;
        }
    };
    [v + F::ONE, v - F::ONE, random]
}

/// True for a row that must contribute nothing: `is_real = 0` in the main trace of an op chip or
/// the preprocessed trace of a table chip. Every row of the range table is real.
fn is_padding(air: &ChipAir, traces: &ChipTraces<'_>, row: usize) -> bool {
    let flag = match air {
        ChipAir::Op(_) => traces.main.values.get(row * traces.main.width).copied(),
        ChipAir::Memory(_) | ChipAir::Io(_) => traces.preprocessed_row(row).first().copied(),
        ChipAir::Range(_) => Some(F::ONE),
    };
    flag.is_some_and(|f| f.as_canonical_u64() == 0)
}

/// Up to `n` distinct rows (every row if there are at most `n`): the first and last row, the
/// last real and first padding row, then random rows, with about a quarter padding rows when
/// there are any. Sorted.
fn sample_rows(padding: &[bool], n: usize, rng: &mut StdRng) -> Vec<usize> {
    let height = padding.len();
    if height <= n {
        return (0..height).collect();
    }
    let (pad, real): (Vec<usize>, Vec<usize>) = (0..height).partition(|&r| padding[r]);
    let mut chosen = std::collections::BTreeSet::new();
    let boundaries = [Some(0), Some(height - 1), real.last().copied(), pad.first().copied()];
    chosen.extend(boundaries.into_iter().flatten());
    let pad_quota = if pad.is_empty() { 0 } else { (n / 4).max(1).min(pad.len()) };
    let mut pick = |pool: &[usize], quota: usize, chosen: &mut std::collections::BTreeSet<usize>| {
        let mut pool = pool.to_vec();
        let mut taken = pool.iter().filter(|r| chosen.contains(r)).count();
        while taken < quota && !pool.is_empty() {
            let r = pool.swap_remove(rng.random_range(0..pool.len()));
            if chosen.insert(r) {
                taken += 1;
            }
        }
    };
    pick(&pad, pad_quota, &mut chosen);
    let real_quota = n.saturating_sub(chosen.iter().filter(|&&r| padding[r]).count()).min(real.len());
    pick(&real, real_quota, &mut chosen);
    let all: Vec<usize> = (0..height).collect();
    pick(&all, n, &mut chosen);
    chosen.into_iter().collect()
}
