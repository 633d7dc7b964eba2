//! Typed records: a struct of named lanes instead of a positional slice. A memory word, an output
//! event and an opcode's operands are all records, so their fields are named once, in one order.

use super::interp::Interp;
use super::value::V;

/// A fixed list of named lanes of type `T`, in one order: a memory word's lanes
/// ([`Cx::access`](super::Cx::access)), an output event's fields ([`Cx::output`](super::Cx::output)),
/// an opcode's operands. `#[derive(Record)]` implements it for a struct generic over its lane type;
/// a scalar [`V`] is a one-lane record.
///
/// Lane names name the columns an access witnesses (`level.total`), so a failure names the field.
///
/// ```
/// use appvm::Record;
///
/// #[derive(Clone, Debug, PartialEq, Record)]
/// struct Level<T> {
///     total: T,
///     key: T,
///     head: T,
///     next: T,
/// }
///
/// assert_eq!(<Level<u64> as Record<u64>>::NAMES, ["total", "key", "head", "next"]);
/// let level = Level::from_lanes(|lane| lane as u64 * 10);
/// assert_eq!(level, Level { total: 0, key: 10, head: 20, next: 30 });
/// assert_eq!(level.clone().into_lanes(), [0, 10, 20, 30]);
/// assert_eq!(Level::from_slice(&[0, 10, 20, 30]), Some(level.clone()));
/// assert_eq!(Level::from_prefix(&[0, 10, 20, 30, 0, 0]), Some(level));
/// // The derive also gives `Default`, so a record of known lanes names only those.
/// let known: Level<Option<u64>> = Level { key: Some(7), ..Default::default() };
/// assert_eq!(known.into_lanes(), [None, Some(7), None, None]);
/// ```
pub trait Record<T>: Sized {
    /// Lane names, in lane order.
    const NAMES: &'static [&'static str];
    /// Number of lanes.
    const LANES: usize = Self::NAMES.len();

    /// The record whose lane `i` is `lane(i)`, called once per lane in lane order.
    fn from_lanes(lane: impl FnMut(usize) -> T) -> Self;

    /// The lanes, in lane order.
    fn into_lanes(self) -> Vec<T>;

    /// The record whose lanes are `lanes`, or `None` if there are not exactly [`Record::LANES`]
    /// of them (a decoder reading an output event, for instance).
    fn from_slice(lanes: &[T]) -> Option<Self>
    where
        T: Clone,
    {
        (lanes.len() == Self::LANES).then(|| Self::from_lanes(|i| lanes[i].clone()))
    }

    /// The record of the first [`Record::LANES`] of `lanes`, or `None` if there are fewer: an
    /// output event's fields, which the statement pads with zeros to its widest event's.
    fn from_prefix(lanes: &[T]) -> Option<Self>
    where
        T: Clone,
    {
        lanes.get(..Self::LANES).and_then(Self::from_slice)
    }
}

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
