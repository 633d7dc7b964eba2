//! Cross-crate integration tests, in one binary so the prover is compiled and linked once:
//! soundness sweeps, differential tests, conservation, tampering and prover-side attacks on the
//! ledger and the order book.

mod attacks;
mod common;
mod ledger_differential;
mod ledger_soundness;
mod ledger_tamper;
mod orderbook_conservation;
mod orderbook_tamper;
