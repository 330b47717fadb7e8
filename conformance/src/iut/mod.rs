//! Implementations under test, named by IUT spec strings: the generic part.
//!
//! A spec string (the `--iut` argument) is `SCHEME:ROLE[?KEY=VALUE]`: `reference:ppg`,
//! `reference:push-client?mutant=never-acks`, `kannel:ppg`. [`parse`] splits it; the protocol of
//! the suite being run ([`crate::protocol::Protocol::iut`]) turns it into an [`AdapterFactory`].
//! An unknown scheme, role, parameter or mutant is an [`IutError`] that lists the valid names.
//!
//! A scheme may imply the role ([`crate::protocol::Protocol::implied_roles`]): then
//! `SCHEME:TARGET`, where TARGET is not a role of the protocol, reaches the protocol as role
//! ROLE with the target left in the spec text ([`request`]). `pcsc:Virtual PCD 00 00` is a UICC
//! in the PC/SC reader of that name ([`crate::dmsc::pcsc::reader_of`]).
//!
//! The adapters themselves are per protocol (e.g. [`crate::ppg::iut`] for the PPG's reference
//! implementations, [`crate::ppg::kannel`] for Kannel's real PPG).

use crate::adapter::AdapterFactory;
use crate::protocol::{IutRequest, Protocol};
use std::sync::Arc;

/// Longest spec string accepted (they are typed by people; this bounds error messages).
pub const MAX_SPEC_LEN: usize = 256;

/// Why an IUT spec cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IutError {
    /// Not of the form `SCHEME:ROLE[?KEY=VALUE]`.
    #[error(
        "IUT spec {spec:?}: {reason} (expected SCHEME:ROLE or SCHEME:ROLE?KEY=VALUE, e.g. reference:ppg?mutant=NAME or kannel:ppg)"
    )]
    Syntax {
        /// The spec as given (cut to [`MAX_SPEC_LEN`]).
        spec: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A scheme the protocol does not offer.
    #[error("IUT spec scheme {scheme:?} is not known; valid: {valid}")]
    UnknownScheme {
        /// The scheme given.
        scheme: String,
        /// The valid schemes, comma separated.
        valid: String,
    },
    /// A role the scheme does not play.
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
    /// A query parameter the scheme does not take.
    #[error("IUT spec parameter {name:?} is not known; valid: {}", if valid.is_empty() { "none" } else { valid.as_str() })]
    UnknownParameter {
        /// The parameter given.
        name: String,
        /// The valid parameters, comma separated (empty: none).
        valid: String,
    },
    /// The suite's model configuration cannot be read or modelled.
    #[error("model configuration: {0}")]
    ModelConfig(String),
}

/// Splits an IUT spec string.
pub fn parse(spec: &str) -> Result<IutRequest<'_>, IutError> {
    let syntax = |reason| IutError::Syntax {
        spec: spec.chars().take(MAX_SPEC_LEN).collect(),
        reason,
    };
    if spec.len() > MAX_SPEC_LEN {
        return Err(syntax("longer than 256 bytes"));
    }
    let (scheme, rest) = spec.split_once(':').ok_or_else(|| syntax("no scheme"))?;
    if scheme.is_empty() {
        return Err(syntax("empty scheme"));
    }
    let (role, parameter) = match rest.split_once('?') {
        None => (rest, None),
        Some((role, query)) => {
            let (key, value) = query
                .split_once('=')
                .ok_or_else(|| syntax("parameter without a value"))?;
            (role, Some((key, value)))
        }
    };
    if role.is_empty() {
        return Err(syntax("no role"));
    }
    Ok(IutRequest {
        spec,
        scheme,
        role,
        parameter,
    })
}

/// The request `spec` makes of a protocol whose roles are `roles` and whose schemes in `implied`
/// (scheme, role) imply a role: `SCHEME:ROLE[?KEY=VALUE]` when ROLE is one of `roles`, else, for
/// an implying scheme, `SCHEME:TARGET` as that role with no parameter (the protocol reads the
/// target from [`IutRequest::spec`]; it may contain `?`, `=` and `:`).
pub fn request<'a>(
    spec: &'a str,
    roles: &[&str],
    implied: &[(&'static str, &'static str)],
) -> Result<IutRequest<'a>, IutError> {
    let parsed = parse(spec);
    if let Ok(request) = &parsed
        && roles.contains(&request.role)
    {
        return parsed;
    }
    if spec.len() <= MAX_SPEC_LEN
        && let Some((scheme, target)) = spec.split_once(':')
        && !target.is_empty()
        && let Some((_, role)) = implied.iter().find(|(s, _)| *s == scheme)
    {
        return Ok(IutRequest {
            spec,
            scheme,
            role,
            parameter: None,
        });
    }
    let request = parsed?;
    Err(IutError::UnknownRole {
        role: request.role.to_owned(),
        valid: roles.join(", "),
    })
}

/// The adapter factory for `spec`, for a suite of `protocol` generated at `config` (the model's
/// configuration as the suite carries it).
pub fn factory(
    protocol: &dyn Protocol,
    spec: &str,
    config: &serde_json::Value,
) -> Result<Arc<dyn AdapterFactory>, IutError> {
    let roles: Vec<&str> = protocol.roles().iter().map(|r| r.name).collect();
    let request = request(spec, &roles, protocol.implied_roles())?;
    protocol.iut(&request, config)
}

/// The spec string of every built-in mutant of `role` of `protocol`
/// (`reference:ROLE?mutant=NAME`), in registry order: what a self-test runs a suite against.
pub fn mutant_specs(protocol: &dyn Protocol, role: &str) -> Vec<String> {
    protocol
        .mutants(role)
        .iter()
        .map(|m| format!("reference:{role}?mutant={}", m.name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLES: &[&str] = &["uicc", "terminal"];
    const IMPLIED: &[(&str, &str)] = &[("pcsc", "uicc")];

    #[test]
    fn a_known_role_is_read_as_the_role_form() {
        let r = request("reference:uicc?mutant=x", ROLES, IMPLIED).expect("ok");
        assert_eq!(
            (r.scheme, r.role, r.parameter),
            ("reference", "uicc", Some(("mutant", "x")))
        );
        let r = request("pcsc:uicc?reader=R", ROLES, IMPLIED).expect("ok");
        assert_eq!(
            (r.scheme, r.role, r.parameter),
            ("pcsc", "uicc", Some(("reader", "R")))
        );
    }

    #[test]
    fn an_implying_scheme_takes_any_target_as_its_role() {
        for spec in ["pcsc:Virtual PCD 00 00", "pcsc:A? B", "pcsc:x:y=z"] {
            let r = request(spec, ROLES, IMPLIED).expect(spec);
            assert_eq!(
                (r.spec, r.scheme, r.role, r.parameter),
                (spec, "pcsc", "uicc", None)
            );
        }
    }

    #[test]
    fn other_schemes_still_reject_an_unknown_role() {
        assert_eq!(
            request("reference:Virtual PCD 00 00", ROLES, IMPLIED),
            Err(IutError::UnknownRole {
                role: "Virtual PCD 00 00".to_owned(),
                valid: "uicc, terminal".to_owned()
            })
        );
        assert_eq!(
            request("pcsc:Virtual PCD 00 00", ROLES, &[]),
            Err(IutError::UnknownRole {
                role: "Virtual PCD 00 00".to_owned(),
                valid: "uicc, terminal".to_owned()
            })
        );
    }

    #[test]
    fn syntax_errors_stay_syntax_errors() {
        assert!(matches!(
            request("pcsc:", ROLES, IMPLIED),
            Err(IutError::Syntax {
                reason: "no role",
                ..
            })
        ));
        assert!(matches!(
            request("reference:uicc?mutant", ROLES, IMPLIED),
            Err(IutError::Syntax {
                reason: "parameter without a value",
                ..
            })
        ));
        let long = format!("pcsc:{}", "r".repeat(MAX_SPEC_LEN));
        assert!(matches!(
            request(&long, ROLES, IMPLIED),
            Err(IutError::Syntax {
                reason: "longer than 256 bytes",
                ..
            })
        ));
    }
}
