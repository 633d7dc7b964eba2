//! The proving backend: Goldilocks with its quadratic extension, Poseidon2 Merkle commitments,
//! a Poseidon2 duplex challenger and FRI over two-adic domains.
//!
//! Merkle leaves are hashed with the width-16 permutation (rate 12, capacity 4: 256 bits of
//! capacity, 4-element digests): hashing trace rows is most of the prover's time, and width 16
//! absorbs three times as many elements per permutation as width 8 for well under three times
//! the work (measured: 13% less prove time for the order book at 2^16). Two-to-one compression
//! and the challenger use the width-8 permutation.
//!
//! Two parameter sets are named here. [`Params::Fast`] is for tests only (a handful of FRI
//! queries); [`Params::Secure`] is the default and targets at least 100 bits of conjectured security.
//!
//! Conjectured security of the default, computed as Plonky3's `conjectured_soundness_bits` does
//! (`log_blowup * num_queries + query_pow_bits`, under the ethSTARK conjecture) and capped by the
//! challenge field: FRI gives `1 * 100 + 16 = 116` bits; the out-of-domain and LogUp challenges are
//! drawn from the degree-2 extension (about 2^128 elements), so their Schwartz-Zippel error is
//! about `d * n / 2^128` for constraint degree `d <= 3` and trace length `n <= 2^24`, i.e. above
//! 100 bits. The statement is therefore at about 100+ bits of conjectured security.

use p3_challenger::DuplexChallenger;
use p3_commit::ExtensionMmcs;
use p3_dft::Radix2DitParallel;
use p3_field::extension::BinomialExtensionField;
use p3_field::{Field, PrimeCharacteristicRing, PrimeField64};
use p3_fri::{FriParameters, TwoAdicFriPcs};
use p3_goldilocks::{Goldilocks, Poseidon2Goldilocks};
use p3_merkle_tree::MerkleTreeMmcs;
use p3_symmetric::{PaddingFreeSponge, TruncatedPermutation};
use p3_uni_stark::StarkConfig;
use rand::rngs::SmallRng;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

/// The base field every trace lives in.
pub type F = Goldilocks;
/// The challenge field: the degree-2 extension of Goldilocks.
pub type EF = BinomialExtensionField<F, 2>;

type Perm = Poseidon2Goldilocks<8>;
type LeafPerm = Poseidon2Goldilocks<16>;
pub(crate) type Hash = PaddingFreeSponge<LeafPerm, 16, 12, 4>;
type Compress = TruncatedPermutation<Perm, 2, 4, 8>;
type ValMmcs = MerkleTreeMmcs<<F as Field>::Packing, <F as Field>::Packing, Hash, Compress, 2, 4>;
type ChallengeMmcs = ExtensionMmcs<F, EF, ValMmcs>;
type Challenger = DuplexChallenger<F, Perm, 8, 4>;
type Dft = Radix2DitParallel<F>;
type Pcs = TwoAdicFriPcs<F, Dft, ValMmcs, ChallengeMmcs>;

/// The concrete Plonky3 configuration used by every appvm proof.
pub type Config = StarkConfig<Pcs, EF, Challenger>;

/// Seed of the Poseidon2 round constants. Fixed, so prover and verifier agree without a setup.
const POSEIDON2_SEED: u64 = 0x61_70_70_76_6d; // "appvm"

/// A named FRI parameter set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Params {
    /// For tests: few queries, no grinding. Not secure; never use for real proofs.
    Fast,
    /// The default: about 100+ bits of conjectured security (see the module docs).
    #[default]
    Secure,
}

impl Params {
    /// `(log_blowup, num_queries, query_pow_bits)` of this set.
    pub const fn fri_shape(self) -> (usize, usize, usize) {
        match self {
            Params::Fast => (1, 16, 0),
            Params::Secure => (1, 100, 16),
        }
    }

    /// Conjectured FRI security in bits, as Plonky3 computes it.
    pub const fn conjectured_security_bits(self) -> usize {
        let (log_blowup, queries, pow) = self.fri_shape();
        log_blowup * queries + pow
    }

    /// Largest constraint degree the quotient domain of this set supports.
    pub const fn max_constraint_degree(self) -> usize {
        (1 << self.fri_shape().0) + 1
    }
}

/// The width-8 Poseidon2 permutation of Merkle compression and the challenger.
pub fn poseidon2() -> Perm {
    let mut rng = SmallRng::seed_from_u64(POSEIDON2_SEED);
    Perm::new_from_rng_128(&mut rng)
}

/// The width-16 Poseidon2 permutation that hashes Merkle leaves (rate 12, capacity 4).
fn leaf_poseidon2() -> LeafPerm {
    let mut rng = SmallRng::seed_from_u64(POSEIDON2_SEED);
    LeafPerm::new_from_rng_128(&mut rng)
}

/// The sponge that hashes Merkle leaves, also used for digests (VM identities, state
/// commitments): built once, since deriving the round constants costs more than a short hash.
pub fn sponge() -> &'static Hash {
    static SPONGE: std::sync::OnceLock<Hash> = std::sync::OnceLock::new();
    SPONGE.get_or_init(|| Hash::new(leaf_poseidon2()))
}

/// Builds the Plonky3 configuration for a parameter set.
pub fn config(params: Params) -> Config {
    let perm = poseidon2();
    let hash = sponge().clone();
    let compress = Compress::new(perm.clone());
    let val_mmcs = ValMmcs::new(hash, compress, 0);
    let challenge_mmcs = ChallengeMmcs::new(val_mmcs.clone());
    let (log_blowup, num_queries, query_pow_bits) = params.fri_shape();
    let fri = FriParameters {
        log_blowup,
        log_final_poly_len: 0,
        max_log_arity: 1,
        num_queries,
        batch_proof_of_work_bits: 0,
        commit_proof_of_work_bits: 0,
        query_proof_of_work_bits: query_pow_bits,
        mmcs: challenge_mmcs,
    };
    let pcs = Pcs::new(Dft::default(), val_mmcs, fri);
    StarkConfig::new(pcs, Challenger::new(perm))
}

/// Reads a field element as a signed integer in `(-p/2, p/2)`.
pub fn signed(x: F) -> i64 {
    let v = x.as_canonical_u64();
    if v > F::ORDER_U64 / 2 {
        -((F::ORDER_U64 - v) as i64)
    } else {
        v as i64
    }
}

/// A signed integer as a field element.
pub fn from_signed(x: i64) -> F {
    if x < 0 {
        -F::from_u64(x.unsigned_abs())
    } else {
        F::from_u64(x as u64)
    }
}
