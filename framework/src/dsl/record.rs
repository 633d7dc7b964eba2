//! Typed records: a struct of named lanes instead of a positional slice. A memory word, an output
//! event and an opcode's operands are all records, so their fields are named once, in one order.

use super::interp::Interp;
use super::value::V;
pub use crate::record::Record;

/// A record some of whose lanes the row already knows: `Some(value)` for those, `None` for the
/// others (see [`Access::known`](super::Access::known)). `#[derive(Record)]` implements it for
/// `Rec<Option<V<B>>>`, with `Rec<V<B>>` as the record it stands for.
pub trait Known<B: Interp>: Record<Option<V<B>>> {
    /// The record read and written by an access with these known lanes.
    type Record: Record<V<B>>;
}

/// The lane name of a scalar: the column of its old value is `name.old`.
const SCALAR: &[&str] = &["old"];

impl<B: Interp> Record<V<B>> for V<B> {
    const NAMES: &'static [&'static str] = SCALAR;

    fn from_lanes(mut lane: impl FnMut(usize) -> V<B>) -> Self {
        lane(0)
    }

    fn into_lanes(self) -> Vec<V<B>> {
        vec![self]
    }
}

impl<B: Interp> Record<Option<V<B>>> for Option<V<B>> {
    const NAMES: &'static [&'static str] = SCALAR;

    fn from_lanes(mut lane: impl FnMut(usize) -> Option<V<B>>) -> Self {
        lane(0)
    }

    fn into_lanes(self) -> Vec<Option<V<B>>> {
        vec![self]
    }
}

impl<B: Interp> Known<B> for Option<V<B>> {
    type Record = V<B>;
}
