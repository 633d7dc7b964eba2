//! The proof file `appvm prove` writes and `appvm verify` reads: a statement and its proof, with
//! the VM's name and parameter set, in one versioned container.
//!
//! | bytes | content |
//! |---|---|
//! | 0..8 | magic `APPVMPF\0` |
//! | 8..10 | format version, `u16` little-endian (currently 1) |
//! | 10.. | bincode 2 (standard config) of [`ProofFile`]: `vm` (string), `params` (`Fast`/`Secure`), `statement` ([`Statement::to_bytes`]), `proof` ([`Proof::to_bytes`]) |
//!
//! There is no checksum on purpose: a changed byte must be caught by the verifier (or by
//! decoding), not hidden behind an integrity check. The VM name only routes the file to a
//! verifier; the statement's VM identity is what verification checks.

use anyhow::{bail, Context, Result};
use appvm::{Params, Proof, Statement};
use serde::{Deserialize, Serialize};

/// File magic.
pub const MAGIC: &[u8; 8] = b"APPVMPF\0";
/// Current format version.
pub const VERSION: u16 = 1;
/// Largest file accepted, to bound allocation on hostile input: a statement and a proof at the
/// default verifier limits, and the header.
fn max_bytes() -> usize {
    let limits = appvm::Limits::default();
    limits.max_statement_bytes + limits.max_proof_bytes + (1 << 20)
}

/// A statement and its proof.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofFile {
    /// VM name: which verifier to use.
    pub vm: String,
    /// Parameter set of the proof.
    pub params: Params,
    /// The statement, as [`Statement::to_bytes`].
    pub statement: Vec<u8>,
    /// The proof, as [`Proof::to_bytes`].
    pub proof: Vec<u8>,
}

impl ProofFile {
    /// Packs a statement and its proof.
    pub fn new(vm: &str, params: Params, statement: &Statement, proof: &Proof) -> Self {
        Self { vm: vm.into(), params, statement: statement.to_bytes(), proof: proof.to_bytes() }
    }

    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        bytes.extend(VERSION.to_le_bytes());
        // Encoding plain vectors, strings and a unit enum cannot fail.
        bytes.extend(bincode::serde::encode_to_vec(self, bincode::config::standard()).unwrap_or_default());
        bytes
    }

    /// Reads a file's bytes; anything malformed is an error saying what.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        if bytes.len() < 10 || &bytes[..8] != MAGIC {
            bail!("not an appvm proof file (it does not start with the `APPVMPF` magic)");
        }
        let version = u16::from_le_bytes([bytes[8], bytes[9]]);
        if version != VERSION {
            bail!("proof file format version {version} is not supported (this build reads version {VERSION})");
        }
        if bytes.len() > max_bytes() {
            bail!("{} bytes is more than a proof file holds (at most {})", bytes.len(), max_bytes());
        }
        // Bounds what the declared lengths may claim; the byte count is checked above.
        let config = bincode::config::standard().with_limit::<{ 256 << 20 }>();
        let (file, read): (Self, usize) =
            bincode::serde::decode_from_slice(&bytes[10..], config).context("malformed proof file")?;
        if read != bytes.len() - 10 {
            bail!("malformed proof file: {} trailing bytes", bytes.len() - 10 - read);
        }
        // One file, one byte string: bincode also decodes non-minimal integer encodings.
        if file.to_bytes() != bytes {
            bail!("malformed proof file: not the canonical encoding");
        }
        Ok(file)
    }

    /// Reads a file from disk, at most one byte more than a proof file may hold (so that a huge
    /// file or a device like /dev/zero is refused, not read whole).
    pub fn read(path: &std::path::Path) -> Result<Self> {
        use std::io::Read;
        let file = std::fs::File::open(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        let mut bytes = Vec::new();
        file.take(max_bytes() as u64 + 1)
            .read_to_end(&mut bytes)
            .with_context(|| format!("cannot read `{}`", path.display()))?;
        Self::from_bytes(&bytes).with_context(|| format!("`{}`", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ProofFile {
        ProofFile { vm: "ledger".into(), params: Params::Fast, statement: vec![1, 2, 3], proof: vec![4; 100] }
    }

    #[test]
    fn round_trips() {
        let file = sample();
        assert_eq!(ProofFile::from_bytes(&file.to_bytes()).ok(), Some(file));
    }

    #[test]
    fn rejects_bad_magic_version_truncation_and_trailing_bytes() {
        let bytes = sample().to_bytes();
        let mut bad = bytes.clone();
        bad[0] ^= 1;
        assert!(ProofFile::from_bytes(&bad).is_err());
        let mut bad = bytes.clone();
        bad[8] = 9;
        assert!(format!("{:#}", ProofFile::from_bytes(&bad).expect_err("bad version")).contains("version 9"));
        assert!(ProofFile::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        let mut bad = bytes;
        bad.push(0);
        assert!(ProofFile::from_bytes(&bad).is_err());
    }
}
