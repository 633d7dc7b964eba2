use appvm::Opcode;

#[derive(Clone, Copy, Debug, Opcode)]
pub struct Scale {
    pub factor: f32,
}

fn main() {}
