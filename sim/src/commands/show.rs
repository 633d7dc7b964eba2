//! `appvm show`: what a proof file's batch did, decoded from its statement (without verifying
//! it: `appvm verify` does that).

use anyhow::{Context, Result};

use crate::cli::ShowArgs;
use crate::output;
use crate::proof_file::ProofFile;
use crate::registry;

/// Runs the command.
pub fn run(args: ShowArgs) -> Result<()> {
    let file = ProofFile::read(&args.file)?;
    let what = || format!("`{}`", args.file.display());
    let vm = registry::find(&file.vm).context("the proof file names an unknown VM").with_context(what)?;
    let statement = appvm::Limits::default()
        .decode_statement(&file.statement)
        .context("the file's statement is malformed")
        .with_context(what)?;
    let decoded = vm.decode(&statement).with_context(what)?;
    if let Some(path) = &args.json {
        let report = output::StatementReport {
            vm: vm.name(),
            params: format!("{:?}", file.params),
            vm_id: statement.vm.to_string(),
            verified: false,
            inputs: statement.inputs.len(),
            outputs: statement.outputs.len(),
            figures: output::figures(&decoded.summary),
            events: &decoded.events,
            state: &decoded.state,
        };
        output::write_json(path, &report)?;
    }
    let mut text = format!(
        "{}: a batch of VM `{}`, {} inputs and {} outputs, {:?} parameters (not verified here: `appvm verify{} {}`)",
        args.file.display(),
        vm.name(),
        statement.inputs.len(),
        statement.outputs.len(),
        file.params,
        if file.params == appvm::Params::Fast { " --fast" } else { "" },
        args.file.display()
    );
    for (key, value) in &decoded.summary {
        text.push_str(&format!("\n  {key:<16} {value}"));
    }
    text.push('\n');
    text.push_str(&output::events(&decoded.events));
    for line in &decoded.state {
        text.push('\n');
        text.push_str(line);
    }
    output::print(text)
}
