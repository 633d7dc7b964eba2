//! The framework's integration tests, in one binary so the prover is compiled and linked once:
//! small VMs written against the public API, executed, constrained and proven.

mod authoring;
mod chains;
mod derives;
mod dsl_rules;
mod fixed_point;
mod gadgets;
mod game_gadgets;
mod misuse;
mod verifier_limits;
mod wide_memory;
mod witness_check;
