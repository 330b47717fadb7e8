//! The requirement registry: one data file per protocol
//! (`conformance/src/<protocol>/requirements.json`), giving each requirement id its source
//! document, clause, a one-line paraphrase and whether the clause was verified against the source.
//! Models, reference implementations and vectors cite these ids; `pushwake check` and the reports
//! count, per requirement, the properties and vectors that cover it, and list the requirements
//! nothing covers.
//!
//! Each protocol names its file ([`Protocol::requirements_json`]); the files are compiled into the
//! binary, so an installed `pushwake` needs no source tree.

use crate::protocol::{PROTOCOLS, Protocol};
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

/// The registry of `protocol` (compiled into the binary from the protocol's module).
pub fn parse(protocol: &dyn Protocol) -> Result<Registry, String> {
    let registry = serde_json::from_str::<Registry>(protocol.requirements_json())
        .map_err(|e| format!("requirements of {}: {e}", protocol.name()))?;
    if registry.model != protocol.name() {
        return Err(format!(
            "requirements of {} say they are for model {:?}",
            protocol.name(),
            registry.model
        ));
    }
    Ok(registry)
}

/// The registry of `model`, or `None` for a model not in the protocol registry.
pub fn registry(model: &str) -> Option<Result<Registry, String>> {
    crate::protocol::find(model).ok().map(parse)
}

/// Every registry, in protocol order.
pub fn all() -> Result<Vec<Registry>, String> {
    PROTOCOLS.iter().map(|p| parse(*p)).collect()
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
