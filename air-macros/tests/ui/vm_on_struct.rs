use appvm::Vm;

#[derive(Clone, Debug, Vm)]
pub struct Ledger {
    pub accounts: u32,
}

fn main() {}
