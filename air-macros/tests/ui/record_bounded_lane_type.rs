use appvm::Record;

#[derive(Record)]
pub struct Level<T: Copy> {
    pub total: T,
}

fn main() {}
