//! An opcode's chip: one row per instance, columns and constraints from the opcode's semantics
//! under the constrain interpreter.
//!
//! Every constraint is multiplied by the row's `is_real` flag and every interaction's count too
//! (an exclusive group's flags are zeroed on padding rows another way, see `eval`), so padding
//! rows constrain and contribute nothing; padding rows are also forced to all zeros, which keeps
//! the witness unique (the mutation sweep relies on that).

use std::sync::Arc;

use p3_air::WindowAccess;
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder};

use crate::backend::F;
use crate::dsl::OpLayout;

/// The chip of one opcode.
#[derive(Clone, Debug)]
pub struct OpChip {
    pub(crate) layout: Arc<OpLayout>,
}

impl OpChip {
    pub(crate) fn new(layout: Arc<OpLayout>) -> Self {
        Self { layout }
    }

    /// Names of every constraint this chip emits, in emission order (what a failure reports).
    pub fn constraint_names(&self) -> Vec<String> {
        let mut names = vec!["is_real.bool".to_string()];
        names.extend(self.layout.columns[1..].iter().map(|c| format!("{c}.zero_when_padding")));
        names.extend(self.layout.constraints.iter().cloned());
        names
    }

    pub(crate) fn eval<AB>(&self, builder: &mut AB)
    where
        AB: InteractionBuilder<F = F>,
    {
        let main = builder.main();
        let row: Vec<AB::Expr> = main.current_slice().iter().map(|&v| v.into()).collect();
        let is_real = row[0].clone();
        let program = &self.layout.program;
        let values = program.run(&row);

        builder.assert_bool(is_real.clone());
        let padding = AB::Expr::ONE - is_real.clone();
        for col in &row[1..] {
            builder.assert_zero(padding.clone() * col.clone());
        }
        for &c in &program.constraints {
            builder.assert_zero(is_real.clone() * values.get(c));
        }
        for (bus, (fields, mult)) in &program.interactions {
            let fields: Vec<AB::Expr> = fields.iter().map(|&f| values.get(f)).collect();
            builder.push_interaction(bus.name(), fields, Count::bounded(is_real.clone() * values.get(*mult), 1));
        }
        // An exclusive group's flags are not multiplied by `is_real`, which would lift the
        // column to degree 4. A padding row is all zeros, so each flag there equals its value on
        // the zero row, which the layout recorded; subtracting it on padding rows makes every
        // flag 0 there and leaves real rows alone.
        for ((bus, branches), at_zero) in program.one_of.iter().zip(&self.layout.one_of_at_zero) {
            let branches = branches.iter().zip(at_zero).map(|((fields, flag), &zero)| {
                let fields: Vec<AB::Expr> = fields.iter().map(|&f| values.get(f)).collect();
                (values.get(*flag) - padding.clone() * AB::Expr::from(zero), Count::bounded(AB::Expr::ONE, 1), fields)
            });
            builder.push_exclusive_interaction(bus.name(), branches);
        }
    }
}
