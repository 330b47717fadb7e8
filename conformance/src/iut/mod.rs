//! Implementations under test, named by IUT spec strings, and the factories that drive them.
//!
//! Spec strings (the `--iut` argument):
//! - `reference:ppg`, `reference:ppg?mutant=NAME`: the reference PPG
//!   ([`crate::reference::ppg::Ppg`]), correct or with one built-in mutant;
//! - `reference:push-client`, `reference:push-client?mutant=NAME`: the reference push client;
//! - `kannel:ppg`: Kannel's real PPG, started in its own network namespace ([`kannel`]).
//!
//! [`factory`] turns a spec and the suite's model configuration into an [`AdapterFactory`];
//! [`roles`], [`mutants`] and [`mutant_specs`] list what can be named. An unknown scheme, role, parameter or mutant
//! is an [`IutError`] that lists the valid names.

pub mod kannel;
pub mod reference;

use crate::adapter::AdapterFactory;
use crate::reference::mutants::push_client_mutants;
use crate::reference::mutants::{MutantInfo, PpgMutant, PushClientMutant, ppg_mutants};
use std::sync::Arc;

/// The scheme of the built-in reference implementations.
pub const REFERENCE_SCHEME: &str = "reference";
/// The only query parameter a reference spec takes.
pub const MUTANT_PARAMETER: &str = "mutant";
/// The role of the reference PPG.
pub const ROLE_PPG: &str = "ppg";
/// The role of the reference push client.
pub const ROLE_PUSH_CLIENT: &str = "push-client";
/// Longest spec string accepted (they are typed by people; this bounds error messages).
pub const MAX_SPEC_LEN: usize = 256;

/// Why an IUT spec cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IutError {
    /// Not of the form `SCHEME:ROLE[?mutant=NAME]`.
    #[error(
        "IUT spec {spec:?}: {reason} (expected reference:ROLE, reference:ROLE?mutant=NAME or kannel:ppg)"
    )]
    Syntax {
        /// The spec as given (cut to [`MAX_SPEC_LEN`]).
        spec: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A scheme other than `reference`.
    #[error(
        "IUT spec scheme {scheme:?} is not known; valid: {REFERENCE_SCHEME}, {}",
        kannel::KANNEL_SCHEME
    )]
    UnknownScheme {
        /// The scheme given.
        scheme: String,
    },
    /// A role no reference implementation plays.
    #[error("IUT role {role:?} is not known; valid roles: {valid}")]
    UnknownRole {
        /// The role given.
        role: String,
        /// The valid roles, comma separated.
        valid: String,
    },
    /// A mutant name the role's registry does not hold.
    #[error("mutant {name:?} is not known for role {role}; valid mutants: {valid}")]
    UnknownMutant {
        /// The role.
        role: String,
        /// The name given.
        name: String,
        /// The valid names, comma separated.
        valid: String,
    },
    /// A query parameter other than `mutant`.
    #[error("IUT spec parameter {name:?} is not known; valid: {MUTANT_PARAMETER}")]
    UnknownParameter {
        /// The parameter given.
        name: String,
    },
    /// The suite's model configuration cannot be read or modelled.
    #[error("model configuration: {0}")]
    ModelConfig(String),
}

/// A reference implementation and its mutant, as named by a spec string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IutSpec {
    /// `reference:ppg[?mutant=NAME]`.
    ReferencePpg(Option<PpgMutant>),
    /// `reference:push-client[?mutant=NAME]`.
    ReferencePushClient(Option<PushClientMutant>),
    /// `kannel:ppg`: Kannel's PPG.
    KannelPpg,
}

impl IutSpec {
    /// The role the IUT plays.
    pub fn role(self) -> &'static str {
        match self {
            IutSpec::ReferencePpg(_) => ROLE_PPG,
            IutSpec::ReferencePushClient(_) => ROLE_PUSH_CLIENT,
            IutSpec::KannelPpg => ROLE_PPG,
        }
    }
}

/// Every role a built-in IUT plays, in a fixed order.
pub fn roles() -> &'static [&'static str] {
    &[ROLE_PPG, ROLE_PUSH_CLIENT]
}

/// The mutant registry of `role`, in its fixed order.
pub fn mutants(role: &str) -> Result<&'static [MutantInfo], IutError> {
    match role {
        ROLE_PPG => Ok(ppg_mutants()),
        ROLE_PUSH_CLIENT => Ok(push_client_mutants()),
        other => Err(unknown_role(other)),
    }
}

/// The spec string of every built-in mutant of `role` (`reference:ROLE?mutant=NAME`), in registry
/// order: what a self-test runs a suite against.
pub fn mutant_specs(role: &str) -> Result<Vec<String>, IutError> {
    Ok(mutants(role)?
        .iter()
        .map(|m| format!("{REFERENCE_SCHEME}:{role}?{MUTANT_PARAMETER}={}", m.name))
        .collect())
}

fn unknown_role(role: &str) -> IutError {
    IutError::UnknownRole {
        role: role.to_owned(),
        valid: roles().join(", "),
    }
}

fn unknown_mutant(role: &str, name: &str) -> IutError {
    let valid = mutants(role)
        .map(|m| m.iter().map(|m| m.name).collect::<Vec<_>>().join(", "))
        .unwrap_or_default();
    IutError::UnknownMutant {
        role: role.to_owned(),
        name: name.to_owned(),
        valid,
    }
}

/// Reads an IUT spec string.
pub fn parse(spec: &str) -> Result<IutSpec, IutError> {
    let syntax = |reason| IutError::Syntax {
        spec: spec.chars().take(MAX_SPEC_LEN).collect(),
        reason,
    };
    if spec.len() > MAX_SPEC_LEN {
        return Err(syntax("longer than 256 bytes"));
    }
    let (scheme, rest) = spec.split_once(':').ok_or_else(|| syntax("no scheme"))?;
    if scheme == kannel::KANNEL_SCHEME {
        return match rest.split_once('?') {
            Some((_, query)) => Err(IutError::UnknownParameter {
                name: query.split('=').next().unwrap_or_default().to_owned(),
            }),
            None if rest == ROLE_PPG => Ok(IutSpec::KannelPpg),
            None => Err(IutError::UnknownRole {
                role: rest.to_owned(),
                valid: ROLE_PPG.to_owned(),
            }),
        };
    }
    if scheme != REFERENCE_SCHEME {
        return Err(IutError::UnknownScheme {
            scheme: scheme.to_owned(),
        });
    }
    let (role, query) = match rest.split_once('?') {
        Some((role, query)) => (role, Some(query)),
        None => (rest, None),
    };
    if !roles().contains(&role) {
        return Err(unknown_role(role));
    }
    let mutant = match query {
        None => None,
        Some(query) => {
            let (key, value) = query
                .split_once('=')
                .ok_or_else(|| syntax("parameter without a value"))?;
            if key != MUTANT_PARAMETER {
                return Err(IutError::UnknownParameter {
                    name: key.to_owned(),
                });
            }
            Some(value)
        }
    };
    Ok(match role {
        ROLE_PPG => IutSpec::ReferencePpg(
            mutant
                .map(|m| PpgMutant::from_name(m).ok_or_else(|| unknown_mutant(role, m)))
                .transpose()?,
        ),
        _ => IutSpec::ReferencePushClient(
            mutant
                .map(|m| PushClientMutant::from_name(m).ok_or_else(|| unknown_mutant(role, m)))
                .transpose()?,
        ),
    })
}

/// The adapter factory for `spec`, for suites generated at `model_config` (the model's
/// configuration as the suite carries it; `null` for the model's default).
pub fn factory(
    spec: &str,
    model_config: &serde_json::Value,
) -> Result<Arc<dyn AdapterFactory>, IutError> {
    let parsed = parse(spec)?;
    let config = reference::model_config(model_config).map_err(IutError::ModelConfig)?;
    Ok(match parsed {
        IutSpec::ReferencePpg(mutant) => Arc::new(reference::ReferencePpgFactory {
            spec: spec.to_owned(),
            mutant,
            config,
        }),
        IutSpec::ReferencePushClient(mutant) => Arc::new(reference::ReferencePushClientFactory {
            spec: spec.to_owned(),
            mutant,
            config,
        }),
        IutSpec::KannelPpg => Arc::new(kannel::KannelPpgFactory::new(spec, config)),
    })
}
