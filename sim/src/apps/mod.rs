//! The VMs plugged into the command, one file each.

pub mod arena;
pub mod ledger;
pub mod orderbook;
