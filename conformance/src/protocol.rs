//! The protocol registry: one value per protocol names every part pushwake needs of it (compare
//! rustls' `CryptoProvider`). `check`, `generate`, `run`, `selftest`, `list`, the main job and the
//! reports reach a protocol only through [`Protocol`]; nothing generic matches on a protocol's
//! name.
//!
//! Adding a protocol is one module per crate (the model in `pushwake_model::<protocol>`, the rest
//! in `crate::<protocol>`: binding, reference IUTs and their mutants, wire adapters, requirement
//! registry) and one line in [`PROTOCOLS`]. A protocol implements [`ModelProtocol`], the few facts
//! only it knows; the blanket implementation of [`Protocol`] derives checking, generation and
//! running from them.

use crate::adapter::AdapterFactory;
use crate::binding::Binding;
use crate::check::{self, CheckReport, requirement_of};
use crate::generate::{GenOptions, generate};
use crate::iut::IutError;
use crate::kinds::Kind;
use crate::mutant::MutantInfo;
use crate::runner::{RunOptions, run_suite};
use crate::vector::Suite;
use pushwake_model::IcsItem;
use pushwake_model::explorer::{self, Limits, LivenessModel};
use pushwake_reports::{RequirementCoverage, RunEvent, RunInfo, RunSummary};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Debug;
use std::hash::Hash;
use std::sync::Arc;

/// Every protocol, in the order the main job runs them.
pub static PROTOCOLS: &[&dyn Protocol] = &[
    &crate::ppg::Ppg,
    &crate::wakeup::Wakeup,
    &crate::dm_trigger::DmTrigger,
];

/// A role an implementation under test can play.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoleInfo {
    /// Its name in suites and IUT specs (`"ppg"`).
    pub name: &'static str,
    /// What it does.
    pub description: &'static str,
}

/// A suite the main job generates and runs, and whose copy is committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SuiteSpec {
    /// The IUT role.
    pub role: &'static str,
    /// The named configuration of the model.
    pub config: &'static str,
}

/// An IUT spec string split up: `SCHEME:ROLE[?KEY=VALUE]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IutRequest<'a> {
    /// The spec as given.
    pub spec: &'a str,
    /// `reference`, `kannel`, ...
    pub scheme: &'a str,
    /// The role the IUT plays.
    pub role: &'a str,
    /// The query parameter, if any.
    pub parameter: Option<(&'a str, &'a str)>,
}

/// Everything pushwake needs of one protocol.
pub trait Protocol: Send + Sync {
    /// The model's name (`"ppg"`): suites, reports and the command line use it.
    fn name(&self) -> &'static str;
    /// What the protocol is, in one line.
    fn description(&self) -> &'static str;
    /// The roles an implementation under test can play.
    fn roles(&self) -> &'static [RoleInfo];
    /// The model's named configurations, the first one the default.
    fn configs(&self) -> &'static [&'static str];
    /// The suites the main job runs and the repository commits.
    fn default_suites(&self) -> &'static [SuiteSpec];
    /// The requirement registry, as JSON text (see [`crate::requirements`]).
    fn requirements_json(&self) -> &'static str;
    /// The ICS items of every role.
    fn ics_items(&self) -> &'static [IcsItem];
    /// The built-in mutants of the reference implementation of `role`.
    fn mutants(&self, role: &str) -> &'static [MutantInfo];
    /// The IUT schemes besides `reference`, with what each is (for help and errors).
    fn iut_schemes(&self) -> &'static [(&'static str, &'static str)];
    /// Schemes that imply the role, as (scheme, role): `SCHEME:TARGET` is that role
    /// ([`crate::iut::request`]).
    fn implied_roles(&self) -> &'static [(&'static str, &'static str)];
    /// The message kinds of `pushwake decode` / `encode` this protocol's wire formats add.
    fn kinds(&self) -> &'static [Kind];
    /// The configuration named `name`, as the model serialises it.
    fn config(&self, name: &str) -> Result<serde_json::Value, String>;
    /// Model-check the named configuration.
    fn check(&self, config: &str) -> Result<CheckReport, String>;
    /// The requirement each model property checks (one entry per property).
    fn property_requirements(&self) -> Vec<String>;
    /// One suite per role of `roles`, from the named configuration, exploring the graph once.
    fn generate(
        &self,
        config: &str,
        roles: &[&str],
        options: &GenOptions,
    ) -> Result<Vec<Suite>, String>;
    /// The adapter factory for `request`, for suites generated at `config`.
    fn iut(
        &self,
        request: &IutRequest<'_>,
        config: &serde_json::Value,
    ) -> Result<Arc<dyn AdapterFactory>, IutError>;
    /// Run `suite` (of this protocol) against the IUT `factory` makes.
    fn run(
        &self,
        suite: &Suite,
        factory: Arc<dyn AdapterFactory>,
        options: &RunOptions,
        info: RunInfo,
        catalogue: Vec<RequirementCoverage>,
        sink: &mut dyn FnMut(&RunEvent),
    ) -> Result<RunSummary, String>;
}

/// What a protocol supplies; [`Protocol`] follows from it.
pub trait ModelProtocol: Send + Sync + 'static {
    /// The model.
    type Model: LivenessModel + Clone + Send + Sync + 'static;
    /// Its wire binding.
    type Binding: Binding<Self::Model>;
    /// See [`Protocol::name`].
    const NAME: &'static str;
    /// See [`Protocol::description`].
    const DESCRIPTION: &'static str;
    /// See [`Protocol::roles`].
    const ROLES: &'static [RoleInfo];
    /// See [`Protocol::configs`].
    const CONFIGS: &'static [&'static str];
    /// See [`Protocol::default_suites`].
    const DEFAULT_SUITES: &'static [SuiteSpec];
    /// See [`Protocol::requirements_json`].
    const REQUIREMENTS: &'static str;
    /// See [`Protocol::iut_schemes`].
    const IUT_SCHEMES: &'static [(&'static str, &'static str)];
    /// See [`Protocol::implied_roles`] (e.g. [`crate::dmsc::pcsc::PCSC_IMPLIED_ROLE`]).
    const IMPLIED_ROLES: &'static [(&'static str, &'static str)] = &[];

    /// The named configuration, as the model serialises it (`None` for an unknown name).
    fn named_config(&self, name: &str) -> Option<serde_json::Value>;
    /// The model at `config` (a configuration as a suite carries it), validated.
    fn model(&self, config: &serde_json::Value) -> Result<Self::Model, String>;
    /// The binding.
    fn binding(&self) -> Self::Binding;
    /// See [`Protocol::mutants`].
    fn mutants(&self, role: &str) -> &'static [MutantInfo];
    /// See [`Protocol::kinds`].
    fn kinds(&self) -> &'static [Kind];
    /// See [`Protocol::iut`].
    fn iut(
        &self,
        request: &IutRequest<'_>,
        config: &serde_json::Value,
    ) -> Result<Arc<dyn AdapterFactory>, IutError>;
}

impl<P> Protocol for P
where
    P: ModelProtocol,
    <P::Model as stateright::Model>::State: Clone + Debug + Hash + Eq + Send + Sync,
    <P::Model as stateright::Model>::Action:
        Clone + Debug + Hash + Eq + Send + Sync + Serialize + DeserializeOwned,
{
    fn name(&self) -> &'static str {
        P::NAME
    }

    fn description(&self) -> &'static str {
        P::DESCRIPTION
    }

    fn roles(&self) -> &'static [RoleInfo] {
        P::ROLES
    }

    fn configs(&self) -> &'static [&'static str] {
        P::CONFIGS
    }

    fn default_suites(&self) -> &'static [SuiteSpec] {
        P::DEFAULT_SUITES
    }

    fn requirements_json(&self) -> &'static str {
        P::REQUIREMENTS
    }

    fn ics_items(&self) -> &'static [IcsItem] {
        default_model(self).map_or(&[][..], |m| pushwake_model::LabelledModel::ics_items(&m))
    }

    fn mutants(&self, role: &str) -> &'static [MutantInfo] {
        ModelProtocol::mutants(self, role)
    }

    fn iut_schemes(&self) -> &'static [(&'static str, &'static str)] {
        P::IUT_SCHEMES
    }

    fn implied_roles(&self) -> &'static [(&'static str, &'static str)] {
        P::IMPLIED_ROLES
    }

    fn kinds(&self) -> &'static [Kind] {
        ModelProtocol::kinds(self)
    }

    fn config(&self, name: &str) -> Result<serde_json::Value, String> {
        self.named_config(name).ok_or_else(|| {
            format!(
                "model {} has no configuration {name:?}; known: {}",
                P::NAME,
                P::CONFIGS.join(", ")
            )
        })
    }

    fn check(&self, config: &str) -> Result<CheckReport, String> {
        let model = self.model(&self.config(config)?)?;
        check::check(P::NAME, model)
    }

    fn property_requirements(&self) -> Vec<String> {
        let Some(model) = default_model(self) else {
            return Vec::new();
        };
        let mut ids: Vec<String> = stateright::Model::properties(&model)
            .iter()
            .map(|p| requirement_of(p.name))
            .collect();
        ids.extend(model.liveness().iter().map(|l| l.requirement.to_owned()));
        ids
    }

    fn generate(
        &self,
        config: &str,
        roles: &[&str],
        options: &GenOptions,
    ) -> Result<Vec<Suite>, String> {
        if let Some(role) = roles
            .iter()
            .find(|r| !P::ROLES.iter().any(|k| k.name == **r))
        {
            return Err(format!(
                "model {} has no IUT role {role:?}; known: {}",
                P::NAME,
                role_names(P::ROLES)
            ));
        }
        let config_json = self.config(config)?;
        let model = self.model(&config_json)?;
        let graph = explorer::explore(&model, Limits::default()).map_err(|e| e.to_string())?;
        let binding = self.binding();
        Ok(roles
            .iter()
            .map(|role| {
                generate(
                    P::NAME,
                    &model,
                    config_json.clone(),
                    &graph,
                    &binding,
                    role,
                    options,
                )
            })
            .collect())
    }

    fn iut(
        &self,
        request: &IutRequest<'_>,
        config: &serde_json::Value,
    ) -> Result<Arc<dyn AdapterFactory>, IutError> {
        ModelProtocol::iut(self, request, config)
    }

    fn run(
        &self,
        suite: &Suite,
        factory: Arc<dyn AdapterFactory>,
        options: &RunOptions,
        info: RunInfo,
        catalogue: Vec<RequirementCoverage>,
        sink: &mut dyn FnMut(&RunEvent),
    ) -> Result<RunSummary, String> {
        let model = self
            .model(&suite.config)
            .map_err(|e| format!("suite configuration: {e}"))?;
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
}

/// The model of `p` at its default (first) named configuration.
fn default_model<P: ModelProtocol>(p: &P) -> Option<P::Model> {
    let name = P::CONFIGS.first()?;
    p.model(&p.named_config(name)?).ok()
}

/// The protocol named `name`.
pub fn find(name: &str) -> Result<&'static dyn Protocol, String> {
    PROTOCOLS
        .iter()
        .copied()
        .find(|p| p.name() == name)
        .ok_or_else(|| format!("unknown model {name:?}; known: {}", names()))
}

/// The protocol names, comma separated.
pub fn names() -> String {
    PROTOCOLS
        .iter()
        .map(|p| p.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Role names, comma separated.
pub fn role_names(roles: &[RoleInfo]) -> String {
    roles.iter().map(|r| r.name).collect::<Vec<_>>().join(", ")
}
