//! One op row under any interpreter: the bus widths every op chip of a VM shares, and the
//! evaluation of a row (its fixed columns, its receipt on the input bus, the author's semantics).

use p3_field::PrimeCharacteristicRing;

use super::cx::Cx;
use super::interp::{Bus, Interp, Name};
use super::value::{Shared, V};
use crate::backend::F;
use crate::opcode::OpcodeInfo;

/// Widths shared by every op chip of a VM: tuples on one bus must all have the same width.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct BusShape {
    /// Operands per input record (the widest opcode's).
    pub operands: usize,
    /// Fields per output record (the widest output).
    pub output_fields: usize,
    /// Bit `i` set: opcode `i` is a call target (an internal opcode, reached only by a call).
    pub call_targets: u64,
    /// Field elements per memory word.
    pub memory_width: usize,
}

impl BusShape {
    /// True if opcode `opcode` is only ever reached through [`Cx::call`].
    pub fn is_call_target(self, opcode: usize) -> bool {
        self.call_targets >> opcode & 1 == 1
    }

    /// Fields of an input-bus record: `seq, clk, opcode, operands…`.
    pub fn input_width(self) -> usize {
        3 + self.operands
    }

    /// The opcode field of the record a chain's last row sends to close its input; no chip has
    /// this opcode, so only the input table can receive it.
    pub fn done_opcode(opcodes: usize) -> u64 {
        opcodes as u64
    }

    /// Fields of an output-bus record: `seq, index, fields…`.
    pub fn output_width(self) -> usize {
        2 + self.output_fields
    }
}

/// Where a row sits in the execution: its input's sequence number, its clock (its position
/// among all rows of the batch, in execution order) and its operand values.
pub(crate) type RowIo<'a> = (u64, u64, &'a [F]);

/// An opcode's semantics under interpreter `B`, as a plain function pointer.
pub type EvalFn<B> = fn(usize, &mut Cx<B>, &[V<B>]);

/// Evaluates one op row under any interpreter: the `is_real`, `seq`, `clk` and operand columns,
/// the receipt of the row's record on the input bus, then the author's semantics (`eval`). `io`
/// carries the executor's values.
pub(crate) fn eval_op<B: Interp>(
    st: &Shared<B>,
    opcodes: &'static [OpcodeInfo],
    eval: EvalFn<B>,
    opcode: usize,
    shape: BusShape,
    io: Option<RowIo<'_>>,
) {
    let alloc = |name: &'static str, value: F| V::new(B::alloc(&mut st.borrow_mut(), Name::new(name), value), 1, st);
    let (seq_value, clk_value, operand_values) = io.unwrap_or((0, 0, &[]));
    let _is_real = alloc("is_real", F::ONE);
    let seq = alloc("seq", F::from_u64(seq_value));
    let clk = alloc("clk", F::from_u64(clk_value));
    let info = opcodes[opcode];
    let operands: Vec<V<B>> = info
        .operands
        .iter()
        .enumerate()
        .map(|(i, name)| alloc(name, operand_values.get(i).copied().unwrap_or(F::ZERO)))
        .collect();
    let mut cx = Cx::new(st, seq.clone(), clk.clone(), shape, opcodes);
    let mut record = vec![seq, clk, cx.lit(opcode as u64)];
    record.extend(operands.iter().cloned());
    record.resize_with(shape.input_width(), || cx.zero());
    let receive = -cx.one();
    cx.interact(Bus::Input, record, receive);
    eval(opcode, &mut cx, &operands);
    cx.finish();
}
