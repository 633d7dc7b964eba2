//! The benchmark report: the JSON that `appvm bench --json` writes. Its schema is documented in
//! `docs/bench-schema.md` and versioned by [`SCHEMA`].

use serde::Serialize;

use super::Measurement;

/// Schema identifier; the number changes when a field is renamed, removed or changes meaning.
pub const SCHEMA: &str = "appvm-bench/1";

/// A benchmark sweep.
#[derive(Clone, Debug, Serialize)]
pub struct BenchReport {
    /// [`SCHEMA`].
    pub schema: &'static str,
    /// `appvm <version>`.
    pub tool: String,
    /// VM name.
    pub vm: String,
    /// Scenario file, or `built-in <vm>`.
    pub scenario: String,
    /// The machine the sweep ran on.
    pub host: Host,
    /// One entry per batch size, ascending.
    pub runs: Vec<Measurement>,
}

/// The machine a sweep ran on.
#[derive(Clone, Debug, Serialize)]
pub struct Host {
    /// `std::env::consts::OS`.
    pub os: &'static str,
    /// `std::env::consts::ARCH`.
    pub arch: &'static str,
    /// Available parallelism.
    pub cpus: usize,
}

impl BenchReport {
    /// A report of `runs`.
    pub fn new(vm: &str, scenario: &str, runs: Vec<Measurement>) -> Self {
        Self {
            schema: SCHEMA,
            tool: format!("appvm {}", env!("CARGO_PKG_VERSION")),
            vm: vm.into(),
            scenario: scenario.into(),
            host: Host {
                os: std::env::consts::OS,
                arch: std::env::consts::ARCH,
                cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            },
            runs,
        }
    }
}
