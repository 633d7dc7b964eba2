use appvm::Record;

#[derive(Record)]
pub enum Level<T> {
    Total(T),
}

fn main() {}
