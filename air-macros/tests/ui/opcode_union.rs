use appvm::Opcode;

#[derive(Opcode)]
pub union Word {
    pub unsigned: u32,
    pub signed: i32,
}

fn main() {}
