use appvm::Opcode;

#[derive(Clone, Debug, Opcode)]
pub enum Op {
    Add { amount: u32 },
}

fn main() {}
