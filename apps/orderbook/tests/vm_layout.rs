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

#[test]
#[ignore = "prints every chip's columns"]
fn print_columns() {
    let machine = Machine::<Orderbook>::new(Params::Fast).expect("layout");
    for layout in machine.layouts() {
        println!("{}: {}", layout.name, layout.columns.join(" "));
    }
}

/// Each chip's bus interactions in emission order with their degrees (`bus:fields/count`), to see
/// where LogUp columns fail to pack.
#[test]
#[ignore = "prints interaction degrees"]
fn print_interaction_degrees() {
    use appvm::backend::EF;
    use appvm::{Statement, F};
    use p3_lookup::{Kind, Lookups};
    let machine = Machine::<Orderbook>::new(Params::Fast).expect("layout");
    let statement = Statement {
        vm: machine.id(),
        initial_state: Vec::new(),
        final_state: Vec::new(),
        touched: Vec::new(),
        inputs: Vec::new(),
        outputs: Vec::new(),
    };
    let airs = machine.airs(&statement).expect("airs");
    for air in airs.iter().take(machine.layouts().len()) {
        let lookups = Lookups::<F>::from_air::<EF, _>(air);
        let mut line = format!("{}:", air.name());
        for l in lookups.iter() {
            let bus = match &l.kind {
                Kind::Global(name) => name.trim_start_matches("appvm.").chars().next().unwrap_or('?'),
                Kind::Local => 'L',
            };
            for (e, m) in l.elements.iter().zip(&l.multiplicities) {
                let d = e.iter().map(|x| x.degree_multiple()).max().unwrap_or(0);
                line.push_str(&format!(" {bus}{d}/{}", m.degree_multiple()));
            }
        }
        println!("{line}");
    }
}
