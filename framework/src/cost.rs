//! Trace-area accounting: main, preprocessed and auxiliary (LogUp) cells per chip. Computed from
//! the layout and the trace heights alone, so it needs no proving.

use core::fmt;

use p3_air::symbolic::AirLayout;
use p3_air::BaseAir;
use p3_lookup::InteractionSymbolicBuilder;
use serde::Serialize;

use crate::backend::{EF, F};
use crate::chips::ChipAir;
use crate::vm::Vm;

/// Base-field columns per extension-field column.
const EXTENSION_DEGREE: usize = 2;

/// Cost of one chip.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChipCost {
    /// Chip name.
    pub chip: String,
    /// Trace height (padded).
    pub rows: usize,
    /// Main trace columns.
    pub main_width: usize,
    /// Preprocessed columns (fixed by the statement, committed once).
    pub preprocessed_width: usize,
    /// LogUp columns in base-field elements: one extension column per interaction plus the
    /// running sum.
    pub aux_width: usize,
}

impl ChipCost {
    /// Main cells.
    pub fn main_cells(&self) -> usize {
        self.rows * self.main_width
    }

    /// Auxiliary (LogUp) cells.
    pub fn aux_cells(&self) -> usize {
        self.rows * self.aux_width
    }
}

/// Cost of every chip of one batch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CostReport {
    /// Per chip, in proof order.
    pub chips: Vec<ChipCost>,
}

impl CostReport {
    /// The cost of `airs` at the given trace heights.
    pub fn new<M: Vm>(airs: &[ChipAir<M>], heights: &[usize]) -> Self {
        let chips = airs
            .iter()
            .zip(heights)
            .map(|(air, &rows)| {
                let layout = AirLayout {
                    preprocessed_width: air.preprocessed_width(),
                    main_width: air.width(),
                    num_public_values: air.num_public_values(),
                    ..Default::default()
                };
                let interactions =
                    InteractionSymbolicBuilder::<F, EF>::from_air(air, layout).global_interactions().len();
                ChipCost {
                    chip: air.name().to_string(),
                    rows,
                    main_width: air.width(),
                    preprocessed_width: air.preprocessed_width(),
                    aux_width: if interactions == 0 { 0 } else { (interactions + 1) * EXTENSION_DEGREE },
                }
            })
            .collect();
        Self { chips }
    }

    /// Main cells of all chips.
    pub fn main_cells(&self) -> usize {
        self.chips.iter().map(ChipCost::main_cells).sum()
    }

    /// Auxiliary cells of all chips.
    pub fn aux_cells(&self) -> usize {
        self.chips.iter().map(ChipCost::aux_cells).sum()
    }

    /// Main plus auxiliary cells.
    pub fn total_cells(&self) -> usize {
        self.main_cells() + self.aux_cells()
    }
}

impl fmt::Display for CostReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{:<16} {:>9} {:>6} {:>6} {:>6} {:>12}", "chip", "rows", "main", "aux", "prep", "cells")?;
        for c in &self.chips {
            writeln!(
                f,
                "{:<16} {:>9} {:>6} {:>6} {:>6} {:>12}",
                c.chip,
                c.rows,
                c.main_width,
                c.aux_width,
                c.preprocessed_width,
                c.main_cells() + c.aux_cells()
            )?;
        }
        write!(f, "{:<16} {:>9} {:>6} {:>6} {:>6} {:>12}", "total", "", "", "", "", self.total_cells())
    }
}
