use appvm::Record;

#[derive(Record)]
pub struct Level {
    pub total: u64,
    pub key: u64,
}

fn main() {}
