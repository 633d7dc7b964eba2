//! [`RowEvaluator`]: an AIR builder over concrete values of one row window, which records every
//! non-zero constraint and every bus interaction instead of proving anything. Everything else in
//! the test kit is built on [`eval_row`].

use p3_air::{Air, AirBuilder, BaseAir, RowWindow};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder};
use p3_matrix::dense::RowMajorMatrix;

use crate::backend::F;
use crate::chips::ChipAir;

/// One bus message of one row, evaluated.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Interaction {
    /// The bus name (for a local lookup, `local#k` with `k` its index in the row's evaluation).
    pub bus: String,
    /// True for an intra-chip lookup, which balances within its own chip.
    pub local: bool,
    /// True for the table side of a lookup ([`Count::provided`]): its multiplicity is the
    /// prover's to choose, so a query may move to any other tuple the table provides.
    pub provided: bool,
    /// The message fields.
    pub fields: Vec<F>,
    /// The signed multiplicity: positive sends, negative receives.
    pub count: F,
}

/// A constraint that evaluated to a non-zero value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NonZero {
    /// Position of the constraint in the chip's emission order.
    pub index: usize,
    /// What it evaluated to.
    pub value: F,
}

/// An [`AirBuilder`] and [`InteractionBuilder`] over concrete field values: the current and next
/// row of the main and preprocessed traces, the public values and the row selectors. Every
/// assertion is evaluated and counted; the non-zero ones and every interaction are recorded.
#[derive(Debug)]
pub struct RowEvaluator<'a> {
    main: RowWindow<'a, F>,
    preprocessed: RowWindow<'a, F>,
    public_values: &'a [F],
    is_first_row: F,
    is_last_row: F,
    is_transition: F,
    constraints: usize,
    failures: Vec<NonZero>,
    interactions: Vec<Interaction>,
    locals: usize,
}

impl<'a> RowEvaluator<'a> {
    /// An evaluator for row `row` of a trace of `height` rows, given its main and preprocessed
    /// windows (current row, next row) and the chip's public values.
    pub fn new(
        main: RowWindow<'a, F>,
        preprocessed: RowWindow<'a, F>,
        public_values: &'a [F],
        row: usize,
        height: usize,
    ) -> Self {
        let last = row + 1 == height;
        Self {
            main,
            preprocessed,
            public_values,
            is_first_row: F::from_bool(row == 0),
            is_last_row: F::from_bool(last),
            is_transition: F::from_bool(!last),
            constraints: 0,
            failures: Vec::new(),
            interactions: Vec::new(),
            locals: 0,
        }
    }

    /// Constraints evaluated so far (passing or not).
    pub fn constraints(&self) -> usize {
        self.constraints
    }

    /// The constraints that evaluated to a non-zero value, in emission order.
    pub fn failures(&self) -> &[NonZero] {
        &self.failures
    }

    /// Every interaction pushed so far, in emission order (zero counts included).
    pub fn interactions(&self) -> &[Interaction] {
        &self.interactions
    }

    /// The recorded failures and interactions.
    pub fn into_parts(self) -> (Vec<NonZero>, Vec<Interaction>) {
        (self.failures, self.interactions)
    }
}

impl<'a> AirBuilder for RowEvaluator<'a> {
    type F = F;
    type Expr = F;
    type Var = F;
    type PreprocessedWindow = RowWindow<'a, F>;
    type MainWindow = RowWindow<'a, F>;
    type PublicVar = F;
    type PeriodicVar = F;

    fn main(&self) -> Self::MainWindow {
        self.main
    }

    fn preprocessed(&self) -> &Self::PreprocessedWindow {
        &self.preprocessed
    }

    fn is_first_row(&self) -> F {
        self.is_first_row
    }

    fn is_last_row(&self) -> F {
        self.is_last_row
    }

    fn is_transition(&self) -> F {
        self.is_transition
    }

    fn assert_zero<I: Into<F>>(&mut self, x: I) {
        let value = x.into();
        if value != F::ZERO {
            self.failures.push(NonZero { index: self.constraints, value });
        }
        self.constraints += 1;
    }

    fn public_values(&self) -> &[F] {
        self.public_values
    }
}

impl InteractionBuilder for RowEvaluator<'_> {
    fn push_interaction<E: Into<F>>(
        &mut self,
        bus_name: &str,
        fields: impl IntoIterator<Item = E>,
        count: impl Into<Count<F>>,
    ) {
        let (count, bound) = count.into().into_parts();
        let fields = fields.into_iter().map(Into::into).collect();
        let provided = bound == 0;
        self.interactions.push(Interaction { bus: bus_name.to_string(), local: false, provided, fields, count });
    }

    fn push_local_interaction(&mut self, tuples: impl IntoIterator<Item = (Vec<F>, Count<F>)>) {
        let bus = format!("local#{}", self.locals);
        self.locals += 1;
        for (fields, count) in tuples {
            let (count, bound) = count.into_parts();
            self.interactions.push(Interaction { bus: bus.clone(), local: true, provided: bound == 0, fields, count });
        }
    }

    fn push_exclusive_interaction(
        &mut self,
        bus_name: &str,
        branches: impl IntoIterator<Item = (F, Count<F>, Vec<F>)>,
    ) {
        // Only the branch whose flag is set contributes; the AIR must keep flags exclusive.
        for (flag, count, fields) in branches {
            let (count, bound) = count.into_parts();
            if flag != F::ZERO {
                let (bus, provided, count) = (bus_name.to_string(), bound == 0, flag * count);
                self.interactions.push(Interaction { bus, local: false, provided, fields, count });
            }
        }
    }

    fn num_global_interactions(&self) -> usize {
        self.interactions.iter().filter(|i| !i.local).count()
    }

    fn num_local_interactions(&self) -> usize {
        self.locals
    }
}

/// What one row of a chip evaluated to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowEval {
    /// Constraints evaluated.
    pub constraints: usize,
    /// Non-zero constraints.
    pub failures: Vec<NonZero>,
    /// Interactions, in emission order.
    pub interactions: Vec<Interaction>,
}

/// A chip's traces, as the verifier sees them: the next row is visible only to AIRs that declare
/// next-row columns, and is zero otherwise (the verifier opens no next row for them).
#[derive(Debug)]
pub(crate) struct ChipTraces<'a> {
    pub main: &'a RowMajorMatrix<F>,
    pub preprocessed: Option<RowMajorMatrix<F>>,
    pub public_values: &'a [F],
    main_next: bool,
    preprocessed_next: bool,
    zeros: Vec<F>,
}

impl<'a> ChipTraces<'a> {
    pub fn new(air: &ChipAir, main: &'a RowMajorMatrix<F>, public_values: &'a [F]) -> Self {
        let preprocessed = air.preprocessed_trace();
        let pre_width = preprocessed.as_ref().map_or(0, |p| p.width);
        Self {
            main,
            preprocessed,
            public_values,
            main_next: !air.main_next_row_columns().is_empty(),
            preprocessed_next: !air.preprocessed_next_row_columns().is_empty(),
            zeros: F::zero_vec(main.width.max(pre_width)),
        }
    }

    /// Rows of the main trace.
    pub fn height(&self) -> usize {
        self.main.values.len().checked_div(self.main.width).unwrap_or(0)
    }

    /// True if the chip reads the next main row.
    pub fn reads_next_row(&self) -> bool {
        self.main_next
    }

    /// The preprocessed trace's row `row`, if the chip has one.
    pub fn preprocessed_row(&self, row: usize) -> &[F] {
        match &self.preprocessed {
            Some(p) if p.width > 0 => p.values.get(row * p.width..(row + 1) * p.width).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Evaluates row `row` of `air` over `main` (a trace of the same shape as `self.main`, which
    /// the sweep passes mutated).
    pub fn eval(&self, air: &ChipAir, main: &RowMajorMatrix<F>, row: usize) -> RowEval {
        let height = self.height();
        let width = main.width;
        let next = (row + 1) % height.max(1);
        let cur = &main.values[row * width..(row + 1) * width];
        let nxt = if self.main_next { &main.values[next * width..(next + 1) * width] } else { &self.zeros[..width] };
        let pre_cur = self.preprocessed_row(row);
        let pre_nxt = if self.preprocessed_next { self.preprocessed_row(next) } else { &self.zeros[..pre_cur.len()] };
        let mut builder = RowEvaluator::new(
            RowWindow::from_two_rows(cur, nxt),
            RowWindow::from_two_rows(pre_cur, pre_nxt),
            self.public_values,
            row,
            height,
        );
        air.eval(&mut builder);
        let constraints = builder.constraints();
        let (failures, interactions) = builder.into_parts();
        RowEval { constraints, failures, interactions }
    }
}

/// Evaluates row `row` of chip `air` over its main trace and public values, as the verifier sees
/// that row. `None` if the row is outside the trace or the trace does not have the chip's width.
pub fn eval_row(air: &ChipAir, main: &RowMajorMatrix<F>, public_values: &[F], row: usize) -> Option<RowEval> {
    let traces = ChipTraces::new(air, main, public_values);
    (main.width == air.width() && row < traces.height()).then(|| traces.eval(air, main, row))
}
