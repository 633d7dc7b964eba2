use appvm::{Opcode, Vm};

#[derive(Clone, Copy, Debug, Opcode)]
pub struct Deposit {
    pub amount: u32,
}

#[derive(Clone, Debug, Vm)]
pub enum Ledger {
    Deposit(Deposit),
}

fn main() {}
