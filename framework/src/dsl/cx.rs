//! [`Cx`]: the context an opcode's semantics is written against, and its core primitives:
//! hints, assertions, memory, public outputs, channels and range checks. Comparison and
//! arithmetic gadgets built from these live in `gadgets.rs`.

use std::rc::Rc;

use p3_field::{PrimeCharacteristicRing, PrimeField64};

use super::interp::{Branch, Bus, Interp, Name};
use super::record::Record;
use super::row::BusShape;
use super::value::{Shared, V};
use crate::backend::{from_signed, signed, F};
use crate::opcode::{Opcode, OpcodeArgs, OpcodeInfo};

/// Memory accesses one row may make.
pub const MEMORY_SLOTS: u64 = 16;

/// Output records one row may emit.
pub const OUTPUT_SLOTS: u64 = 8;

/// The clock of access `slot` of the row at clock `row_clk`: `row_clk * MEMORY_SLOTS + slot + 1`.
///
/// Row clocks number every row of a batch in execution order (input by input, then row by row
/// along each input's chain of calls), starting at 0; the input table chains them (see
/// `chips/io.rs`). Access clocks therefore strictly increase in execution order, and the
/// boundary's clock 0 precedes all.
pub fn clock(row_clk: u64, slot: u64) -> u64 {
    row_clk * MEMORY_SLOTS + slot + 1
}

/// The evaluation context of one op instance (one row of its chip).
pub struct Cx<B: Interp> {
    pub(crate) st: Shared<B>,
    seq: V<B>,
    clk: V<B>,
    pub(crate) accesses: u64,
    outputs: u64,
    calls: Vec<V<B>>,
    /// The input-bus sends of this row's calls, with their flags (see [`Cx::finish`]).
    exits: Vec<Branch<V<B>>>,
    /// Interactions of this row, emitted at [`Cx::finish`] (see there).
    pending: Vec<(Bus, Vec<V<B>>, V<B>)>,
    output_width: usize,
    operand_width: usize,
    pub(crate) memory_width: usize,
    opcodes: &'static [OpcodeInfo],
}

impl<B: Interp> core::fmt::Debug for Cx<B> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Cx").field("accesses", &self.accesses).field("outputs", &self.outputs).finish()
    }
}

/// What a [`Cx::hint`] closure may read: the values of the row so far and the executor's memory.
/// Only the executor runs hint closures.
#[allow(missing_debug_implementations)]
pub struct Hints<'a, B: Interp> {
    st: &'a B::State,
}

impl<B: Interp> Hints<'_, B> {
    /// The value of `v`.
    pub fn get(&self, v: &V<B>) -> F {
        B::value(&v.e)
    }

    /// The value of `v` as an integer in `[0, p)`.
    pub fn u64(&self, v: &V<B>) -> u64 {
        self.get(v).as_canonical_u64()
    }

    /// The value of `v` read as a signed integer (`p - x` is `-x`).
    pub fn i64(&self, v: &V<B>) -> i64 {
        signed(self.get(v))
    }

    /// The current memory value at `addr` (lane `lane` of the word there).
    pub fn memory(&self, addr: &V<B>, lane: usize) -> F {
        B::peek_memory(self.st, self.get(addr), lane)
    }

    pub(crate) fn last_clock(&self, addr: &V<B>) -> u64 {
        B::last_clock(self.st, self.get(addr))
    }
}

impl<B: Interp> Cx<B> {
    pub(crate) fn new(st: &Shared<B>, seq: V<B>, clk: V<B>, shape: BusShape, opcodes: &'static [OpcodeInfo]) -> Self {
        Self {
            st: Rc::clone(st),
            seq,
            clk,
            accesses: 0,
            outputs: 0,
            calls: Vec::new(),
            exits: Vec::new(),
            pending: Vec::with_capacity(32),
            output_width: shape.output_fields,
            operand_width: shape.operands,
            memory_width: shape.memory_width,
            opcodes,
        }
    }

    /// The sequence number of this op's input in the input stream.
    pub fn seq(&self) -> V<B> {
        self.seq.clone()
    }

    /// This row's clock: its position among all rows of the batch, in execution order.
    pub fn clk(&self) -> V<B> {
        self.clk.clone()
    }

    pub(crate) fn misuse(&mut self, what: Name) {
        B::misuse(&mut self.st.borrow_mut(), what);
    }

    /// Requires the condition of a gated effect (an access, an output, a call, a message) to be
    /// boolean: each interaction declares a per-row multiplicity bound of 1 to the LogUp
    /// argument, which is sound only if the AIR enforces it. Constants need no constraint; pass
    /// degree-1 flags (materialise a product once) so the check adds no column.
    pub(crate) fn flag(&mut self, name: Name, cond: &V<B>) -> V<B> {
        if cond.deg == 0 {
            return cond.clone();
        }
        let cond = cond.clone().materialize_above(1, name);
        self.assert_bool(name, &cond);
        cond
    }

    /// Closes the row: several calls must be mutually exclusive; then the row's interactions are
    /// emitted, those whose fields and multiplicity are all degree 1 first.
    ///
    /// Plonky3 packs same-bus interactions into one LogUp column greedily, in emission order,
    /// while the fraction constraint stays within the chip's degree: two degree-1 interactions
    /// share a column, a degree-2 one needs its own. Emitting in semantic order (an access's
    /// receive, then its send of a degree-2 new value, then the next access…) would seal a
    /// column at every degree-2 send; grouping the degree-1 interactions lets each pair share.
    ///
    /// A row that makes no call ends its input's chain: it sends `(seq, clk, DONE, 0…)`, which the
    /// input table receives to learn where the next input's clocks start. Exactly one of these
    /// exits (a call or `DONE`) is taken on every real row, so they share one exclusive LogUp
    /// column: the flags are the call flags and `1 - Σ calls`. An exit with a degree-2 field
    /// stays an ordinary interaction, since it would lift that column's constraint to degree 4.
    pub(crate) fn finish(&mut self) {
        let calls = std::mem::take(&mut self.calls);
        let called = calls.iter().fold(self.zero(), |sum, c| sum + c);
        if calls.len() > 1 {
            self.assert_bool(Name::part("calls", "exclusive"), &called);
        }
        let ends = self.one() - called;
        if B::wants(Bus::Input) {
            let done_opcode = self.lit(BusShape::done_opcode(self.opcodes.len()));
            let mut done = vec![self.seq(), self.clk(), done_opcode];
            done.resize_with(3 + self.operand_width, || self.zero());
            self.exits.push((done, ends));
        }
        let exits = std::mem::take(&mut self.exits);
        let (mut one_of, mut single): (Vec<_>, Vec<_>) =
            exits.into_iter().partition(|(fields, _)| fields.iter().all(|f| f.deg <= 1));
        // A lone exit gains nothing from a column of its own; as an ordinary interaction it packs.
        if one_of.len() < 2 {
            single.append(&mut one_of);
        }
        for (fields, flag) in single {
            self.interact(Bus::Input, fields, flag);
        }
        let mut pending = std::mem::take(&mut self.pending);
        // The executor keeps semantic order: it appends output records as they are emitted.
        if !B::EXECUTES {
            pending.sort_by_key(|(_, fields, mult)| mult.deg > 1 || fields.iter().any(|f| f.deg > 1));
        }
        let mut st = self.st.borrow_mut();
        for (bus, fields, mult) in pending {
            B::interact(&mut st, bus, fields.into_iter().map(|f| f.e).collect(), mult.e, 1);
        }
        if !one_of.is_empty() {
            let branches = one_of.into_iter().map(|(fields, flag)| (fields.into_iter().map(|f| f.e).collect(), flag.e));
            B::interact_one_of(&mut st, Bus::Input, branches.collect());
        }
    }

    /// Continues this operation in a new row of the opcode whose operands `args` are, when the
    /// boolean `cond` is 1: a taker order filling `k` makers is `k + 1` rows chained this way, for
    /// any `k`. The new row runs right after this one, at the next clock; it receives
    /// `(seq, clk + 1, target, args…)` on the input bus, which this row sends.
    ///
    /// ```
    /// # use appvm::{Cx, Interp, Opcode, V};
    /// # #[derive(Clone, Copy, Debug, Opcode)]
    /// # struct Step { i: u16, n: u16 }
    /// # fn eval<B: Interp>(cx: &mut Cx<B>, op: StepArgs<V<B>>) {
    /// let more = cx.lt("more", &op.i, &op.n, 16);
    /// cx.call(&more, StepArgs { i: &op.i + 1, ..op });
    /// # }
    /// ```
    ///
    /// A row may call several targets (one per outcome) but at most one call may be active:
    /// the row is constrained so that the call conditions sum to 0 or 1. Chains are therefore
    /// linear and every row's clock is unique. A target that is not an opcode of this VM is a
    /// misuse.
    pub fn call<A>(&mut self, cond: &V<B>, args: A)
    where
        A: OpcodeArgs<V<B>>,
        A::Opcode: Opcode,
    {
        let info = <A::Opcode as Opcode>::INFO;
        let mut matches = self.opcodes.iter().enumerate().filter(|(_, op)| **op == info).map(|(i, _)| i);
        let target = match (matches.next(), matches.next()) {
            (Some(index), None) => Ok(index),
            (Some(_), Some(_)) => Err("call_target_name_shared_by_two_opcodes"),
            (None, _) => Err("call_target_not_in_this_vm"),
        };
        self.call_to(cond, info.name, target, args.into_lanes());
    }

    fn call_to(&mut self, cond: &V<B>, name: &'static str, target: Result<usize, &'static str>, args: Vec<V<B>>) {
        let cond = &self.flag(Name::part(name, "call_flag"), cond);
        self.calls.push(cond.clone());
        let index = match target {
            Ok(index) => index,
            Err(mistake) => return self.misuse(Name::part(name, mistake)),
        };
        if B::wants(Bus::Input) {
            let mut record = vec![self.seq(), &self.clk + 1, self.lit(index as u64)];
            record.extend(args.iter().cloned());
            record.resize_with(3 + self.operand_width, || self.zero());
            self.exits.push((record, cond.clone()));
        }
        let args = args.into_iter().map(|a| a.e).collect();
        B::call(&mut self.st.borrow_mut(), index, args, &cond.e);
    }

    /// A constant.
    pub fn lit(&self, c: u64) -> V<B> {
        V::new(B::lit(F::from_u64(c)), 0, &self.st)
    }

    /// A signed constant.
    pub fn lit_i64(&self, c: i64) -> V<B> {
        V::new(B::lit(from_signed(c)), 0, &self.st)
    }

    /// The constant 0.
    pub fn zero(&self) -> V<B> {
        self.lit(0)
    }

    /// The constant 1.
    pub fn one(&self) -> V<B> {
        self.lit(1)
    }

    /// Nondeterministic advice: a fresh column whose value the executor computes with `f`.
    /// The column is unconstrained until the caller constrains it; the mutation sweep reports
    /// any hint that nothing constrains.
    pub fn hint(&mut self, name: impl Into<Name>, f: impl FnOnce(&Hints<'_, B>) -> F) -> V<B> {
        let name = name.into();
        let value = if B::EXECUTES {
            let st = self.st.borrow();
            f(&Hints { st: &st })
        } else {
            F::ZERO
        };
        let e = B::alloc(&mut self.st.borrow_mut(), name, value);
        V::new(e, 1, &self.st)
    }

    /// [`Cx::hint`] with an integer value.
    pub fn hint_u64(&mut self, name: impl Into<Name>, f: impl FnOnce(&Hints<'_, B>) -> u64) -> V<B> {
        self.hint(name, |w| F::from_u64(f(w)))
    }

    /// A hint that is constrained to be 0 or 1.
    pub fn hint_bool(&mut self, name: impl Into<Name>, f: impl FnOnce(&Hints<'_, B>) -> bool) -> V<B> {
        let name = name.into();
        let b = self.hint(name, |w| F::from_bool(f(w)));
        self.assert_bool(name, &b);
        b
    }

    /// Stores `v` in its own column (degree 1), constrained equal to `v`.
    pub fn materialize(&mut self, name: impl Into<Name>, v: &V<B>) -> V<B> {
        v.clone().materialize(name.into())
    }

    /// Requires `v == 0`.
    pub fn assert_zero(&mut self, name: impl Into<Name>, v: &V<B>) {
        let name = name.into();
        let v = v.clone().materialize_above(super::MAX_EXPR_DEGREE, name);
        B::assert_zero(&mut self.st.borrow_mut(), v.e, name);
    }

    /// Requires `a == b`.
    pub fn assert_eq(&mut self, name: impl Into<Name>, a: &V<B>, b: &V<B>) {
        self.assert_zero(name, &(a - b));
    }

    /// Requires `v` to be 0 or 1.
    pub fn assert_bool(&mut self, name: impl Into<Name>, v: &V<B>) {
        let name = name.into();
        let v1 = v.clone().materialize_above(1, name);
        self.assert_zero(Name::part(name.scope, "bool"), &(&v1 * (&v1 - 1)));
    }

    /// Queues an interaction for [`Cx::finish`]; fields and multiplicity are lowered now, so
    /// columns are allocated in semantic order.
    pub(crate) fn interact(&mut self, bus: Bus, fields: Vec<V<B>>, mult: V<B>) {
        // Values never exceed `MAX_EXPR_DEGREE` (products lower first), so skipping an unwanted
        // tuple cannot skip a column allocation: every interpreter lays out identically.
        if !B::wants(bus) {
            return;
        }
        let fields =
            fields.into_iter().map(|f| f.materialize_above(super::MAX_EXPR_DEGREE, Name::new("bus_field"))).collect();
        let mult = mult.materialize_above(super::MAX_EXPR_DEGREE, Name::new("bus_mult"));
        self.pending.push((bus, fields, mult));
    }

    /// Sends `fields` (a record or a scalar) on an author-defined channel, `mult` times (a boolean
    /// flag or a constant 1).
    pub fn send(&mut self, channel: &'static str, fields: impl Record<V<B>>, mult: &V<B>) {
        let mult = &self.flag(Name::part(channel, "send_flag"), mult);
        self.interact(Bus::Channel(channel), fields.into_lanes(), mult.clone());
    }

    /// Receives `fields` from an author-defined channel, `mult` times.
    pub fn recv(&mut self, channel: &'static str, fields: impl Record<V<B>>, mult: &V<B>) {
        let mult = &self.flag(Name::part(channel, "recv_flag"), mult);
        self.interact(Bus::Channel(channel), fields.into_lanes(), -mult);
    }

    /// Appends one record to the public output stream: a typed record (an app declares one
    /// `#[derive(Record)]` struct per event, used by its ops and by its decoder) or a scalar.
    pub fn output(&mut self, record: impl Record<V<B>>) {
        let one = self.one();
        self.output_if(&one, record);
    }

    /// Appends one record to the public output stream when the boolean `cond` is 1.
    pub fn output_if(&mut self, cond: &V<B>, record: impl Record<V<B>>) {
        let fields = record.into_lanes();
        let cond = &self.flag(Name::new("output_flag"), cond);
        if self.outputs >= OUTPUT_SLOTS {
            self.misuse(Name::new("more_than_8_outputs_per_row"));
        }
        // Records are numbered by row clock and slot, so they are unique and in execution order.
        let index = &self.clk * OUTPUT_SLOTS + self.outputs;
        self.outputs += 1;
        let mut tuple = vec![self.seq(), index];
        let len = fields.len();
        tuple.extend(fields);
        tuple.resize_with(2 + self.output_width.max(len), || self.zero());
        self.interact(Bus::Output, tuple, cond.clone());
    }

    /// Requires `0 <= v < 2^bits` (`1 <= bits <= 64`; anything else is a misuse), via 16-bit
    /// limbs looked up in the range table. A top limb of `r < 16` bits is looked up twice: as is
    /// and shifted by `16 - r`, which together force it below `2^r`.
    pub fn range(&mut self, name: impl Into<Name>, v: &V<B>, bits: u32) {
        let name = name.into();
        if !(1..=64).contains(&bits) {
            self.misuse(Name::part(name.scope, "range_bits_outside_1_to_64"));
        }
        let bits = bits.clamp(1, 64);
        if B::EXECUTES {
            let x = B::value(&v.e).as_canonical_u64();
            let fits = bits >= 64 || x < (1u64 << bits);
            if !fits {
                B::assert_zero(&mut self.st.borrow_mut(), B::lit(F::ONE), Name::part(name.scope, "out_of_range"));
            }
        }
        const LIMBS: [&str; 4] = ["limb0", "limb1", "limb2", "limb3"];
        let n = bits.div_ceil(16) as usize;
        let limbs: Vec<V<B>> = if n == 1 {
            vec![v.clone()]
        } else {
            let limbs: Vec<V<B>> = (0..n)
                .map(|i| self.hint_u64(Name::part(name.scope, LIMBS[i]), |w| (w.u64(v) >> (16 * i)) & 0xffff))
                .collect();
            let mut sum = self.zero();
            for (i, limb) in limbs.iter().enumerate() {
                sum = sum + limb * (1u64 << (16 * i));
            }
            self.assert_zero(Name::part(name.scope, "limbs"), &(v - sum));
            limbs
        };
        let one = self.one();
        for (i, limb) in limbs.iter().enumerate() {
            self.interact(Bus::Range, vec![limb.clone()], one.clone());
            let top_bits = bits - 16 * i as u32;
            if top_bits < 16 {
                self.interact(Bus::Range, vec![limb * (1u64 << (16 - top_bits))], one.clone());
            }
        }
    }
}

impl<B: Interp> V<B> {
    pub(crate) fn materialize_above(self, max: u8, name: Name) -> Self {
        if self.deg > max {
            self.materialize(name)
        } else {
            self
        }
    }
}
