//! What a verifier accepts, decided by the verifier, and the native checks of a statement that
//! run before any table is built.
//!
//! A statement or proof is hostile input. Building the verifier's tables from a statement costs
//! memory and time linear in its size (preprocessed tables and their commitments), so sizes are
//! checked against [`Limits`] first, in constant time: an oversized statement is rejected before
//! any allocation beyond its decoding. The limits are the verifier's choice
//! ([`crate::Machine::with_limits`]), never the proof's.

use crate::error::VerifyError;
use crate::statement::Statement;

/// The largest statement and proof a verifier accepts. [`Limits::default`] admits batches far
/// larger than the benchmarks prove (2^16 inputs) while keeping a rejected or accepted
/// verification within a few hundred MiB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Input records.
    pub max_inputs: usize,
    /// Output records.
    pub max_outputs: usize,
    /// Words in each memory image.
    pub max_memory_words: usize,
    /// Log2 of the rows of any one chip piece the proof may claim.
    pub max_degree_bits: usize,
    /// Bytes of an encoded statement ([`Limits::decode_statement`]).
    pub max_statement_bytes: usize,
    /// Bytes of an encoded proof ([`Limits::decode_proof`]).
    pub max_proof_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_inputs: 1 << 18,
            max_outputs: 1 << 20,
            max_memory_words: 1 << 20,
            max_degree_bits: 24,
            max_statement_bytes: 64 << 20,
            max_proof_bytes: 64 << 20,
        }
    }
}

impl Limits {
    /// Decodes a statement whose encoding is within [`Limits::max_statement_bytes`].
    pub fn decode_statement(&self, bytes: &[u8]) -> Result<Statement, VerifyError> {
        within("statement bytes", bytes.len(), self.max_statement_bytes)?;
        Statement::from_bytes(bytes)
    }

    /// Decodes a proof whose encoding is within [`Limits::max_proof_bytes`].
    pub fn decode_proof(&self, bytes: &[u8]) -> Result<crate::Proof, VerifyError> {
        within("proof bytes", bytes.len(), self.max_proof_bytes)?;
        crate::Proof::from_bytes(bytes)
    }

    /// A proof's claimed trace heights against the limits, before anything is built: at most a
    /// VM's chip pieces (four per opcode and per output table, plus three tables; 64 opcodes at
    /// most), each of at most `2^max_degree_bits` rows.
    pub fn check_degrees(&self, degree_bits: &[usize]) -> Result<(), VerifyError> {
        within("chip pieces", degree_bits.len(), (64 + 1) * crate::chips::MAX_PIECES + 3)?;
        match degree_bits.iter().find(|&&bits| bits > self.max_degree_bits) {
            Some(&bits) => {
                Err(VerifyError::Limit { what: "log2 rows of a chip piece", got: bits, max: self.max_degree_bits })
            }
            None => Ok(()),
        }
    }

    /// The statement's sizes against the limits: constant time, before anything is built.
    pub fn check_sizes(&self, statement: &Statement, memory_width: usize) -> Result<(), VerifyError> {
        within("inputs", statement.inputs.len(), self.max_inputs)?;
        within("outputs", statement.outputs.len(), self.max_outputs)?;
        within("initial memory words", statement.initial_state.len() / memory_width, self.max_memory_words)?;
        within("final memory words", statement.final_state.len() / memory_width, self.max_memory_words)?;
        within("touched words", statement.touched.len(), self.max_memory_words)
    }
}

fn within(what: &'static str, got: usize, max: usize) -> Result<(), VerifyError> {
    if got > max {
        return Err(VerifyError::Limit { what, got, max });
    }
    Ok(())
}

/// Output records in strictly increasing `(seq, index)` order. The proof binds the outputs as a
/// multiset (the output table's rows are not ordered by any constraint); requiring the one
/// sorted order makes the list unique, so one execution has exactly one valid statement. The
/// executor emits records in that order already: `index` is `row clock * 8 + slot`, and row
/// clocks grow with `seq`.
pub fn check_output_order(statement: &Statement) -> Result<(), VerifyError> {
    let key = |record: &Vec<u64>| (record.first().copied(), record.get(1).copied());
    for (position, pair) in statement.outputs.windows(2).enumerate() {
        if key(&pair[0]) >= key(&pair[1]) {
            return Err(VerifyError::Statement(format!(
                "output #{} does not follow output #{position} in (seq, index) order",
                position + 1
            )));
        }
    }
    Ok(())
}

/// The statement's touched addresses, checked: increasing, inside memory, and covering every word
/// that differs between the images (an unlisted word has no boundary row, so it must not change).
pub(crate) fn touched_words(statement: &Statement, width: usize) -> Result<Vec<usize>, VerifyError> {
    let bad = |msg: String| Err(VerifyError::Statement(msg));
    let words = statement.initial_state.len() / width;
    let mut listed = vec![false; words];
    let mut previous = None;
    for &addr in &statement.touched {
        if previous.is_some_and(|p| addr <= p) {
            return bad(format!("touched addresses are not increasing at {addr}"));
        }
        previous = Some(addr);
        match usize::try_from(addr).ok().filter(|&a| a < words) {
            Some(a) => listed[a] = true,
            None => return bad(format!("touched address {addr} is outside memory ({words} words)")),
        }
    }
    let mut changed = statement.initial_state.chunks(width).zip(statement.final_state.chunks(width)).enumerate();
    if let Some((addr, _)) = changed.find(|(a, (i, f))| !listed[*a] && i != f) {
        return bad(format!("word {addr} changed but is not listed as touched"));
    }
    Ok(statement.touched.iter().map(|&a| a as usize).collect())
}
