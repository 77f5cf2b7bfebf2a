//! What a scalar's text means: text, a number, true/false or nothing.
//!
//! The YAML 1.2 core schema, as meetcal's field readers have always seen
//! it: a plain (unquoted) `null`, `~` or nothing is nothing; `true`/`false`
//! (also `True`, `TRUE`...) a true/false value; whole numbers in decimal,
//! `0x`, `0o` or `0b` are numbers, and so are decimals, `1e3`, `.inf` and
//! `.nan`; everything else, and everything in quotes or in a `|` or `>`
//! block, is text. YAML 1.1's `yes`, `on` and `12:30` stay text, and so do
//! digits after a leading zero (`0123`), so a postcode keeps its zero.

use saphyr_parser::ScalarStyle;
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Number, Value};

/// The core schema's tags, `!!int` and the like, spelt out.
const CORE: &str = "tag:yaml.org,2002:";

/// A scalar's value. A core tag (`!!int`, `!!str`...) decides the kind
/// itself; `Err` says what the tag asks for when the text is not that.
pub(super) fn resolve(
    text: &str,
    style: ScalarStyle,
    tag: Option<&saphyr_parser::Tag>,
) -> Result<Value, &'static str> {
    let Some(tag) = tag else {
        return Ok(untagged(text, style));
    };
    let full = format!("{}{}", tag.handle, tag.suffix);
    if let Some(local) = local_tag(&full) {
        return Ok(Value::Tagged(Box::new(TaggedValue {
            tag: local,
            value: untagged(text, style),
        })));
    }
    match full.strip_prefix(CORE) {
        Some("bool") => boolean(text).map(Value::Bool).ok_or("true or false"),
        Some("int") => match whole(text) {
            Some(Whole::Number(n)) => Ok(Value::Number(n)),
            _ => Err("a whole number"),
        },
        Some("float") => float(text).map(Value::from).ok_or("a number"),
        Some("null") => matches!(text, "null" | "Null" | "NULL" | "~")
            .then_some(Value::Null)
            .ok_or("nothing (`null` or `~`)"),
        // `!!str`, `!!binary`, a tag of another schema: the text as written.
        _ => Ok(Value::String(text.to_owned())),
    }
}

/// The tag kept on a list or map: local ones (`!name`) only; a core tag
/// (`!!seq`) says nothing a list does not.
pub(super) fn collection_tag(tag: Option<&saphyr_parser::Tag>) -> Option<Tag> {
    let tag = tag?;
    local_tag(&format!("{}{}", tag.handle, tag.suffix))
}

/// `!name` is kept as `name`; a lone `!` as itself.
fn local_tag(full: &str) -> Option<Tag> {
    let name = full.strip_prefix('!')?;
    Some(Tag::new(if name.is_empty() { full } else { name }))
}

fn untagged(text: &str, style: ScalarStyle) -> Value {
    if style != ScalarStyle::Plain {
        return Value::String(text.to_owned());
    }
    if matches!(text, "" | "null" | "Null" | "NULL" | "~") {
        return Value::Null;
    }
    if let Some(b) = boolean(text) {
        return Value::Bool(b);
    }
    match whole(text) {
        Some(Whole::Number(n)) => return Value::Number(n),
        // Past 64 bits a whole number is kept as written: as text, a long
        // numeric `uid` stays exact.
        Some(Whole::TooWide) => return Value::String(text.to_owned()),
        None => {}
    }
    if !leading_zero(text) {
        if let Some(f) = float(text) {
            return Value::from(f);
        }
    }
    Value::String(text.to_owned())
}

fn boolean(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

enum Whole {
    Number(Number),
    /// Whole, but wider than 64 bits (and no wider than 128).
    TooWide,
}

/// A whole number: an optional sign, then decimal digits, or `0x`, `0o` or
/// `0b` and digits of that base.
fn whole(text: &str) -> Option<Whole> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (digits, radix) = if let Some(hex) = unsigned.strip_prefix("0x") {
        (hex, 16)
    } else if let Some(octal) = unsigned.strip_prefix("0o") {
        (octal, 8)
    } else if let Some(binary) = unsigned.strip_prefix("0b") {
        (binary, 2)
    } else if leading_zero(text) {
        return None;
    } else {
        (unsigned, 10)
    };
    // One sign only: `from_str_radix` would take another `+`.
    if digits.starts_with(['+', '-']) {
        return None;
    }
    let magnitude = u128::from_str_radix(digits, radix).ok()?;
    if !negative {
        return Some(match u64::try_from(magnitude) {
            Ok(n) => Whole::Number(n.into()),
            Err(_) => Whole::TooWide,
        });
    }
    if magnitude <= 1 << 63 {
        // In range: -(2^63) is i64::MIN.
        let n = i64::try_from(-(magnitude as i128)).ok()?;
        Some(Whole::Number(n.into()))
    } else if magnitude <= 1 << 127 {
        Some(Whole::TooWide)
    } else {
        None
    }
}

/// Digits after a leading zero (`0123`, `-007`): text, not a number.
fn leading_zero(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A finite decimal (`1.5`, `.5`, `1e3`), or `.inf`, `-.inf`, `.nan`.
fn float(text: &str) -> Option<f64> {
    // Most text is words: no number starts with a letter (Rust's `inf` and
    // `NaN` are refused below anyway).
    if !text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '.' | '+' | '-')) {
        return None;
    }
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    match text {
        "-.inf" | "-.Inf" | "-.INF" => Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => Some(f64::NAN),
        // Rust also reads `inf` and `NaN`, which YAML does not: finite only.
        _ => unsigned.parse::<f64>().ok().filter(|f| f.is_finite()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Value {
        untagged(text, ScalarStyle::Plain)
    }

    #[test]
    fn reads_the_core_schema() {
        for text in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(plain(text), Value::Null, "{text}");
        }
        assert_eq!(plain("True"), Value::Bool(true));
        assert_eq!(plain("FALSE"), Value::Bool(false));
        assert_eq!(plain("12"), Value::from(12u64));
        assert_eq!(plain("+12"), Value::from(12u64));
        assert_eq!(plain("-12"), Value::from(-12i64));
        assert_eq!(plain("0x1F"), Value::from(31u64));
        assert_eq!(plain("-0o17"), Value::from(-15i64));
        assert_eq!(plain("0b101"), Value::from(5u64));
        assert_eq!(plain("1e3"), Value::from(1000.0));
        assert_eq!(plain(".5"), Value::from(0.5));
        assert_eq!(plain("-.inf"), Value::from(f64::NEG_INFINITY));
        assert!(plain(".NaN").as_f64().unwrap().is_nan());
        assert_eq!(
            plain("-9223372036854775808"),
            Value::from(i64::MIN),
            "the smallest 64-bit number"
        );
        for text in [
            "yes",
            "on",
            "12:30",
            "0123",
            "-007",
            "1_000",
            "0x",
            "0b2",
            "+-1",
            "--1",
            "inf",
            "nan",
            "+.nan",
            "1e400",
            "2027-03-10",
        ] {
            assert_eq!(plain(text), Value::String(text.into()), "{text}");
        }
        for quoted in [ScalarStyle::SingleQuoted, ScalarStyle::DoubleQuoted] {
            assert_eq!(untagged("12", quoted), Value::String("12".into()));
            assert_eq!(untagged("", quoted), Value::String(String::new()));
        }
    }

    #[test]
    fn keeps_numbers_too_wide_for_64_bits_as_written() {
        for text in ["18446744073709551616", "-9223372036854775809"] {
            assert_eq!(plain(text), Value::String(text.into()), "{text}");
        }
        // Past 128 bits, a float, as it always was.
        assert_eq!(plain(&"9".repeat(42)), Value::from(1e42));
    }

    #[test]
    fn a_core_tag_decides_the_kind() {
        let core = |suffix: &str| saphyr_parser::Tag {
            handle: CORE.into(),
            suffix: suffix.into(),
        };
        let read =
            |text: &str, suffix: &str| resolve(text, ScalarStyle::Plain, Some(&core(suffix)));
        assert_eq!(read("12", "str"), Ok(Value::String("12".into())));
        assert_eq!(read("0x10", "int"), Ok(Value::from(16u64)));
        assert_eq!(read("012", "float"), Ok(Value::from(12.0)));
        assert_eq!(read("~", "null"), Ok(Value::Null));
        assert_eq!(read("abc", "int"), Err("a whole number"));
        assert_eq!(read("", "null"), Err("nothing (`null` or `~`)"));
        let local = saphyr_parser::Tag {
            handle: "!".into(),
            suffix: "place".into(),
        };
        let value = resolve("12", ScalarStyle::Plain, Some(&local)).unwrap();
        assert_eq!(value.as_u64(), Some(12));
        assert!(matches!(value, Value::Tagged(_)));
    }
}
