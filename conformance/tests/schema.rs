//! The committed JSON Schema of the vector format is the one the types generate, and generated
//! suites satisfy it.
//!
//! Refresh the committed file after a change to `conformance/src/vector.rs` with:
//! `PUSHWAKE_BLESS=1 cargo test -p pushwake-conformance --test schema`

use pushwake_conformance::binding::Binding;
use pushwake_conformance::generate::{GenOptions, generate};
use pushwake_conformance::vector::{Wire, json_schema};
use pushwake_model::explorer::{Limits, explore};
use pushwake_model::{ActionLabel, Direction, IcsItem, LabelledModel};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::path::PathBuf;

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/pushwake-vectors-1.schema.json")
}

#[test]
fn committed_schema_matches_the_types() {
    let generated = json_schema();
    let path = schema_path();
    if std::env::var_os("PUSHWAKE_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("write schema");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} differs from vector::json_schema(); refresh it with\n  \
         PUSHWAKE_BLESS=1 cargo test -p pushwake-conformance --test schema",
        path.display()
    );
}

// ---------------------------------------------------------------------------------------------
// A validator for the subset of JSON Schema (2020-12) that schemars emits for our types: `$ref`
// to `$defs`, `type` (one or several), `enum`, `const`, `required`, `properties`,
// `additionalProperties: false`, `items`, `oneOf`, `anyOf`, and `minimum` for integers; `default`
// is an annotation (a field older suites may lack) and validates nothing. Any other keyword makes
// the validator fail loudly, so a schema change cannot make this test vacuous.

const KNOWN: &[&str] = &[
    "$schema",
    "$ref",
    "$defs",
    "title",
    "description",
    "type",
    "enum",
    "const",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "oneOf",
    "anyOf",
    "format",
    "minimum",
    "default",
];

fn validate(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let Some(obj) = schema.as_object() else {
        if schema == &Value::Bool(true) {
            return;
        }
        errors.push(format!("{at}: schema is not an object: {schema}"));
        return;
    };
    for k in obj.keys() {
        assert!(
            KNOWN.contains(&k.as_str()),
            "unsupported keyword {k} at {at}"
        );
    }
    if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        let target = &root["$defs"][name];
        assert!(!target.is_null(), "dangling $ref {r}");
        validate(root, target, value, at, errors);
    }
    if let Some(t) = obj.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let ok = types.iter().any(|t| match *t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            _ => false,
        });
        if !ok {
            errors.push(format!("{at}: {value} is not of type {t}"));
            return;
        }
    }
    if let Some(min) = obj.get("minimum").and_then(Value::as_f64)
        && value.as_f64().is_some_and(|v| v < min)
    {
        errors.push(format!("{at}: {value} below {min}"));
    }
    if let Some(e) = obj.get("enum").and_then(Value::as_array)
        && !e.contains(value)
    {
        errors.push(format!("{at}: {value} not in {e:?}"));
    }
    if let Some(c) = obj.get("const")
        && c != value
    {
        errors.push(format!("{at}: {value} is not {c}"));
    }
    if let Some(v) = value.as_object() {
        if let Some(req) = obj.get("required").and_then(Value::as_array) {
            for r in req.iter().filter_map(Value::as_str) {
                if !v.contains_key(r) {
                    errors.push(format!("{at}: missing required field {r}"));
                }
            }
        }
        let props = obj.get("properties").and_then(Value::as_object);
        for (k, item) in v {
            match props.and_then(|p| p.get(k)) {
                Some(s) => validate(root, s, item, &format!("{at}.{k}"), errors),
                None if obj.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{at}: unexpected field {k}"));
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(a)) = (obj.get("items"), value.as_array()) {
        for (i, item) in a.iter().enumerate() {
            validate(root, items, item, &format!("{at}[{i}]"), errors);
        }
    }
    for (key, exactly_one) in [("oneOf", true), ("anyOf", false)] {
        if let Some(alts) = obj.get(key).and_then(Value::as_array) {
            let passing = alts
                .iter()
                .filter(|s| {
                    let mut e = Vec::new();
                    validate(root, s, value, at, &mut e);
                    e.is_empty()
                })
                .count();
            if passing == 0 || (exactly_one && passing > 1) {
                errors.push(format!(
                    "{at}: {passing} alternatives of {key} match {value}"
                ));
            }
        }
    }
}

fn schema() -> Value {
    serde_json::from_str(&json_schema()).expect("schema is JSON")
}

fn errors_of(value: &Value) -> Vec<String> {
    let root = schema();
    let mut errors = Vec::new();
    validate(&root, &root, value, "$", &mut errors);
    errors
}

// A small model whose suite uses every step kind and a wire form.

#[derive(Clone, Debug)]
struct Echo;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
enum Act {
    Ping,
    Pong,
    Noise,
    Tick,
    Junk,
}

impl stateright::Model for Echo {
    type State = (bool, u8);
    type Action = Act;
    fn init_states(&self) -> Vec<(bool, u8)> {
        vec![(false, 0)]
    }
    fn actions(&self, s: &(bool, u8), out: &mut Vec<Act>) {
        if s.0 {
            out.push(Act::Pong);
        } else if s.1 < 3 {
            out.extend([Act::Ping, Act::Noise, Act::Tick, Act::Junk]);
        }
    }
    fn next_state(&self, s: &(bool, u8), a: Act) -> Option<(bool, u8)> {
        Some(match a {
            Act::Ping | Act::Junk => (true, s.1 + 1),
            Act::Pong => (false, s.1),
            Act::Noise | Act::Tick => (false, s.1 + 1),
        })
    }
    fn properties(&self) -> Vec<stateright::Property<Self>> {
        vec![stateright::Property::sometimes(
            "ECHO-3: three rounds",
            |_, s: &(bool, u8)| s.1 == 3,
        )]
    }
}

impl LabelledModel for Echo {
    fn label(&self, a: &Act) -> ActionLabel {
        let (role, direction, urgent) = match a {
            Act::Ping | Act::Junk => ("echo", Direction::Input, false),
            Act::Pong => ("echo", Direction::Output, true),
            Act::Noise => ("net", Direction::Internal, false),
            Act::Tick => ("clock", Direction::Internal, false),
        };
        ActionLabel {
            role,
            direction,
            class: "echo",
            requirement: "ECHO-1",
            urgent,
            negative: *a == Act::Junk,
            time: *a == Act::Tick,
            ics: u32::from(*a == Act::Junk),
            ..ActionLabel::default()
        }
    }

    fn ics_items(&self) -> &'static [IcsItem] {
        &[IcsItem {
            name: "ECHO-JUNK",
            role: "echo",
            description: "answers junk",
        }]
    }
}

#[derive(Debug)]
struct EchoBinding;

impl Binding<Echo> for EchoBinding {
    fn wire(&self, _: &Echo, _: &(bool, u8), a: &Act, _: &str) -> Option<Wire> {
        match a {
            Act::Ping => Some(Wire {
                kind: "echo".into(),
                content_type: Some("text/plain".into()),
                text: Some("ping".into()),
                hex: None,
            }),
            Act::Junk => Some(Wire {
                kind: "echo".into(),
                content_type: None,
                text: None,
                hex: Some("ff00".into()),
            }),
            _ => None,
        }
    }
}

fn echo_suite() -> Value {
    let graph = explore(&Echo, Limits::default()).expect("explores");
    let suite = generate(
        "echo",
        &Echo,
        json!({ "rounds": 3 }),
        &graph,
        &EchoBinding,
        "echo",
        &GenOptions::default(),
    );
    serde_json::from_str(&suite.to_canonical_json()).expect("suite is JSON")
}

#[test]
fn generated_suite_validates_against_the_schema() {
    let suite = echo_suite();
    let text = suite.to_string();
    for kind in [
        "\"stimulus\"",
        "\"environment\"",
        "\"expect\"",
        "\"quiescence\"",
        "\"negative\"",
        "\"witness\"",
        "\"random-walk\"",
        "\"transition\"",
    ] {
        assert!(text.contains(kind), "the suite has no {kind}");
    }
    assert_eq!(errors_of(&suite), Vec::<String>::new());
}

#[test]
fn validator_rejects_a_missing_required_field() {
    let mut suite = echo_suite();
    suite["vectors"][0]
        .as_object_mut()
        .expect("object")
        .remove("applicability");
    assert_eq!(
        errors_of(&suite),
        ["$.vectors[0]: missing required field applicability"]
    );
}

#[test]
fn validator_rejects_an_unknown_step_kind() {
    let mut suite = echo_suite();
    let last = suite["vectors"][0]["postamble"]
        .as_array()
        .map_or(0, |p| p.len() - 1);
    suite["vectors"][0]["postamble"][last]["step"] = json!("sleep");
    let errors = errors_of(&suite);
    assert_eq!(
        errors,
        [format!(
            "$.vectors[0].postamble[{last}]: 0 alternatives of oneOf match \
             {{\"step\":\"sleep\",\"timeout_ms\":500}}"
        )]
    );
}
