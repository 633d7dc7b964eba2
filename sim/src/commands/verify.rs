//! `appvm verify`: checks a proof file, against its own statement or a scenario's.

use anyhow::{bail, Context, Result};
use appvm::Params;

use crate::cli::VerifyArgs;
use crate::output;
use crate::progress::Ui;
use crate::proof_file::ProofFile;
use crate::registry;
use crate::verifier::Expected;

/// Runs the command.
pub fn run(args: VerifyArgs, ui: &Ui) -> Result<()> {
    let file = ProofFile::read(&args.file)?;
    let what = || format!("`{}`", args.file.display());
    let vm = registry::find(&file.vm).context("the proof file names an unknown VM").with_context(what)?;
    let against = match &args.scenario {
        Some(path) => {
            // A file, or a VM's name for its built-in scenario, as `run` takes them.
            let source = registry::resolve(Some(path))?;
            let scenario_vm = registry::vm_of(&source)?;
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
    let params = if args.fast { Params::Fast } else { Params::Secure };
    if file.params != params {
        bail!(
            "{} holds a proof made with {:?} parameters; this verifier checks {:?} proofs{}",
            what(),
            file.params,
            params,
            if args.fast { "" } else { " (pass --fast to accept a test proof, which is not secure)" }
        );
    }
    if args.fast {
        eprintln!("WARNING: verifying with the FAST test parameters (about 16 bits of security): NOT a secure check");
    }
    let expected = Expected { params, vm_id: args.vm_id.clone() };
    let verified = vm.verify(&file, against.as_ref(), &expected, ui).with_context(what)?;
    if args.events || args.json.is_some() {
        let decoded = vm.decode(&verified.statement).with_context(what)?;
        if args.events {
            output::print(output::events(&decoded.events))?;
        }
        if let Some(path) = &args.json {
            let report = output::StatementReport {
                vm: verified.vm,
                params: format!("{:?}", verified.params),
                vm_id: verified.statement.vm.to_string(),
                verified: true,
                inputs: verified.statement.inputs.len(),
                outputs: verified.statement.outputs.len(),
                figures: output::figures(&decoded.summary),
                events: &decoded.events,
                state: &decoded.state,
            };
            output::write_json(path, &report)?;
        }
    }
    output::print(format!(
        "✓ {} verifies: a `{}` batch, {:?} parameters, VM id {}",
        args.file.display(),
        verified.vm,
        verified.params,
        verified.statement.vm
    ))?;
    output::print(&verified)
}
