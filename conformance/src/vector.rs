//! The conformance vector format (`pushwake-vectors/1`): what a suite file holds.
//!
//! A suite is one JSON document: which model, configuration, IUT role, seed and generator made it,
//! its coverage figures, and its vectors. A vector has a content-derived id, a title, its purpose,
//! the requirements it covers, an applicability expression over ICS items, and preamble / body /
//! postamble steps. A step is a stimulus (the abstract message and its wire form) or an expectation
//! (the set of allowed observations within a timeout, or quiescence).
//!
//! The JSON Schema for this format is generated from these types ([`json_schema`]) and committed as
//! `conformance/schema/pushwake-vectors-1.schema.json`; a test fails when the two disagree.
//!
//! Determinism: every collection here is a `Vec` in a defined order; suites are written with
//! [`Suite::to_canonical_json`], so the same inputs give the same bytes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The format tag every suite carries.
pub const FORMAT: &str = "pushwake-vectors/1";

/// One suite: the vectors for one model, configuration and IUT role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Suite {
    /// Always [`FORMAT`].
    pub format: String,
    /// Content-derived id of the whole suite (over everything but this field).
    pub id: String,
    /// The model the vectors come from (e.g. `"ppg"`).
    pub model: String,
    /// The model's configuration, as the model serialises it.
    pub config: serde_json::Value,
    /// The role the implementation under test plays (e.g. `"ppg"`, `"push-client"`).
    pub role: String,
    /// The seed of the random walks.
    pub seed: u64,
    /// Which generator wrote the suite.
    pub generator: GeneratorInfo,
    /// Coverage figures.
    pub coverage: Coverage,
    /// The vectors, in generation order.
    pub vectors: Vec<Vector>,
}

/// Which generator wrote a suite.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GeneratorInfo {
    /// `"pushwake"`.
    pub name: String,
    /// The generator's version; suites change only when it or the model changes.
    pub version: String,
}

/// Coverage of the explored graph by a suite.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    /// Reachable states of the model at this configuration.
    pub states: u64,
    /// Transitions of the whole graph.
    pub transitions: u64,
    /// Transitions of the IUT's role: its distinct actions (inputs, outputs and internal steps)
    /// that label some edge of the graph. The unit is the action, not the edge (see the
    /// generator's module doc, `crate::generate`).
    pub role_transitions: u64,
    /// Of those, the ones the tester can steer a run to: taken by some edge that every earlier
    /// choice on a path to it leaves to the tester (see `crate::generate` for the definition).
    pub steerable_role_transitions: u64,
    /// Of the steerable ones, how many the vectors' planned paths take.
    pub covered_role_transitions: u64,
    /// (Role transition, abstract source context) pairs: each distinct action of the IUT's role
    /// together with the context it is taken in (`LabelledModel::context`, e.g. `"push 0:
    /// delivered"`), over every edge of the graph.
    #[serde(default)]
    pub role_contexts: u64,
    /// Of those, the pairs some steerable edge takes (the same definition as for transitions).
    #[serde(default)]
    pub steerable_role_contexts: u64,
    /// Of the steerable pairs, how many the vectors' planned paths take.
    #[serde(default)]
    pub covered_role_contexts: u64,
    /// Pairs that are not steerable but that some vector targets through one branch of an IUT
    /// choice, every other branch of which reaches a pair of the same class (the runner re-plans
    /// toward the vector's targets when the IUT takes another branch).
    #[serde(default)]
    pub choice_role_contexts: u64,
    /// Action classes of the role's transitions that are not steerable (they hinge on a choice
    /// only the IUT makes), with how many transitions of each; a suite cannot force them, only
    /// accept them when they happen.
    pub iut_choice_classes: Vec<ClassCount>,
    /// The role transitions themselves (abstract actions) that hinge on a choice only the IUT
    /// makes, sorted by their JSON text: what this suite cannot force, only accept.
    pub iut_choice_transitions: Vec<serde_json::Value>,
    /// `sometimes` properties with a witness vector, of all of them.
    pub witnesses_covered: u64,
    /// All `sometimes` properties of the model.
    pub witnesses_total: u64,
    /// Requirement ids some vector covers, sorted.
    pub requirements: Vec<String>,
}

/// A class of actions and a count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassCount {
    /// The action class (`ActionLabel::class`).
    pub class: String,
    /// How many transitions.
    pub transitions: u64,
}

/// Why a vector exists.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum VectorKind {
    /// Takes transitions of the IUT's role not taken by earlier vectors.
    Transition,
    /// Reaches a state that witnesses a `sometimes` property.
    Witness,
    /// Sends a malformed, unknown or out-of-order input and expects the answer the spec requires.
    Negative,
    /// A seeded random walk.
    RandomWalk,
}

/// One conformance vector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vector {
    /// Content-derived id: model, role and a hash of the steps (see [`Vector::derive_id`]).
    pub id: String,
    /// Short title.
    pub title: String,
    /// What the vector checks, in a sentence.
    pub purpose: String,
    /// Why it exists.
    pub kind: VectorKind,
    /// Requirement registry ids it covers, sorted.
    pub requirements: Vec<String>,
    /// ICS applicability: an expression over ICS item names with `&&`, `||`, `!` and parentheses;
    /// `"true"` when always applicable (see `crate::ics`).
    pub applicability: String,
    /// The (role transition, context) pairs the vector exists to cover, in plan order; a vector
    /// planned through one branch of an IUT choice also lists, after its own, the pairs it aims
    /// for on the other branches. When the IUT takes a legal branch that leaves the plan, the
    /// runner re-plans toward the targets not yet reached. Empty for vectors that are not
    /// adaptive (witnesses, negative vectors, random walks) and in suites written before targets
    /// existed (so they still load).
    #[serde(default)]
    pub targets: Vec<Target>,
    /// Steps that bring the IUT to the state under test.
    pub preamble: Vec<Step>,
    /// The test body.
    pub body: Vec<Step>,
    /// Steps that bring the IUT back to quiescence.
    pub postamble: Vec<Step>,
}

/// A role transition in an abstract source context: what a vector aims to take.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The model action of the IUT's role, as the model serialises it.
    pub action: serde_json::Value,
    /// The context it is to be taken in (`LabelledModel::context`; empty for "any").
    pub context: String,
}

/// One step of a vector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "step", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Step {
    /// The tester sends something to the IUT (or advances its clock).
    Stimulus {
        /// The model action, as the model serialises it.
        action: serde_json::Value,
        /// Its wire form, where the binding has one.
        wire: Option<Wire>,
        /// The requirement the transition implements.
        requirement: String,
    },
    /// Something the tester's environment does that the IUT does not see (a loss on the bearer, a
    /// step of a simulated peer); the runner applies it to its oracle only.
    Environment {
        /// The model action.
        action: serde_json::Value,
        /// The requirement the transition implements.
        requirement: String,
    },
    /// The IUT must emit one of `allowed` within `timeout_ms`. `planned` is the one this vector's
    /// path takes; the runner's oracle accepts any observation the model allows and follows it.
    Expect {
        /// Every observation the model allows here (abstract actions).
        allowed: Vec<serde_json::Value>,
        /// The observation on the vector's planned path.
        planned: serde_json::Value,
        /// Its wire form, where the binding has one.
        wire: Option<Wire>,
        /// The requirement the planned transition implements.
        requirement: String,
        /// How long to wait.
        timeout_ms: u64,
    },
    /// The IUT must emit nothing it owes more (no urgent output left) within `timeout_ms`.
    Quiescence {
        /// How long to watch.
        timeout_ms: u64,
    },
}

/// A message's wire form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Wire {
    /// What the bytes are: `"pap-xml"`, `"pap-multipart"`, `"ota-push"`, `"apdu"`, `"time"`, ...
    pub kind: String,
    /// MIME type or header where one applies (e.g. the multipart content-type with its boundary).
    pub content_type: Option<String>,
    /// The bytes as UTF-8 text when they are text.
    pub text: Option<String>,
    /// The bytes as lowercase hex when they are not text.
    pub hex: Option<String>,
}

impl Vector {
    /// The content-derived id: `<model>-<role>-<first 16 hex digits of SHA-256>` over the canonical
    /// JSON of the kind, the applicability and the steps (titles and prose do not change the id).
    pub fn derive_id(
        model: &str,
        role: &str,
        kind: VectorKind,
        applicability: &str,
        steps: [&[Step]; 3],
    ) -> String {
        let content = serde_json::json!({
            "model": model,
            "role": role,
            "kind": kind,
            "applicability": applicability,
            "preamble": steps[0],
            "body": steps[1],
            "postamble": steps[2],
        });
        format!("{model}-{role}-{}", short_hash(&canonical_json(&content)))
    }

    /// Every step in order: preamble, body, postamble.
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.preamble
            .iter()
            .chain(&self.body)
            .chain(&self.postamble)
    }
}

impl Suite {
    /// Fill in [`Suite::id`] from the content.
    pub fn seal(&mut self) {
        self.id = String::new();
        let digest = short_hash(&canonical_json(
            &serde_json::to_value(&*self).unwrap_or_default(),
        ));
        self.id = format!("{}-{}-{digest}", self.model, self.role);
    }

    /// The canonical JSON text of the suite: keys sorted, two-space indentation, final newline.
    pub fn to_canonical_json(&self) -> String {
        let value = serde_json::to_value(self).unwrap_or_default();
        let mut out = canonical_json_pretty(&value);
        out.push('\n');
        out
    }

    /// Read a suite, checking its format tag.
    pub fn from_json(text: &str) -> Result<Self, SuiteError> {
        let suite: Suite =
            serde_json::from_str(text).map_err(|e| SuiteError::Json(e.to_string()))?;
        if suite.format != FORMAT {
            return Err(SuiteError::Format(suite.format));
        }
        Ok(suite)
    }
}

/// Why a suite file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SuiteError {
    /// Not JSON of this format.
    #[error("suite is not valid pushwake-vectors JSON: {0}")]
    Json(String),
    /// Another format tag.
    #[error("unsupported suite format {0:?} (expected {FORMAT:?})")]
    Format(String),
}

/// The JSON Schema of [`Suite`], as committed in `conformance/schema/`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Suite);
    let value = serde_json::to_value(&schema).unwrap_or_default();
    let mut out = canonical_json_pretty(&value);
    out.push('\n');
    out
}

/// First 16 hex digits of SHA-256 of `text`.
pub fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    pushwake_codecs::hex::encode_lower(digest.get(..8).unwrap_or_default())
}

/// Compact canonical JSON: object keys sorted at every level, no insignificant white space.
pub fn canonical_json(value: &serde_json::Value) -> String {
    sorted(value).to_string()
}

/// Pretty canonical JSON (keys sorted at every level, two-space indentation).
pub fn canonical_json_pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(&sorted(value)).unwrap_or_default()
}

/// `value` with every object's keys in sorted order, whether or not some crate in the build turns
/// on serde_json's `preserve_order` (feature unification would otherwise change our bytes).
fn sorted(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), sorted(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stim(n: u64) -> Step {
        Step::Stimulus {
            action: serde_json::json!({ "Tick": n }),
            wire: None,
            requirement: "R".into(),
        }
    }

    #[test]
    fn id_depends_on_steps_not_on_prose() {
        let a = Vector::derive_id(
            "ppg",
            "ppg",
            VectorKind::Transition,
            "true",
            [&[], &[stim(1)], &[]],
        );
        let b = Vector::derive_id(
            "ppg",
            "ppg",
            VectorKind::Transition,
            "true",
            [&[], &[stim(1)], &[]],
        );
        let c = Vector::derive_id(
            "ppg",
            "ppg",
            VectorKind::Transition,
            "true",
            [&[], &[stim(2)], &[]],
        );
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(
            a.starts_with("ppg-ppg-") && a.len() == "ppg-ppg-".len() + 16,
            "{a}"
        );
    }

    #[test]
    fn canonical_json_sorts_keys() {
        let v = serde_json::json!({ "b": 1, "a": { "d": 2, "c": 3 } });
        assert_eq!(canonical_json(&v), r#"{"a":{"c":3,"d":2},"b":1}"#);
    }
}
