//! The statement a proof makes, and the proof itself, both serialisable.
//!
//! > Under VM `vm`, starting from the memory image committed to by `initial_commitment()` and
//! > consuming `inputs`, the VM produces `outputs` and ends in the image committed to by
//! > `final_commitment()`.
//!
//! Until the Poseidon2 state-root chip lands, the statement carries both memory images in full
//! and the verifier recomputes their commitments; the boundary chip binds the proof to them.

use p3_batch_stark::BatchProof;
use serde::{Deserialize, Serialize};

use crate::backend::{Config, Params};
use crate::digest::{commit_state, Digest};
use crate::error::VerifyError;

/// Most memory bincode may claim while decoding a statement or a proof: bounds allocation on
/// hostile input whatever its lengths say. [`crate::Limits`] bounds the bytes themselves.
const MAX_DECODED_BYTES: usize = 256 << 20;

/// Decodes exactly the canonical encoding of a value: trailing bytes are an error, and so is any
/// other encoding of the same value (bincode's varint decoder also accepts non-minimal integers),
/// so a statement or a proof has one byte string.
pub(crate) fn decode_whole<T: Serialize + serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let config = bincode::config::standard().with_limit::<MAX_DECODED_BYTES>();
    match bincode::serde::decode_from_slice(bytes, config) {
        Ok((value, read)) if read == bytes.len() => {
            let canonical = bincode::serde::encode_to_vec(&value, bincode::config::standard()).unwrap_or_default();
            if canonical == bytes {
                Ok(value)
            } else {
                Err("not the canonical encoding".into())
            }
        }
        Ok((_, read)) => Err(format!("{} trailing bytes", bytes.len() - read)),
        Err(e) => Err(e.to_string()),
    }
}

/// What a proof claims.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// The VM's identity: a digest of its constraint system.
    pub vm: Digest,
    /// The memory image before the batch.
    pub initial_state: Vec<u64>,
    /// The memory image after the batch.
    pub final_state: Vec<u64>,
    /// Addresses of the words the batch accessed, increasing. Only these words have rows in the
    /// memory boundary chip; every other word must be equal in both images.
    pub touched: Vec<u64>,
    /// Input records: `[opcode, operands…]`, in stream order.
    pub inputs: Vec<Vec<u64>>,
    /// Output records: `[seq, index, fields…]`, in strictly increasing `(seq, index)` order (the
    /// order the executor produces them in; the verifier rejects any other).
    pub outputs: Vec<Vec<u64>>,
}

impl Statement {
    /// Commitment to the initial memory image.
    pub fn initial_commitment(&self) -> Digest {
        commit_state(&self.initial_state)
    }

    /// Commitment to the final memory image.
    pub fn final_commitment(&self) -> Digest {
        commit_state(&self.final_state)
    }

    /// Serialises the statement.
    pub fn to_bytes(&self) -> Vec<u8> {
        bincode::serde::encode_to_vec(self, bincode::config::standard()).unwrap_or_default()
    }

    /// Deserialises a statement; malformed bytes, bytes after the statement and any encoding but
    /// the canonical one are an error (one statement has one encoding).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, VerifyError> {
        decode_whole(bytes).map_err(VerifyError::Statement)
    }
}

/// A proof of a [`Statement`].
#[derive(Serialize, Deserialize)]
pub struct Proof {
    /// Parameter set it was made with.
    pub params: Params,
    /// How many trace pieces each opcode's chip has (the verifier instantiates its AIR that many
    /// times; see `chips::piece_heights`).
    pub(crate) op_pieces: Vec<u8>,
    pub(crate) batch: BatchProof<Config>,
}

impl core::fmt::Debug for Proof {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Proof")
            .field("params", &self.params)
            .field("op_pieces", &self.op_pieces)
            .field("degree_bits", &self.batch.degree_bits)
            .finish()
    }
}

impl Proof {
    /// Serialises the proof.
    pub fn to_bytes(&self) -> Vec<u8> {
        bincode::serde::encode_to_vec(self, bincode::config::standard()).unwrap_or_default()
    }

    /// Deserialises a proof; malformed bytes, bytes after the proof and any encoding but the
    /// canonical one are an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, VerifyError> {
        decode_whole(bytes).map_err(VerifyError::Decode)
    }

    /// Log2 of each chip's trace height.
    pub fn degree_bits(&self) -> &[usize] {
        &self.batch.degree_bits
    }
}

/// One output record as a statement (or an execution) lists it: `[seq, index, fields…]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Output<'a> {
    /// The sequence number of the input that emitted it.
    pub seq: u64,
    /// Its position, `row clock * OUTPUT_SLOTS + slot`: unique, increasing in execution order.
    pub index: u64,
    /// Its fields, padded with zeros to the VM's widest output.
    pub fields: &'a [u64],
}

impl<'a> Output<'a> {
    /// Splits a record into its header and fields; `None` if it has no header.
    pub fn parse(record: &'a [u64]) -> Option<Self> {
        let (&[seq, index], fields) = record.split_first_chunk::<2>()?;
        Some(Self { seq, index, fields })
    }

    /// The fields as the event record `R` (the same struct the opcode emitted); `None` if there
    /// are fewer fields than `R` has lanes.
    pub fn event<R: crate::Record<u64>>(&self) -> Option<R> {
        R::from_prefix(self.fields)
    }
}
