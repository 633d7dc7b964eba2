//! Verifying a proof file of one VM, with the verifier's own parameters and limits: the work
//! behind `appvm verify`, generic over the [`App`].

use std::fmt;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use appvm::{Machine, Params, Statement, Vm};

use crate::app::App;
use crate::batch::Batch;
use crate::progress::Ui;
use crate::proof_file::ProofFile;
use crate::report::format_duration;
use crate::scenario::ParamsSpec;

/// What a successful verification checked.
#[derive(Debug)]
pub struct Verified {
    /// VM name.
    pub vm: &'static str,
    /// The statement that was proven.
    pub statement: Statement,
    /// Parameter set.
    pub params: Params,
    /// Where the statement came from.
    pub source: String,
    /// Proof size.
    pub proof_bytes: usize,
    /// Verification time.
    pub took: Duration,
}

impl fmt::Display for Verified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.statement;
        writeln!(f, "  {:<18} {} (id {}), {:?} params", "vm", self.vm, s.vm, self.params)?;
        writeln!(f, "  {:<18} {}", "statement from", self.source)?;
        writeln!(f, "  {:<18} {} records", "inputs", s.inputs.len())?;
        writeln!(f, "  {:<18} {} records", "outputs", s.outputs.len())?;
        writeln!(f, "  {:<18} {} ({} cells)", "initial state", s.initial_commitment(), s.initial_state.len())?;
        writeln!(f, "  {:<18} {} ({} cells)", "final state", s.final_commitment(), s.final_state.len())?;
        write!(f, "  {:<18} {} bytes, verified in {}", "proof", self.proof_bytes, format_duration(self.took))
    }
}

/// What the verifier requires, whatever the file says.
#[derive(Clone, Debug)]
pub struct Expected {
    /// The parameter set the verifier is built with.
    pub params: Params,
    /// A pinned VM id (hex), if any.
    pub vm_id: Option<String>,
}

/// Verifies a proof file of VM `A` with the verifier's own parameters and limits. With `against`,
/// the statement is that batch executed, not the one stored in the file.
pub fn verify<A: App>(file: &ProofFile, against: Option<&Batch<A>>, expected: &Expected, ui: &Ui) -> Result<Verified> {
    let (machine, _) = ui.phase("setup", || Machine::<A::Vm>::new(expected.params));
    let machine = machine.with_context(|| format!("VM `{}` does not lay out", A::Vm::NAME))?;
    if let Some(pinned) = &expected.vm_id {
        if !pinned.eq_ignore_ascii_case(&machine.id().to_string()) {
            bail!("this build's `{}` VM has id {}, not the pinned {pinned}", A::Vm::NAME, machine.id());
        }
    }
    let (statement, source) = match against {
        None => {
            let statement =
                machine.limits().decode_statement(&file.statement).context("the file's statement is malformed")?;
            (statement, "the file".into())
        }
        Some(batch) => {
            if batch.params != expected.params {
                bail!(
                    "{} asks for {} parameters, the verifier checks {:?}",
                    batch.source,
                    ParamsSpec::from(batch.params),
                    expected.params
                );
            }
            // The statement is built by the machine itself, so it is exactly what a proof binds.
            let (witness, _) = ui.phase("execute", || machine.witness(&batch.memory, &batch.ops));
            let witness = witness.with_context(|| format!("{}: execution failed", batch.source))?;
            (witness.statement, batch.source.clone())
        }
    };
    let proof = machine.limits().decode_proof(&file.proof).context("the file's proof is malformed")?;
    let (result, took) = ui.phase("verify", || machine.verify(&statement, &proof));
    result.with_context(|| format!("verification against the statement from {source} failed"))?;
    Ok(Verified { vm: A::Vm::NAME, statement, params: file.params, source, proof_bytes: file.proof.len(), took })
}
