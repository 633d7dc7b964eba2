//! The VM sets up, and its chips' shapes (printed with `--nocapture`).

use appvm::dsl::Bus;
use appvm::{Machine, Params};
use appvm_orderbook::vm::Orderbook;

#[test]
fn the_vm_lays_out() {
    let machine = Machine::<Orderbook>::new(Params::Fast).expect("layout");
    for layout in machine.layouts() {
        let count = |bus: Bus| layout.interactions.iter().filter(|(b, _)| *b == bus).count();
        println!(
            "{:<12} columns {:>4} constraints {:>4} interactions {:>3} (memory {:>2}, range {:>2}, input {}, output {})",
            layout.name,
            layout.width(),
            layout.constraints.len(),
            layout.interactions.len(),
            count(Bus::Memory),
            count(Bus::Range),
            count(Bus::Input),
            count(Bus::Output),
        );
    }
}
