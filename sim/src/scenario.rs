//! Scenarios: RON files naming a VM, a parameter set, a seed, the batch (a generated workload of
//! `ops` instructions, or an explicit `inputs` list) and the initial state.
//!
//! ```ron
//! Scenario(
//!     vm: "ledger",
//!     params: secure,        // or `fast` (tests only: not secure)
//!     seed: 7,
//!     workload: "mixed",     // optional: the VM's default generator
//!     ops: 8192,             // or `inputs: [Transfer(from: 1, to: 2, amount: 5), ...]`
//!     state: (accounts: 64, balance: 1000000),   // VM-specific; optional
//! )
//! ```
//!
//! A file is parsed twice: once for `vm` alone, then as the named VM's scenario, so every error,
//! in the common fields or in the VM's own, names the file, line and column.

use std::fmt;
use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use appvm::{Params, Vm};
use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::{Deserialize, Serialize};

use crate::app::ScenarioApp;
use crate::batch::Batch;
use crate::input::Op;

/// Largest batch the command accepts.
pub const MAX_OPS: usize = 1 << 20;

/// A scenario's text and where it came from.
#[derive(Clone, Debug)]
pub struct Source {
    /// File path, or `built-in <vm>`.
    pub name: String,
    /// The RON text.
    pub text: String,
}

impl Source {
    /// Reads a scenario file.
    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        Ok(Self { name: path.display().to_string(), text })
    }

    /// The built-in scenario `text` of VM `vm`.
    pub fn builtin(vm: &str, text: &str) -> Self {
        Self { name: format!("built-in {vm}"), text: text.to_string() }
    }

    /// The name of the VM this scenario is for (its `vm:` field), and where the name is written
    /// (`file:line:col`).
    pub fn vm_name(&self) -> Result<(String, String)> {
        #[derive(Deserialize)]
        #[serde(rename = "Scenario")]
        struct Header {
            vm: String,
        }
        let header: Header = self.parse()?;
        let at = self.locate(&format!("\"{}\"", header.vm));
        Ok((header.vm, at))
    }

    /// Parses the text as `T`; errors carry the file, line and column.
    pub fn parse<T: for<'de> Deserialize<'de>>(&self) -> Result<T> {
        ron_options()
            .from_str(&self.text)
            .map_err(|e| anyhow!("{}:{}:{}: {}", self.name, e.span.start.line, e.span.start.col, e.code))
    }

    /// `file:line:col` of the first occurrence of `needle`, or just the file.
    pub fn locate(&self, needle: &str) -> String {
        let Some(at) = self.text.find(needle) else {
            return self.name.clone();
        };
        let before = &self.text[..at];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("{}:{line}:{col}", self.name)
    }
}

/// RON as scenarios are written: `ops: 8192` for an optional field, without `Some(...)`.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// A parameter set, as scenarios spell it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ParamsSpec {
    /// Few FRI queries: for tests only, not secure.
    Fast,
    /// About 100+ bits of conjectured security (the default).
    #[default]
    Secure,
}

impl From<ParamsSpec> for Params {
    fn from(p: ParamsSpec) -> Self {
        match p {
            ParamsSpec::Fast => Params::Fast,
            ParamsSpec::Secure => Params::Secure,
        }
    }
}

impl From<Params> for ParamsSpec {
    fn from(p: Params) -> Self {
        match p {
            Params::Fast => ParamsSpec::Fast,
            Params::Secure => ParamsSpec::Secure,
        }
    }
}

impl fmt::Display for ParamsSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParamsSpec::Fast => "fast",
            ParamsSpec::Secure => "secure",
        })
    }
}

/// A scenario for VM `A`, as written in RON.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename = "Scenario", deny_unknown_fields)]
#[serde(bound(serialize = "", deserialize = ""))]
pub struct Scenario<A: ScenarioApp> {
    /// VM name.
    pub vm: String,
    /// FRI parameter set.
    #[serde(default)]
    pub params: ParamsSpec,
    /// Seed of the workload generator.
    #[serde(default)]
    pub seed: u64,
    /// Workload generator; the VM's first when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload: Option<String>,
    /// Batch size of a generated workload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ops: Option<usize>,
    /// The initial state.
    #[serde(default)]
    pub state: A::State,
    /// An explicit batch, instead of a generated one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Vec<Op<A::Vm>>>,
}

impl<A: ScenarioApp> Scenario<A> {
    /// Parses and checks a scenario for VM `A`.
    pub fn load(source: &Source) -> Result<Self> {
        let scenario: Self = source.parse()?;
        if scenario.inputs.is_some() && scenario.ops.is_some() {
            bail!(
                "{}: give `ops` (a generated workload) or `inputs` (an explicit list), not both",
                source.locate("ops")
            );
        }
        if let Some(name) = &scenario.workload {
            workload::<A>(name).map_err(|e| anyhow!("{}: {e}", source.locate(&format!("\"{name}\""))))?;
        }
        if let Some(ops) = scenario.ops {
            check_size(ops).map_err(|e| anyhow!("{}: {e}", source.locate("ops")))?;
        }
        // An empty list is a batch of size 0, refused as `ops: 0` is.
        if let Some(inputs) = &scenario.inputs {
            check_size(inputs.len()).map_err(|e| anyhow!("{}: {e}", source.locate("inputs")))?;
        }
        Ok(scenario)
    }

    /// The scenario made concrete: its initial memory and instructions, with `ops` (if given)
    /// overriding its size.
    pub fn batch(self, source: &Source, ops: Option<usize>) -> Result<Batch<A>> {
        let memory = A::initial_memory(&self.state).with_context(|| format!("{}: invalid `state`", source.name))?;
        let ops = match (&self.inputs, ops.or(self.ops)) {
            // `load` refuses a file with both, so the size here is the caller's override.
            (Some(_), Some(_)) => {
                bail!(
                    "{}: the scenario lists its inputs; a batch size applies only to generated workloads",
                    source.name
                )
            }
            (Some(inputs), None) => inputs.iter().map(|op| op.0.clone()).collect(),
            (None, Some(n)) => {
                check_size(n)?;
                A::generate(self.workload_name(), self.seed, n, &self.state)
            }
            (None, None) => bail!("{}: give `ops: N` (a generated workload) or `inputs: [...]`", source.name),
        };
        let ops: Vec<A::Vm> = A::prelude(&self.state).into_iter().chain(ops).collect();
        check_size(ops.len())?;
        let workload = if self.inputs.is_some() { "inputs" } else { self.workload_name() };
        Ok(Batch {
            source: source.name.clone(),
            params: self.params.into(),
            workload: workload.into(),
            seed: self.seed,
            reference: A::reference(&memory),
            size: ops.len(),
            memory,
            ops,
        })
    }

    /// The workload generator's name.
    pub fn workload_name(&self) -> &str {
        self.workload.as_deref().unwrap_or(A::WORKLOADS[0].name)
    }
}

/// The workload named `name` of VM `A`, or an error listing the valid ones.
pub fn workload<A: ScenarioApp>(name: &str) -> Result<&'static str> {
    match A::WORKLOADS.iter().find(|w| w.name == name) {
        Some(w) => Ok(w.name),
        None => {
            let valid: Vec<&str> = A::WORKLOADS.iter().map(|w| w.name).collect();
            bail!(
                "unknown workload `{name}` for VM `{}`; valid workloads: {}",
                <A::Vm as appvm::Vm>::NAME,
                valid.join(", ")
            )
        }
    }
}

/// `ops` instructions of `workload` from `seed`, as a scenario for VM `A` with the default state
/// and an explicit input list (RON text, what `appvm gen` writes).
pub fn generate<A: ScenarioApp>(workload_name: &str, seed: u64, ops: usize, params: Params) -> Result<String> {
    let workload_name = workload::<A>(workload_name)?;
    let state = A::State::default();
    let inputs = A::generate(workload_name, seed, ops, &state).into_iter().map(Op).collect();
    let scenario = Scenario::<A> {
        vm: A::Vm::NAME.into(),
        params: params.into(),
        seed,
        workload: Some(workload_name.into()),
        ops: None,
        state,
        inputs: Some(inputs),
    };
    // Depth 2 puts each instruction on its own line, its operands on that line.
    let config = PrettyConfig::new().depth_limit(2).struct_names(true).extensions(Extensions::IMPLICIT_SOME);
    let body = ron::ser::to_string_pretty(&scenario, config).context("cannot write the scenario as RON")?;
    Ok(format!(
        "// Generated by `appvm gen {}:{workload_name} --seed {seed} --ops {ops} --params {}`; the same command gives\n\
         // the same file.\n\
         // Run it with `appvm run <this file>`.\n{body}\n",
        A::Vm::NAME,
        ParamsSpec::from(params)
    ))
}

/// Checks a batch size.
pub fn check_size(ops: usize) -> Result<()> {
    if (1..=MAX_OPS).contains(&ops) {
        Ok(())
    } else {
        bail!("unsupported batch size {ops}; valid sizes are 1 to {MAX_OPS} ops (powers of two fill the padded traces exactly: 1024, 8192, 65536, ...)")
    }
}

/// Parses a size: a number with an optional `k` (x1024) or `M` (x1048576) suffix.
pub fn parse_size(text: &str) -> Result<usize> {
    let text = text.trim();
    let (digits, scale) = match text.strip_suffix(['k', 'K']) {
        Some(d) => (d, 1 << 10),
        None => match text.strip_suffix('M') {
            Some(d) => (d, 1 << 20),
            None => (text, 1),
        },
    };
    let n: usize = digits.parse().map_err(|_| anyhow!("`{text}` is not a size (e.g. 1024, 8k, 1M)"))?;
    let n = n.checked_mul(scale).ok_or_else(|| anyhow!("size `{text}` is too large"))?;
    check_size(n)?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_suffixes() {
        assert_eq!(parse_size("1024").ok(), Some(1024));
        assert_eq!(parse_size("8k").ok(), Some(8192));
        assert_eq!(parse_size("1M").ok(), Some(1 << 20));
        assert!(parse_size("0").is_err());
        assert!(parse_size("2M").is_err());
        assert!(parse_size("lots").is_err());
    }

    #[test]
    fn locate_finds_line_and_column() {
        let source = Source { name: "s.ron".into(), text: "(\n  vm: \"nope\",\n)".into() };
        assert_eq!(source.locate("\"nope\""), "s.ron:2:7");
        assert_eq!(source.locate("absent"), "s.ron");
    }
}
