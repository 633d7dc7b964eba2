use appvm::Record;

#[derive(Record)]
pub struct Level<T> {
    pub total: T,
    pub key: u64,
}

fn main() {}
