//! Trace-area accounting for any chip set, counted the way `appvm::cost` counts the derived VM:
//! main cells plus LogUp cells, where a chip commits `(columns + 1) * 2` base cells per row for
//! its packed LogUp fraction columns and the running sum. The columns are read from the
//! [`ProverData`] the proof is made with, so they are exactly what Plonky3 commits, including the
//! baseline's raised packing budget.

use appvm::backend::{Config, EF};
use appvm::{ChipCost, CostReport, F};
use p3_air::symbolic::AirLayout;
use p3_air::{Air, BaseAir};
use p3_batch_stark::ProverData;
use p3_lookup::{InteractionSymbolicBuilder, Kind};

/// Base-field columns per extension-field column.
const EXTENSION_DEGREE: usize = 2;

/// The cost of `airs` at trace heights `heights`, with the LogUp columns of `prover_data`.
pub fn cost_report<A: BaseAir<F>>(
    airs: &[A],
    name: impl Fn(&A) -> String,
    heights: &[usize],
    prover_data: &ProverData<Config>,
) -> CostReport {
    let chips = airs
        .iter()
        .zip(heights)
        .zip(&prover_data.common.lookups)
        .map(|((air, &rows), lookups)| ChipCost {
            chip: name(air),
            rows,
            main_width: air.width(),
            preprocessed_width: air.preprocessed_width(),
            aux_width: if lookups.is_empty() { 0 } else { (lookups.len() + 1) * EXTENSION_DEGREE },
        })
        .collect();
    CostReport { chips }
}

/// One line per interaction of `air`: bus, tuple width, degree of the fields and of the count.
pub fn interactions<A>(air: &A) -> Vec<String>
where
    A: BaseAir<F> + Air<InteractionSymbolicBuilder<F, EF>>,
{
    let layout = AirLayout {
        preprocessed_width: air.preprocessed_width(),
        main_width: air.width(),
        num_public_values: air.num_public_values(),
        ..Default::default()
    };
    InteractionSymbolicBuilder::<F, EF>::from_air(air, layout)
        .global_interactions()
        .iter()
        .map(|i| {
            let field_degree = i.fields.iter().map(|f| f.degree_multiple()).max().unwrap_or(0);
            format!(
                "{:<14} width {}  field degree {}  count degree {}",
                i.bus_name,
                i.fields.len(),
                field_degree,
                i.count.degree_multiple()
            )
        })
        .collect()
}

/// One line per committed LogUp column of chip `chip`: its bus and how many interactions share it.
pub fn committed_columns(prover_data: &ProverData<Config>, chip: usize) -> Vec<String> {
    prover_data.common.lookups[chip]
        .iter()
        .map(|lookup| {
            let bus = match &lookup.kind {
                Kind::Global(name) => name.as_str(),
                Kind::Local => "local",
            };
            format!("{bus:<14} {} interaction(s)", lookup.elements.len())
        })
        .collect()
}
