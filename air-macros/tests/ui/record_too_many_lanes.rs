use appvm::Record;

#[derive(Record)]
pub struct Order<T> {
    pub a: T,
    pub b: T,
    pub c: T,
    pub d: T,
    pub e: T,
    pub f: T,
    pub g: T,
    pub h: T,
    pub i: T,
}

fn main() {}
