//! The requirement registry: one data file per model under `conformance/requirements/`, giving each
//! requirement id its source document, clause, a one-line paraphrase and whether the clause was
//! verified against the source. Models, reference implementations and vectors cite these ids;
//! `pushwake check` and the reports count, per requirement, the properties and vectors that cover
//! it, and list the requirements nothing covers.
//!
//! The files are compiled into the binary, so an installed `pushwake` needs no source tree.

use serde::{Deserialize, Serialize};

/// One requirement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Registry id, e.g. `PAP-PUSHID-DUP`.
    pub id: String,
    /// Source document id, e.g. `WAP-247-PAP-20010429-a`.
    pub source: String,
    /// Clause (section number), where known.
    pub clause: Option<String>,
    /// One-line paraphrase.
    pub paraphrase: String,
    /// `verified` or `unverified`.
    pub status: String,
    /// Free note (where the clause was found, what is uncertain).
    #[serde(default)]
    pub note: Option<String>,
}

/// One registry file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registry {
    /// File format version (1).
    pub version: u32,
    /// The model these requirements belong to.
    pub model: String,
    /// The requirements, sorted by id.
    pub requirements: Vec<Requirement>,
}

/// The registry files compiled in, by model.
const FILES: &[(&str, &str)] = &[("ppg", include_str!("../requirements/ppg.json"))];

/// The registry of `model`, or `None` for a model without one.
pub fn registry(model: &str) -> Option<Result<Registry, String>> {
    FILES.iter().find(|(m, _)| *m == model).map(|(_, text)| {
        serde_json::from_str::<Registry>(text)
            .map_err(|e| format!("requirements/{model}.json: {e}"))
    })
}

/// Every registry.
pub fn all() -> Result<Vec<Registry>, String> {
    FILES
        .iter()
        .map(|(m, _)| registry(m).unwrap_or_else(|| Err(format!("no registry for {m}"))))
        .collect()
}

/// Look a requirement up by id across every registry.
pub fn find(id: &str) -> Option<Requirement> {
    all()
        .ok()?
        .into_iter()
        .flat_map(|r| r.requirements)
        .find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registry_parses_sorted_and_unique() {
        for reg in all().expect("registries parse") {
            let ids: Vec<&str> = reg.requirements.iter().map(|r| r.id.as_str()).collect();
            let mut sorted = ids.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(ids, sorted, "{}: ids must be sorted and unique", reg.model);
            for r in &reg.requirements {
                assert!(
                    matches!(r.status.as_str(), "verified" | "unverified"),
                    "{}: status {}",
                    r.id,
                    r.status
                );
                assert!(!r.paraphrase.is_empty(), "{}: empty paraphrase", r.id);
            }
        }
    }
}
