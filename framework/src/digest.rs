//! Poseidon2 digests: VM identities and state commitments.

use core::fmt;

use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_symmetric::CryptographicHasher;
use serde::{Deserialize, Serialize};

use crate::backend::{sponge, F};

/// A 4-element Goldilocks digest (about 256 bits).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Digest(pub [u64; 4]);

impl Digest {
    /// As field elements.
    pub fn to_fields(self) -> [F; 4] {
        self.0.map(F::from_u64)
    }

    fn from_fields(fields: [F; 4]) -> Self {
        Self(fields.map(|f| f.as_canonical_u64()))
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for limb in self.0 {
            write!(f, "{limb:016x}")?;
        }
        Ok(())
    }
}

/// Poseidon2 sponge over field elements, length-prefixed so that prefixes do not collide.
pub fn hash_fields(fields: impl IntoIterator<Item = F>) -> Digest {
    let fields: Vec<F> = fields.into_iter().collect();
    let out: [F; 4] = sponge().hash_iter(core::iter::once(F::from_usize(fields.len())).chain(fields));
    Digest::from_fields(out)
}

/// Poseidon2 sponge over bytes (7 bytes per field element, so every chunk is canonical).
pub fn hash_bytes(bytes: &[u8]) -> Digest {
    hash_fields(bytes.chunks(7).map(|chunk| {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        F::from_u64(u64::from_le_bytes(word))
    }))
}

/// The commitment to a memory image.
pub fn commit_state(values: &[u64]) -> Digest {
    hash_fields(values.iter().map(|&v| F::from_u64(v)))
}
