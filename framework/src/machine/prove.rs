//! Proving (after checking the witness natively) and verification.

use std::panic::{catch_unwind, AssertUnwindSafe};

use p3_batch_stark::{prove_batch, verify_batch, ProverData, StarkInstance};
use tracing::info_span;

use super::{log2, Core, Witness};
use crate::backend::Config;
use crate::chips::{ChipAir, RangeChip, MAX_PIECES};
use crate::error::{ProveError, VerifyError, WitnessFault};
use crate::limits::check_output_order;
use crate::statement::{Proof, Statement};

impl Core {
    /// Proves a witness as it is.
    pub fn prove(&self, witness: &Witness) -> Result<Proof, ProveError> {
        let _span = info_span!("prove", vm = self.spec.name).entered();
        let degree_bits: Vec<usize> = witness.traces.iter().map(|t| log2(t.values.len() / t.width)).collect();
        let prover_data = ProverData::from_airs_and_degrees(&self.config, &witness.airs, &degree_bits)
            .map_err(|e| ProveError::Backend(format!("{e:?}")))?;
        let instances: Vec<StarkInstance<'_, Config, ChipAir>> = witness
            .airs
            .iter()
            .zip(&witness.traces)
            .zip(&witness.public_values)
            .map(|((air, trace), pv)| StarkInstance { air, trace, public_values: pv.clone() })
            .collect();
        let batch =
            prove_batch(&self.config, &instances, &prover_data).map_err(|e| ProveError::Backend(format!("{e:?}")))?;
        let op_pieces = witness.op_pieces.iter().map(|&n| n as u8).collect();
        Ok(Proof { params: self.params, op_pieces, batch })
    }

    /// Every constraint of every row, and every bus, evaluated natively: a witness the verifier
    /// would reject is refused here, with the chip, row and constraint or bus, instead of
    /// costing a proof that then fails with "lookup terminal sum is non-zero".
    pub fn check_witness(&self, witness: &Witness) -> Result<(), ProveError> {
        if witness.statement.vm != self.id {
            return Err(ProveError::Witness(Box::new(WitnessFault::OtherVm)));
        }
        let _span = info_span!("check", vm = self.spec.name).entered();
        match crate::witness::first_fault(witness) {
            Some(fault) => Err(ProveError::Witness(Box::new(fault))),
            None => Ok(()),
        }
    }

    pub fn verify(&self, statement: &Statement, proof: &Proof) -> Result<(), VerifyError> {
        let _span = info_span!("verify", vm = self.spec.name).entered();
        if statement.vm != self.id {
            return Err(VerifyError::VmMismatch { expected: self.id.to_string(), got: statement.vm.to_string() });
        }
        self.limits.check_sizes(statement, self.spec.memory_width)?;
        self.limits.check_degrees(proof.degree_bits())?;
        check_output_order(statement)?;
        (self.spec.check_initial_state)(&statement.initial_state).map_err(VerifyError::InitialState)?;
        if proof.params != self.params {
            return Err(VerifyError::Shape(format!(
                "proof uses {:?} parameters, verifier {:?}",
                proof.params, self.params
            )));
        }
        let opcodes = self.spec.opcodes.len();
        let op_pieces: Vec<usize> = proof.op_pieces.iter().map(|&n| usize::from(n)).collect();
        if op_pieces.len() != opcodes || op_pieces.iter().any(|&n| n > MAX_PIECES) {
            return Err(VerifyError::Shape(format!(
                "proof splits the opcodes into {op_pieces:?}: expected {opcodes} counts of at most {MAX_PIECES}"
            )));
        }
        let airs = self.airs(statement, &op_pieces)?;
        let public_values = super::tables::public_values(statement, &airs);
        let claimed = &proof.batch.degree_bits;
        if claimed.len() != airs.len() {
            return Err(VerifyError::Shape(format!("{} chips in proof, VM has {}", claimed.len(), airs.len())));
        }
        let mut degree_bits = claimed.clone();
        for (i, air) in airs.iter().enumerate() {
            let fixed = match air {
                ChipAir::Memory(m) => Some(log2(m.height())),
                ChipAir::Io(io) => Some(log2(io.height())),
                ChipAir::Range(_) => Some(log2(RangeChip::HEIGHT)),
                ChipAir::Op(_) => None,
            };
            if let Some(bits) = fixed {
                if claimed[i] != bits {
                    return Err(VerifyError::Shape(format!(
                        "chip `{}` has 2^{} rows, statement implies 2^{bits}",
                        air.name(),
                        claimed[i]
                    )));
                }
                degree_bits[i] = bits;
            }
        }
        // Plonky3 0.9.0-rc.2 reports malformed proofs as errors; the unwind guard is a backstop so
        // that a backend panic on hostile input still reaches the caller as a rejection.
        let result = catch_unwind(AssertUnwindSafe(|| {
            let prover_data = ProverData::from_airs_and_degrees(&self.config, &airs, &degree_bits)
                .map_err(|e| VerifyError::Shape(format!("{e:?}")))?;
            verify_batch(&self.config, &airs, &proof.batch, &public_values, &prover_data.common)
                .map_err(|e| VerifyError::Rejected(e.to_string()))
        }));
        result.unwrap_or_else(|_| Err(VerifyError::Rejected("backend panicked on malformed proof".into())))
    }
}
