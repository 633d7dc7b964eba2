//! The order book's integration tests, in one binary so the prover is compiled and linked once:
//! the reference engine against hand-worked rules, and the VM against the reference engine, by
//! hand-written scenarios, under proof, and under mutation.

mod reference;
mod vm_cost;
mod vm_differential;
mod vm_layout;
mod vm_prove;
mod vm_scenarios;
mod vm_soundness;
mod vm_support;
