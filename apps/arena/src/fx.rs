//! Fixed-point numbers: every length, speed and position in the game is an [`Fx`] (`I16F16`,
//! 16 integer and 16 fractional bits). The rules compute on their raw bits (`Fx::to_bits`) as
//! integers; nothing in the rules is ever a float.
//!
//! In a replay file a number may be written as an integer (`3`), a decimal (`2.5`) or a string
//! (`"0.1"`). Decimals are converted to the nearest `I16F16` once, when the file is read; the
//! string form is parsed by `fixed` itself, digit by digit.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The game's number type.
pub type Fx = fixed::types::I16F16;

/// Fractional bits of [`Fx`].
pub const FRAC_BITS: u32 = 16;

/// `Fx` as its raw bits, read as an integer.
pub fn raw(x: Fx) -> i64 {
    i64::from(x.to_bits())
}

/// Serde for [`Fx`] fields: written as the shortest decimal that reads back to the same bits,
/// read from an integer, a decimal or a string.
pub mod serde_fx {
    use super::*;

    /// Writes `x` as a decimal number.
    pub fn serialize<S: Serializer>(x: &Fx, s: S) -> Result<S::Ok, S::Error> {
        // `Fx`'s `Display` prints a short decimal that usually parses back to the same bits, but
        // not always (raw 727449 prints as 11.1, which is raw 727449.6, read as 727450): then
        // the exact value, which an `f64` always holds.
        let text = x.to_string();
        match text.parse::<f64>() {
            Ok(value) if Fx::checked_from_num(value) == Some(*x) => value.serialize(s),
            _ if text.parse::<Fx>() == Ok(*x) => text.serialize(s),
            _ => x.to_num::<f64>().serialize(s),
        }
    }

    /// Reads an integer, a decimal or a string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Fx, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Number {
            Int(i64),
            Float(f64),
            Text(String),
        }
        let error = |what: &dyn std::fmt::Display| serde::de::Error::custom(format!("{what} is not an I16F16 number"));
        match Number::deserialize(d)? {
            Number::Int(i) => Fx::checked_from_num(i).ok_or_else(|| error(&i)),
            Number::Float(f) => Fx::checked_from_num(f).ok_or_else(|| error(&f)),
            Number::Text(t) => t.parse::<Fx>().map_err(|_| error(&t)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Point {
        #[serde(with = "serde_fx")]
        x: Fx,
    }

    #[test]
    fn numbers_read_as_integers_decimals_or_strings_and_round_trip() {
        for (text, bits) in [("3", 3 << 16), ("2.5", 5 << 15), ("\"0.5\"", 1 << 15), ("-1.25", -(5 << 14))] {
            let point: Point = ron::from_str(&format!("(x: {text})")).expect(text);
            assert_eq!(point.x.to_bits(), bits, "{text}");
            let back: Point = ron::from_str(&ron::to_string(&point).expect("writes")).expect("reads back");
            assert_eq!(back, point);
        }
        assert!(ron::from_str::<Point>("(x: 40000)").is_err());
    }

    #[test]
    fn every_number_on_the_grid_reads_back_to_the_same_bits() {
        // Raw 727449 is the case whose short decimal (11.1) reads back one bit off.
        let sample = (-(1 << 16)..32 << 16).step_by(7).chain([727_449, i32::MIN, i32::MAX]);
        for bits in sample {
            let point = Point { x: Fx::from_bits(bits) };
            let text = ron::to_string(&point).expect("writes");
            assert_eq!(ron::from_str::<Point>(&text).expect("reads back"), point, "{text}");
        }
    }
}
