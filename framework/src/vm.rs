//! What an author defines: opcodes (operands + semantics) and the VM that lists them. The derive
//! macros of `appvm-macros` implement [`Opcode`] and [`Vm`]; the author writes [`Semantics`].

use core::fmt::Debug;

use p3_field::{PrimeCharacteristicRing, PrimeField64};

use crate::backend::F;
use crate::dsl::value::Shared;
use crate::dsl::{from_signed, signed, Bus, Cx, Execute, Interp, Name, Symbolic, V};
use crate::error::DecodeError;

/// Static description of one opcode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpcodeInfo {
    /// Opcode name (the operand struct's name).
    pub name: &'static str,
    /// Operand names, in encoding order.
    pub operands: &'static [&'static str],
}

/// A Rust type usable as an operand: it has a field encoding and a checked decoding. Decoding is
/// where out-of-range public inputs are rejected, natively and for free, before any proving.
pub trait Operand: Sized + Copy + Debug {
    /// The encoding as a field element.
    fn to_field(self) -> F;
    /// The decoding, `None` if `x` is not the encoding of a value of this type.
    fn from_field(x: F) -> Option<Self>;
}

macro_rules! unsigned_operand {
    ($($t:ty),*) => {$(
        impl Operand for $t {
            fn to_field(self) -> F {
                F::from_u64(self as u64)
            }
            fn from_field(x: F) -> Option<Self> {
                <$t>::try_from(x.as_canonical_u64()).ok()
            }
        }
    )*};
}
unsigned_operand!(u8, u16, u32, u64);

impl Operand for bool {
    fn to_field(self) -> F {
        F::from_bool(self)
    }
    fn from_field(x: F) -> Option<Self> {
        match x.as_canonical_u64() {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Operand for i32 {
    fn to_field(self) -> F {
        from_signed(i64::from(self))
    }
    fn from_field(x: F) -> Option<Self> {
        i32::try_from(signed(x)).ok()
    }
}

/// An opcode's operands: derived with `#[derive(Opcode)]` on a struct of [`Operand`] fields.
pub trait Opcode: Sized + Clone + Debug {
    /// Name and operand names.
    const INFO: OpcodeInfo;
    /// The operands as DSL values, with the struct's field names.
    type Args<T>;
    /// Builds [`Opcode::Args`] from operand values in encoding order.
    fn args<T: Clone>(values: &[T]) -> Self::Args<T>;
    /// The operands as field elements, in encoding order.
    fn encode(&self) -> Vec<F>;
    /// Decodes operands, rejecting values outside their Rust types.
    fn decode(values: &[F]) -> Result<Self, DecodeError>;
}

/// An opcode's meaning, written once: the executor, the constraints and the layout all run it.
pub trait Semantics: Opcode {
    /// The semantics of one instance of the opcode.
    fn eval<B: Interp>(cx: &mut Cx<B>, args: Self::Args<V<B>>);
}

/// A VM: an enum of opcodes, derived with `#[derive(Vm)]`.
pub trait Vm: Sized + Clone + Debug + Send + Sync + 'static {
    /// VM name; part of the VM's identity.
    const NAME: &'static str;
    /// The opcodes, indexed by opcode id.
    const OPCODES: &'static [OpcodeInfo];
    /// Field elements per memory word: what one access reads and writes.
    const MEMORY_WIDTH: usize = 1;
    /// This instruction's opcode id.
    fn opcode(&self) -> usize;
    /// This instruction's operands.
    fn encode(&self) -> Vec<F>;
    /// Decodes an instruction.
    fn decode(opcode: usize, operands: &[F]) -> Result<Self, DecodeError>;
    /// Runs the semantics of opcode `opcode`.
    fn eval<B: Interp>(opcode: usize, cx: &mut Cx<B>, operands: &[V<B>]);
    /// Checks, before verification, that a statement's initial memory image is a state this VM
    /// proves from. A VM whose hinted gadgets have unique witnesses only in reachable states names
    /// a check with `#[vm(initial_state = path::to::check)]` (a `fn(&[u64]) -> Result<(), E>`,
    /// `E: Display`); by default every image is accepted.
    fn check_initial_state(image: &[u64]) -> Result<(), String> {
        let _ = image;
        Ok(())
    }
}

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
pub(crate) type EvalFn<B> = fn(usize, &mut Cx<B>, &[V<B>]);

/// What the framework keeps of a VM: its constants, and its generic code instantiated once per
/// interpreter as function pointers. Everything downstream (chips, tables, the prover and the
/// verifier) is ordinary framework code over this record, compiled once in this crate rather than
/// again in every author's crate.
#[derive(Clone, Copy, Debug)]
pub(crate) struct VmSpec {
    pub name: &'static str,
    pub opcodes: &'static [OpcodeInfo],
    pub memory_width: usize,
    pub execute: EvalFn<Execute>,
    pub symbolic: EvalFn<Symbolic>,
    pub check_initial_state: fn(&[u64]) -> Result<(), String>,
    /// Decodes an instruction's operands and encodes them again: the canonical form, or why
    /// they are not an instance of the opcode.
    pub canonical: fn(usize, &[F]) -> Result<Vec<F>, DecodeError>,
}

impl VmSpec {
    pub(crate) fn of<M: Vm>() -> Self {
        Self {
            name: M::NAME,
            opcodes: M::OPCODES,
            memory_width: M::MEMORY_WIDTH,
            execute: M::eval::<Execute>,
            symbolic: M::eval::<Symbolic>,
            check_initial_state: M::check_initial_state,
            canonical: canonical::<M>,
        }
    }
}

fn canonical<M: Vm>(opcode: usize, operands: &[F]) -> Result<Vec<F>, DecodeError> {
    M::decode(opcode, operands).map(|op| op.encode())
}

/// Evaluates one op row under any interpreter: the `is_real`, `seq`, `clk` and operand columns,
/// the receipt of the row's record on the input bus, then the author's semantics (`eval`). `io`
/// carries the executor's values.
pub(crate) fn eval_op<B: Interp>(
    st: &Shared<B>,
    spec: &VmSpec,
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
    let info = spec.opcodes[opcode];
    let operands: Vec<V<B>> = info
        .operands
        .iter()
        .enumerate()
        .map(|(i, name)| alloc(name, operand_values.get(i).copied().unwrap_or(F::ZERO)))
        .collect();
    let mut cx = Cx::new(st, seq.clone(), clk.clone(), shape, spec.opcodes);
    let mut record = vec![seq, clk, cx.lit(opcode as u64)];
    record.extend(operands.iter().cloned());
    record.resize_with(shape.input_width(), || cx.zero());
    let receive = -cx.one();
    cx.interact(Bus::Input, record, receive);
    eval(opcode, &mut cx, &operands);
    cx.finish();
}
