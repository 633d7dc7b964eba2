use appvm::Opcode;

#[derive(Clone, Debug, Opcode)]
pub struct Rename {
    pub account: u32,
    pub label: String,
}

fn main() {}
