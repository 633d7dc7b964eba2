//! `appvm verify`: checks a proof file, against its own statement or a scenario's.

use std::fmt;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use appvm::{Machine, Params, Proof, Statement, Vm};

use crate::cli::VerifyArgs;
use crate::progress::Ui;
use crate::proof_file::ProofFile;
use crate::registry::{self, App};
use crate::report::format_duration;
use crate::scenario::{Scenario, Source};

/// Runs the command.
pub fn run(args: VerifyArgs, ui: &Ui) -> Result<()> {
    let file = ProofFile::read(&args.file)?;
    let what = || format!("`{}`", args.file.display());
    let vm = registry::find(&file.vm).context("the proof file names an unknown VM").with_context(what)?;
    let against = match &args.scenario {
        Some(path) => {
            let source = Source::read(path)?;
            let scenario_vm = source.vm()?;
            if scenario_vm.name() != vm.name() {
                bail!(
                    "{} is a `{}` scenario, the proof file is for VM `{}`",
                    source.name,
                    scenario_vm.name(),
                    vm.name()
                );
            }
            Some(source)
        }
        None => None,
    };
    let verified = vm.verify(&file, against.as_ref(), ui).with_context(what)?;
    println!("✓ {} verifies", args.file.display());
    println!("{verified}");
    Ok(())
}

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

/// Verifies a proof file of VM `A`. With `against`, the statement is the scenario's batch
/// executed, not the one stored in the file.
pub fn verify<A: App>(file: &ProofFile, against: Option<&Source>, ui: &Ui) -> Result<Verified> {
    let (machine, _) = ui.phase("setup", || Machine::<A::Vm>::new(file.params));
    let machine = machine.with_context(|| format!("VM `{}` does not lay out", A::Vm::NAME))?;
    let (statement, source) = match against {
        None => {
            (Statement::from_bytes(&file.statement).context("the file's statement is malformed")?, "the file".into())
        }
        Some(source) => {
            let scenario = Scenario::<A>::load(source)?;
            if Params::from(scenario.params) != file.params {
                bail!("{} asks for {} parameters, the proof uses {:?}", source.name, scenario.params, file.params);
            }
            let batch = scenario.batch(source, None)?;
            // The statement is built by the machine itself, so it is exactly what a proof binds.
            let (witness, _) = ui.phase("execute", || machine.witness(&batch.memory, &batch.ops));
            let witness = witness.with_context(|| format!("{}: execution failed", source.name))?;
            (witness.statement, source.name.clone())
        }
    };
    let proof = Proof::from_bytes(&file.proof).context("the file's proof is malformed")?;
    let (result, took) = ui.phase("verify", || machine.verify(&statement, &proof));
    result.with_context(|| format!("verification against the statement from {source} failed"))?;
    Ok(Verified { vm: A::Vm::NAME, statement, params: file.params, source, proof_bytes: file.proof.len(), took })
}
