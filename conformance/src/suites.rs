//! The suites pushwake ships and how a suite is run: the glue between the protocol registry
//! ([`crate::protocol`]), the generator, adapters, the runner and the reports. Generic: every
//! protocol-specific fact comes from the registry.

use crate::adapter::AdapterFactory;
use crate::generate::GenOptions;
use crate::protocol::{self, PROTOCOLS, Protocol};
use crate::requirements;
use crate::runner::RunOptions;
use crate::vector::Suite;
use pushwake_reports::{RequirementCoverage, RequirementStatus, RunEvent, RunInfo, RunSummary};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The seed of the committed suites.
pub const DEFAULT_SEED: u64 = 1;

/// The suites generated and run by the main job, and committed under `conformance/vectors/`:
/// (model, IUT role, named configuration), in registry order.
pub fn default_suites() -> Vec<(&'static str, &'static str, &'static str)> {
    PROTOCOLS
        .iter()
        .flat_map(|p| {
            p.default_suites()
                .iter()
                .map(move |s| (p.name(), s.role, s.config))
        })
        .collect()
}

/// A suite's name: `<model>-<role>`, with `-<config>` unless the configuration is the default.
pub fn suite_name(model: &str, role: &str, config: &str) -> String {
    if config == "default" {
        format!("{model}-{role}")
    } else {
        format!("{model}-{role}-{config}")
    }
}

/// Where the committed copy of a default suite lives, relative to the workspace root.
pub fn committed_path(model: &str, role: &str, config: &str) -> PathBuf {
    PathBuf::from("conformance/vectors").join(format!("{}.json", suite_name(model, role, config)))
}

/// The options the committed suites are generated with.
pub fn gen_options(seed: u64) -> GenOptions {
    GenOptions {
        seed,
        ..GenOptions::default()
    }
}

/// Generate the suite for `model` and `role` at the model's named configuration `config`.
pub fn generate_named(model: &str, role: &str, config: &str, seed: u64) -> Result<Suite, String> {
    let mut suites = protocol::find(model)?.generate(config, &[role], &gen_options(seed))?;
    suites
        .pop()
        .ok_or_else(|| format!("no suite for role {role:?}"))
}

/// Every default suite, in [`default_suites`] order, as (model, role, configuration, suite);
/// each configuration's graph is explored once.
pub fn generate_defaults(
    seed: u64,
) -> Result<Vec<(&'static str, &'static str, &'static str, Suite)>, String> {
    let all = default_suites();
    let mut out: Vec<(&str, &str, &str, Suite)> = Vec::new();
    for (i, (model, _, config)) in all.iter().enumerate() {
        if all[..i].iter().any(|(m, _, c)| m == model && c == config) {
            continue;
        }
        let roles: Vec<&str> = all
            .iter()
            .filter(|(m, _, c)| m == model && c == config)
            .map(|s| s.1)
            .collect();
        let suites = protocol::find(model)?.generate(config, &roles, &gen_options(seed))?;
        for (role, suite) in roles.iter().zip(suites) {
            out.push((model, role, config, suite));
        }
    }
    out.sort_by_key(|(m, r, c, _)| all.iter().position(|d| d == &(*m, *r, *c)));
    Ok(out)
}

/// The requirement catalogue of `model` with, per requirement, how many model properties check it.
pub fn catalogue(model: &str) -> Result<Vec<RequirementCoverage>, String> {
    let protocol = protocol::find(model)?;
    let registry = requirements::parse(protocol)?;
    let property_requirements = protocol.property_requirements();
    Ok(registry
        .requirements
        .iter()
        .map(|r| {
            let properties = property_requirements.iter().filter(|p| **p == r.id).count() as u64;
            let status = if r.status == "verified" {
                RequirementStatus::Verified
            } else {
                RequirementStatus::Unverified
            };
            RequirementCoverage::new(
                r.id.clone(),
                r.source.clone(),
                r.clause.clone().unwrap_or_default(),
                r.paraphrase.clone(),
                status,
                properties,
            )
        })
        .collect())
}

/// Check that every item `options.ics` names is an ICS item of `protocol` for `role`; an unknown
/// one (a typo) is an error listing the known ones, never silently ignored.
pub fn validate_ics(
    protocol: &dyn Protocol,
    role: &str,
    options: &RunOptions,
) -> Result<(), String> {
    let known: Vec<&str> = protocol
        .ics_items()
        .iter()
        .filter(|i| i.role == role)
        .map(|i| i.name)
        .collect();
    let unknown: Vec<&str> = options
        .ics
        .items
        .keys()
        .map(String::as_str)
        .filter(|k| !known.contains(k))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(format!(
        "unknown ICS item(s) {} for role {role} of model {}; known: {} (see `pushwake list ics`)",
        unknown.join(", "),
        protocol.name(),
        if known.is_empty() {
            "none".to_owned()
        } else {
            known.join(", ")
        }
    ))
}

/// The per-vector timeout the IUT's adapter asks for when the user gives none: the longest that
/// any vector of `suite` needs ([`crate::adapter::AdapterFactory::default_vector_timeout`];
/// [`crate::adapter::DEFAULT_VECTOR_TIMEOUT`] for an empty suite). Makes a factory but starts
/// nothing (factories start their IUT on the first `create`).
pub fn default_vector_timeout(suite: &Suite, iut_spec: &str) -> Result<Duration, String> {
    let protocol = protocol::find(&suite.model)?;
    let factory =
        crate::iut::factory(protocol, iut_spec, &suite.config).map_err(|e| e.to_string())?;
    Ok(suite
        .vectors
        .iter()
        .map(|v| factory.default_vector_timeout(v))
        .max()
        .unwrap_or(crate::adapter::DEFAULT_VECTOR_TIMEOUT))
}

/// Calls [`AdapterFactory::finish`] when dropped (at the end of [`run`], also on an early return).
struct Finish(Arc<dyn AdapterFactory>);

impl Drop for Finish {
    fn drop(&mut self) {
        self.0.finish();
    }
}

/// Run `suite` against the IUT `iut_spec`, sending every event to `sink`.
pub fn run(
    suite: &Suite,
    iut_spec: &str,
    options: &RunOptions,
    started_at: String,
    sink: &mut dyn FnMut(&RunEvent),
) -> Result<RunSummary, String> {
    let protocol = protocol::find(&suite.model)?;
    validate_ics(protocol, &suite.role, options)?;
    let factory =
        crate::iut::factory(protocol, iut_spec, &suite.config).map_err(|e| e.to_string())?;
    if factory.role() != suite.role {
        return Err(format!(
            "the suite is for IUT role {:?} but {iut_spec:?} plays {:?}",
            suite.role,
            factory.role()
        ));
    }
    let info = RunInfo {
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        suite_id: suite.id.clone(),
        suite_name: format!("{}-{}", suite.model, suite.role),
        model: suite.model.clone(),
        model_config: suite.config.clone(),
        iut_role: suite.role.clone(),
        iut: iut_spec.to_owned(),
        generator_version: suite.generator.version.clone(),
        seed: suite.seed,
        vector_count: suite.vectors.len() as u64,
        partition: options.partition.map(|(k, n)| pushwake_reports::Partition {
            k: k as u32,
            n: n as u32,
        }),
        started_at,
        // The runner side of "Pipeline v2" fills this with the ICS actually used.
        ics: Some(options.ics.record(options.ics_default)),
    };
    let catalogue = catalogue(&suite.model)?;
    // Stops an external IUT at the end of the run, whatever vector threads still hold.
    let _finish = Finish(Arc::clone(&factory));
    protocol.run(suite, factory, options, info, catalogue, sink)
}

/// The committed suites of `model`, read from this source tree's `conformance/vectors/` (absent
/// from an installed binary's machine: then none).
pub fn committed_suites(model: &str) -> Vec<Suite> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    default_suites()
        .iter()
        .filter(|s| s.0 == model)
        .filter_map(|(m, r, c)| std::fs::read_to_string(root.join(committed_path(m, r, c))).ok())
        .filter_map(|text| Suite::from_json(&text).ok())
        .collect()
}

/// Per requirement of `model`'s registry: status, source and clause, how many model properties
/// check it and how many vectors of `suites` cover it; then the requirements nothing covers.
pub fn requirement_table(
    model: &str,
    properties: &[crate::check::PropertyResult],
    suites: &[Suite],
) -> Result<String, String> {
    let registry = requirements::parse(protocol::find(model)?)?;
    let mut out = format!(
        "requirements of {model} ({} in the registry; vectors counted over {} suite(s)):\n  {:<28} {:<10} {:>10} {:>7}  source, clause\n",
        registry.requirements.len(),
        suites.len(),
        "id",
        "status",
        "properties",
        "vectors"
    );
    let mut uncovered = Vec::new();
    for r in &registry.requirements {
        let props = properties.iter().filter(|p| p.requirement == r.id).count();
        let vectors: usize = suites
            .iter()
            .map(|s| {
                s.vectors
                    .iter()
                    .filter(|v| v.requirements.contains(&r.id))
                    .count()
            })
            .sum();
        if props == 0 && vectors == 0 {
            uncovered.push(r.id.as_str());
        }
        out.push_str(&format!(
            "  {:<28} {:<10} {:>10} {:>7}  {}, {}\n",
            r.id,
            r.status,
            props,
            vectors,
            r.source,
            r.clause.as_deref().unwrap_or("clause not confirmed")
        ));
    }
    out.push_str(&format!(
        "  covered by nothing ({}): {}\n",
        uncovered.len(),
        uncovered.join(", ")
    ));
    Ok(out)
}
