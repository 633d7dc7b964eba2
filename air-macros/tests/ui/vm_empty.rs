use appvm::Vm;

#[derive(Clone, Debug, Vm)]
pub enum Nothing {}

fn main() {}
