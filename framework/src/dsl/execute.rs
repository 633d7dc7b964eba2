//! The execute interpreter: values are field elements, hints run, assertions are checked as
//! they happen and the first failure is kept with its name.

use p3_field::{PrimeCharacteristicRing, PrimeField64};

use super::interp::{Bus, Interp, Name};
use crate::backend::F;

/// Interpreter marker: native execution.
#[derive(Debug)]
pub struct Execute;

/// A VM's state memory: a dense array of words of `width` field elements, with the clock of each
/// word's last access (0 = never accessed in this batch). A word is what one access reads and
/// writes, so a VM whose records have several fields declares a wider word and pays one access
/// per record instead of one per field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Memory {
    pub(crate) width: usize,
    pub(crate) values: Vec<F>,
    pub(crate) clocks: Vec<u64>,
}

impl Default for Memory {
    fn default() -> Self {
        Self::new(Vec::new())
    }
}

impl Memory {
    /// A memory of one-element words holding `values` at addresses `0..values.len()`.
    pub fn new(values: Vec<F>) -> Self {
        Self::words(1, values)
    }

    /// A memory of `width`-element words; `values` holds the words back to back (a partial last
    /// word is padded with zeros).
    pub fn words(width: usize, mut values: Vec<F>) -> Self {
        let width = width.max(1);
        values.resize(values.len().div_ceil(width) * width, F::ZERO);
        let clocks = vec![0; values.len() / width];
        Self { width, values, clocks }
    }

    /// A memory of one-element words from integer values.
    pub fn from_u64s(values: impl IntoIterator<Item = u64>) -> Self {
        Self::new(values.into_iter().map(F::from_u64).collect())
    }

    /// A memory of `width`-element words from integer values, word after word.
    pub fn from_u64_words(width: usize, values: impl IntoIterator<Item = u64>) -> Self {
        Self::words(width, values.into_iter().map(F::from_u64).collect())
    }

    /// Elements per word.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.clocks.len()
    }

    /// True if there are no words.
    pub fn is_empty(&self) -> bool {
        self.clocks.is_empty()
    }

    /// The word at `addr`, if it exists.
    pub fn word(&self, addr: usize) -> Option<&[F]> {
        self.values.get(addr * self.width..(addr + 1) * self.width)
    }

    /// The first element of the word at `addr`, if it exists.
    pub fn get(&self, addr: usize) -> Option<F> {
        self.word(addr).map(|w| w[0])
    }

    /// All elements, word after word.
    pub fn values(&self) -> &[F] {
        &self.values
    }

    /// All values as canonical integers, by address.
    pub fn to_u64s(&self) -> Vec<u64> {
        self.values.iter().map(|v| v.as_canonical_u64()).collect()
    }
}

/// Executor state, reused across all ops of a batch.
#[derive(Debug, Default)]
pub struct ExecState {
    pub(crate) memory: Memory,
    /// Whether to keep rows, range multiplicities and bus logs (trace generation).
    pub(crate) tracing: bool,
    /// Values allocated by the current op, in column order.
    pub(crate) row: Vec<F>,
    /// Columns allocated by the current op (also counted when not tracing).
    pub(crate) columns: usize,
    /// First failed assertion of the current op.
    pub(crate) failed: Option<Name>,
    /// First access to an address outside memory in the current op.
    pub(crate) bad_address: Option<u64>,
    /// Output records `(seq, index, fields…)` of the batch.
    pub(crate) outputs: Vec<Vec<F>>,
    /// Lookups per 16-bit value (tracing only).
    pub(crate) range_counts: Vec<u32>,
    /// Channel messages `(channel, fields, signed multiplicity)` (tracing only).
    pub(crate) channel_log: Vec<(&'static str, Vec<F>, F)>,
    /// The row the current row continues into: `(opcode, operands)`.
    pub(crate) pending_call: Option<(usize, Vec<F>)>,
}

impl Interp for Execute {
    type Expr = F;
    type State = ExecState;
    const EXECUTES: bool = true;

    fn lit(c: F) -> F {
        c
    }

    fn value(e: &F) -> F {
        *e
    }

    fn alloc(st: &mut ExecState, _name: Name, value: F) -> F {
        st.columns += 1;
        if st.tracing {
            st.row.push(value);
        }
        value
    }

    fn assert_zero(st: &mut ExecState, e: F, name: Name) {
        if e != F::ZERO && st.failed.is_none() {
            st.failed = Some(name);
        }
    }

    fn interact(st: &mut ExecState, bus: Bus, fields: Vec<F>, mult: F, _bound: u32) {
        match bus {
            Bus::Output if mult == F::ONE => st.outputs.push(fields),
            Bus::Range if st.tracing && mult == F::ONE => {
                let v = fields[0].as_canonical_u64();
                if let Some(count) = st.range_counts.get_mut(v as usize) {
                    *count += 1;
                }
            }
            Bus::Channel(name) if st.tracing && mult != F::ZERO => st.channel_log.push((name, fields, mult)),
            _ => {}
        }
    }

    fn wants(bus: Bus) -> bool {
        !matches!(bus, Bus::Memory | Bus::Input)
    }

    fn misuse(st: &mut ExecState, what: Name) {
        st.failed.get_or_insert(what);
    }

    fn call(st: &mut ExecState, target: usize, args: Vec<F>, active: &F) {
        // A second active call is caught by the row's `calls.exclusive` constraint.
        if *active == F::ONE {
            st.pending_call = Some((target, args));
        }
    }

    fn peek_memory(st: &ExecState, addr: F, lane: usize) -> F {
        let w = st.memory.width;
        usize::try_from(addr.as_canonical_u64())
            .ok()
            .and_then(|a| st.memory.values.get(a * w + lane))
            .copied()
            .unwrap_or(F::ZERO)
    }

    fn last_clock(st: &ExecState, addr: F) -> u64 {
        st.memory.clocks.get(addr.as_canonical_u64() as usize).copied().unwrap_or(0)
    }

    fn commit_memory(st: &mut ExecState, addr: F, word: &[F], clk: u64) {
        let a = addr.as_canonical_u64();
        let w = st.memory.width;
        match st.memory.clocks.get_mut(a as usize) {
            Some(clock) if word.len() == w => {
                *clock = clk;
                st.memory.values[a as usize * w..][..w].copy_from_slice(word);
            }
            _ => {
                st.bad_address.get_or_insert(a);
            }
        }
    }
}
