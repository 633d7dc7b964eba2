use appvm::{Semantics, Vm};

#[derive(Clone, Debug, Vm)]
pub enum Any<T: Semantics> {
    Op(T),
}

fn main() {}
