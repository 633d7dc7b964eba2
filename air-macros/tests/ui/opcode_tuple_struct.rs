use appvm::Opcode;

#[derive(Clone, Copy, Debug, Opcode)]
pub struct Deposit(u32, u32);

fn main() {}
