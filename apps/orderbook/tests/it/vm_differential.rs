//! Differential tests: the VM and the independent reference engine give identical events per input
//! and identical final balances on the workload generators' streams.

use crate::vm_support::agree;
use appvm_orderbook::workload::{adversarial, mixed};

#[test]
fn mixed_streams_agree() {
    for seed in 0..4 {
        agree(&mixed(seed, 2_000));
    }
}

#[test]
fn long_streams_agree() {
    agree(&mixed(100, 8_000));
    agree(&adversarial(100, 8_000));
}

#[test]
fn adversarial_streams_agree() {
    for seed in 0..4 {
        agree(&adversarial(seed, 2_000));
    }
}
