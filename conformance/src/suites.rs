//! The suites pushwake ships: which (model, role) pairs, how each is generated, where the committed
//! copy lives, and how a suite is run: the glue between models, the generator, bindings, adapters,
//! the runner and the reports. The only place that dispatches on a suite's model name.

use crate::bind::ppg::PpgBinding;
use crate::check::requirement_of;
use crate::generate::{GenOptions, generate};
use crate::requirements;
use crate::runner::{RunOptions, run_suite};
use crate::vector::Suite;
use pushwake_model::explorer::{self, Limits, LivenessModel};
use pushwake_model::ppg::{PpgConfig, PpgModel};
use pushwake_reports::{RequirementCoverage, RequirementStatus, RunEvent, RunInfo, RunSummary};
use std::path::PathBuf;
use std::sync::Arc;

/// The seed of the committed suites.
pub const DEFAULT_SEED: u64 = 1;

/// The suites generated and run by the main job, and committed under `conformance/vectors/`:
/// (model, IUT role, named configuration), grouped by role (`pushwake selftest` reports per
/// run of equal roles).
pub const DEFAULT_SUITES: &[(&str, &str, &str)] = &[
    ("ppg", "ppg", "default"),
    ("ppg", "ppg", "timing"),
    ("ppg", "ppg", "addresses"),
    ("ppg", "ppg", "applications"),
    ("ppg", "push-client", "default"),
    ("ppg", "push-client", "applications"),
];

/// The named configurations of each model (see [`PpgConfig::default`], [`PpgConfig::timing`],
/// [`PpgConfig::addresses`] and [`PpgConfig::applications`]).
pub fn config_names(model: &str) -> &'static [&'static str] {
    match model {
        "ppg" => &["default", "timing", "addresses", "applications"],
        _ => &[],
    }
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

fn ppg_config(name: &str) -> Result<PpgConfig, String> {
    match name {
        "default" => Ok(PpgConfig::default()),
        "timing" => Ok(PpgConfig::timing()),
        "addresses" => Ok(PpgConfig::addresses()),
        "applications" => Ok(PpgConfig::applications()),
        other => Err(format!(
            "model ppg has no configuration {other:?}; known: {}",
            config_names("ppg").join(", ")
        )),
    }
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
    let mut suites = generate_roles(model, config, &[role], seed)?;
    suites
        .pop()
        .ok_or_else(|| format!("no suite for role {role:?}"))
}

/// Generate one suite per role in `roles` from `model` at its named configuration `config`,
/// exploring the model's graph once for all of them.
pub fn generate_roles(
    model: &str,
    config: &str,
    roles: &[&str],
    seed: u64,
) -> Result<Vec<Suite>, String> {
    let info = crate::models::find(model)
        .ok_or_else(|| format!("unknown model {model:?}; known: {}", crate::models::names()))?;
    if let Some(role) = roles
        .iter()
        .find(|r| !info.roles.iter().any(|(known, _)| known == *r))
    {
        return Err(format!("model {model} has no role {role:?}"));
    }
    match model {
        "ppg" => {
            let config = ppg_config(config)?;
            let m = PpgModel::new(config.clone()).map_err(|e| e.to_string())?;
            let graph = explorer::explore(&m, Limits::default()).map_err(|e| e.to_string())?;
            let config_json = serde_json::to_value(&config).map_err(|e| e.to_string())?;
            Ok(roles
                .iter()
                .map(|role| {
                    generate(
                        "ppg",
                        &m,
                        config_json.clone(),
                        &graph,
                        &PpgBinding,
                        role,
                        &gen_options(seed),
                    )
                })
                .collect())
        }
        other => Err(format!("model {other:?} has no suites yet")),
    }
}

/// Every default suite, in [`DEFAULT_SUITES`] order, as (model, role, configuration, suite); each
/// configuration's graph is explored once.
pub fn generate_defaults(
    seed: u64,
) -> Result<Vec<(&'static str, &'static str, &'static str, Suite)>, String> {
    let mut out: Vec<(&str, &str, &str, Suite)> = Vec::new();
    for (i, (model, _, config)) in DEFAULT_SUITES.iter().enumerate() {
        if DEFAULT_SUITES[..i]
            .iter()
            .any(|(m, _, c)| m == model && c == config)
        {
            continue;
        }
        let roles: Vec<&str> = DEFAULT_SUITES
            .iter()
            .filter(|(m, _, c)| m == model && c == config)
            .map(|s| s.1)
            .collect();
        for (role, suite) in roles
            .iter()
            .zip(generate_roles(model, config, &roles, seed)?)
        {
            out.push((model, role, config, suite));
        }
    }
    out.sort_by_key(|(m, r, c, _)| DEFAULT_SUITES.iter().position(|d| d == &(*m, *r, *c)));
    Ok(out)
}

/// The requirement catalogue of `model` with, per requirement, how many model properties check it.
pub fn catalogue(model: &str) -> Result<Vec<RequirementCoverage>, String> {
    let registry = requirements::registry(model)
        .ok_or_else(|| format!("no requirement registry for {model}"))??;
    let property_requirements: Vec<String> = match model {
        "ppg" => {
            let m = PpgModel::default();
            let mut ids: Vec<String> = stateright::Model::properties(&m)
                .iter()
                .map(|p| requirement_of(p.name))
                .collect();
            ids.extend(m.liveness().iter().map(|l| l.requirement.to_owned()));
            ids
        }
        _ => Vec::new(),
    };
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

/// Run `suite` against the IUT `iut_spec`, sending every event to `sink`.
pub fn run(
    suite: &Suite,
    iut_spec: &str,
    options: &RunOptions,
    started_at: String,
    sink: &mut dyn FnMut(&RunEvent),
) -> Result<RunSummary, String> {
    let factory = crate::iut::factory(iut_spec, &suite.config).map_err(|e| e.to_string())?;
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
    };
    let catalogue = catalogue(&suite.model)?;
    match suite.model.as_str() {
        "ppg" => {
            let config: PpgConfig = serde_json::from_value(suite.config.clone())
                .map_err(|e| format!("suite config is not a PPG config: {e}"))?;
            let model = PpgModel::new(config).map_err(|e| e.to_string())?;
            Ok(run_suite(
                Arc::new(model),
                suite,
                factory,
                options,
                info,
                catalogue,
                sink,
            ))
        }
        other => Err(format!("unknown model {other:?} in suite")),
    }
}

/// The committed suites of `model`, read from this source tree's `conformance/vectors/` (absent
/// from an installed binary's machine: then none).
pub fn committed_suites(model: &str) -> Vec<Suite> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    DEFAULT_SUITES
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
    let registry = requirements::registry(model)
        .ok_or_else(|| format!("no requirement registry for {model}"))??;
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
