//! Names for what the evaluator reports: constraint names per chip, preprocessed column names,
//! and which columns each constraint reads (from one symbolic evaluation of the chip).

use std::collections::BTreeSet;

use p3_air::symbolic::SymbolicExpr;
use p3_air::symbolic::{AirLayout, BaseEntry, BaseLeaf, SymbolicExpression};
use p3_air::BaseAir;
use p3_lookup::InteractionSymbolicBuilder;

use crate::backend::F;
use crate::chips::ChipAir;

/// A trace cell a constraint reads, relative to the evaluated row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Cell {
    /// Main column `index` of the current (`next = false`) or next row.
    Main { index: usize, next: bool },
    /// Preprocessed column `index` of the current or next row.
    Preprocessed { index: usize, next: bool },
}

/// Everything needed to put names on a chip's failures.
#[derive(Debug)]
pub(crate) struct ChipNames {
    pub chip: String,
    pub columns: Vec<String>,
    pub preprocessed: Vec<String>,
    pub constraints: Vec<String>,
    /// Per constraint, the cells it reads.
    pub reads: Vec<Vec<Cell>>,
}

impl ChipNames {
    pub fn new(air: &ChipAir) -> Self {
        let reads = constraint_reads(air);
        let given = constraint_names(air);
        let constraints = if given.len() == reads.len() {
            given
        } else {
            (0..reads.len()).map(|i| format!("constraint #{i}")).collect()
        };
        Self {
            chip: air.name().to_string(),
            columns: air.column_names(),
            preprocessed: preprocessed_names(air),
            constraints,
            reads,
        }
    }

    /// The name of constraint `index`.
    pub fn constraint(&self, index: usize) -> String {
        self.constraints.get(index).cloned().unwrap_or_else(|| format!("constraint #{index}"))
    }

    /// The name of a cell, `'` marking the next row and `pre.` a preprocessed column.
    pub fn cell(&self, cell: Cell) -> String {
        let (name, next) = match cell {
            Cell::Main { index, next } => (self.columns.get(index).cloned(), next),
            Cell::Preprocessed { index, next } => (self.preprocessed.get(index).map(|n| format!("pre.{n}")), next),
        };
        let name = name.unwrap_or_else(|| format!("{cell:?}"));
        if next {
            format!("{name}'")
        } else {
            name
        }
    }
}

/// Constraint names in emission order: an op chip's from its layout, a built-in chip's written
/// here next to what its `eval` emits.
fn constraint_names(air: &ChipAir) -> Vec<String> {
    let fixed: &[&str] = match air {
        ChipAir::Op(op) => return op.constraint_names(),
        ChipAir::Memory(_) => {
            &["final_clk.zero_when_padding", "final_clk.nonzero_when_real", "final_clk_inv.zero_when_padding"]
        }
        ChipAir::Range(_) => &["value.starts_at_0", "value.increments", "value.ends_at_max"],
        ChipAir::Io(_) => &["zero.is_zero"],
    };
    fixed.iter().map(ToString::to_string).collect()
}

fn preprocessed_names(air: &ChipAir) -> Vec<String> {
    match air {
        ChipAir::Memory(_) => ["is_real", "addr", "initial", "final"].map(String::from).to_vec(),
        ChipAir::Io(_) => {
            let fields = air.preprocessed_width().saturating_sub(1);
            std::iter::once("is_real".to_string()).chain((0..fields).map(|i| format!("field{i}"))).collect()
        }
        ChipAir::Op(_) | ChipAir::Range(_) => Vec::new(),
    }
}

/// The cells each constraint reads, from a symbolic evaluation of the chip.
fn constraint_reads(air: &ChipAir) -> Vec<Vec<Cell>> {
    let layout = AirLayout::from_air(air);
    let builder = InteractionSymbolicBuilder::<F>::from_air(air, layout);
    builder
        .base_constraints()
        .iter()
        .map(|c| {
            let mut cells = BTreeSet::new();
            collect_cells(c, &mut cells);
            cells.into_iter().collect()
        })
        .collect()
}

fn collect_cells(e: &SymbolicExpression<F>, out: &mut BTreeSet<Cell>) {
    match e {
        SymbolicExpr::Leaf(BaseLeaf::Variable(v)) => match v.entry {
            BaseEntry::Main { offset } => {
                out.insert(Cell::Main { index: v.index, next: offset == 1 });
            }
            BaseEntry::Preprocessed { offset } => {
                out.insert(Cell::Preprocessed { index: v.index, next: offset == 1 });
            }
            BaseEntry::Periodic | BaseEntry::Public => {}
        },
        SymbolicExpr::Leaf(_) => {}
        SymbolicExpr::Add { x, y, .. } | SymbolicExpr::Sub { x, y, .. } | SymbolicExpr::Mul { x, y, .. } => {
            collect_cells(x, out);
            collect_cells(y, out);
        }
        SymbolicExpr::Neg { x, .. } => collect_cells(x, out),
    }
}
