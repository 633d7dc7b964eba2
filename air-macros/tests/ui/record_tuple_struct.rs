use appvm::Record;

#[derive(Record)]
pub struct Level<T>(T, T);

fn main() {}
