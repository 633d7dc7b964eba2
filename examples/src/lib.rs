//! The VMs behind the runnable examples, importable by tests and benches.

pub mod baseline;
pub mod ledger;
