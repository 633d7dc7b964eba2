//! Trace-area accounting: main, preprocessed and auxiliary (LogUp) cells per chip. Computed from
//! the layout and the trace heights alone, so it needs no proving.

use core::fmt;

use p3_air::symbolic::AirLayout;
use p3_air::BaseAir;
use p3_batch_stark::symbolic::get_log_num_quotient_chunks_for_domain;
use p3_commit::PolynomialSpace;
use p3_field::coset::TwoAdicMultiplicativeCoset;
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{LogUpGadget, Lookups};
use serde::Serialize;

use crate::backend::{EF, F};
use crate::chips::ChipAir;

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
    /// LogUp columns in base-field elements: the running sum plus one extension column per
    /// group of same-bus interactions that Plonky3 packs together within the degree budget.
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
    pub fn new(airs: &[ChipAir], heights: &[usize]) -> Self {
        let chips = airs
            .iter()
            .zip(heights)
            .map(|(air, &rows)| {
                let columns = lookup_columns(air, rows);
                ChipCost {
                    chip: air.name().to_string(),
                    rows,
                    main_width: air.width(),
                    preprocessed_width: air.preprocessed_width(),
                    aux_width: if columns == 0 { 0 } else { (columns + 1) * EXTENSION_DEGREE },
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

/// LogUp fraction columns of `air` at height `rows`, packed exactly as
/// `p3_batch_stark::ProverData::from_airs_and_degrees` packs them: same-bus interactions share a
/// column while the fraction constraint stays inside the quotient degree the AIR already needs.
fn lookup_columns(air: &ChipAir, rows: usize) -> usize {
    let gadget = LogUpGadget::new();
    // The two-adic FRI PCS's natural domain for `rows` (heights are powers of two).
    let Some(domain) = TwoAdicMultiplicativeCoset::new(F::ONE, rows.trailing_zeros() as usize) else {
        return 0;
    };
    let unpacked = Lookups::<F>::from_air::<EF, _>(air);
    let log_chunks = get_log_num_quotient_chunks_for_domain::<F, EF, _, _>(
        air,
        AirLayout::from_air(air),
        domain,
        &unpacked,
        0,
        &gadget,
    );
    let budget = (1usize << log_chunks) + 1;
    let packed = unpacked.pack_same_bus_with_degree(budget, |lookup| {
        gadget.constraint_degree_with_transition(lookup, domain.transition_degree_multiple())
    });
    packed.len()
}
