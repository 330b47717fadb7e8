//! Canonical JSON text: object keys sorted by their UTF-8 bytes at every level (whatever
//! `serde_json` features other crates enable), two-space indentation, `\n` line ends, a final
//! newline. Strings are escaped by `serde_json`; integers are printed exactly; the rare float
//! (only inside caller-supplied abstract messages or model configs: every field this crate
//! defines is an integer) is printed by `serde_json` as the shortest text that round-trips, which
//! is deterministic.

use serde_json::Value;

/// Appends the canonical text of `value` (no trailing newline) to `out`.
pub(crate) fn write_pretty(value: &Value, out: &mut String) -> Result<(), serde_json::Error> {
    write_value(value, 0, true, out)
}

/// Appends the compact canonical text of `value` (sorted keys, no whitespace) to `out`.
pub(crate) fn write_compact(value: &Value, out: &mut String) -> Result<(), serde_json::Error> {
    write_value(value, 0, false, out)
}

/// The compact canonical text of `value`.
pub(crate) fn to_compact(value: &Value) -> Result<String, serde_json::Error> {
    let mut out = String::new();
    write_compact(value, &mut out)?;
    Ok(out)
}

fn newline(depth: usize, pretty: bool, out: &mut String) {
    if pretty {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    }
}

fn write_value(
    value: &Value,
    depth: usize,
    pretty: bool,
    out: &mut String,
) -> Result<(), serde_json::Error> {
    match value {
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {
            out.push_str(&serde_json::to_string(value)?);
        }
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return Ok(());
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(depth + 1, pretty, out);
                write_value(item, depth + 1, pretty, out)?;
            }
            newline(depth, pretty, out);
            out.push(']');
        }
        Value::Object(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return Ok(());
            }
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(depth + 1, pretty, out);
                out.push_str(&serde_json::to_string(key)?);
                out.push(':');
                if pretty {
                    out.push(' ');
                }
                write_value(item, depth + 1, pretty, out)?;
            }
            newline(depth, pretty, out);
            out.push('}');
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorts_keys_at_every_level_and_indents_two_spaces() {
        let v = json!({"b": [1, {"z": null, "a": "x"}], "a": {}, "c": []});
        let mut out = String::new();
        write_pretty(&v, &mut out).unwrap();
        assert_eq!(
            out,
            "{\n  \"a\": {},\n  \"b\": [\n    1,\n    {\n      \"a\": \"x\",\n      \"z\": null\n    }\n  ],\n  \"c\": []\n}"
        );
    }

    #[test]
    fn compact_form_has_no_whitespace_and_escapes_strings() {
        let v = json!({"k": "a\"b\n<", "n": -3, "f": 0.5});
        assert_eq!(to_compact(&v).unwrap(), r#"{"f":0.5,"k":"a\"b\n<","n":-3}"#);
    }
}
