use appvm::Operands;

#[derive(Clone, Copy, Debug, Operands)]
pub struct Taker<T> {
    pub order: T,
}

fn main() {}
