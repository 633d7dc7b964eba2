use appvm::Vm;

#[derive(Clone, Debug, Vm)]
pub enum Ledger {
    Deposit(u32),
}

fn main() {}
