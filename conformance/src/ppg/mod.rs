//! The PPG protocol's entry in the registry ([`crate::protocol::PROTOCOLS`]): WAP Push, a Push
//! Initiator submitting with PAP 2.0 to a Push Proxy Gateway, which delivers over the air.
//!
//! Its parts: the model [`pushwake_model::ppg`], the wire binding [`crate::ppg::bind`], the
//! reference PPG and push client ([`reference`]) with their mutants ([`mutants`]), their in-process
//! adapters ([`crate::ppg::iut`]), Kannel's real PPG as an IUT ([`crate::ppg::kannel`]), and
//! the requirement registry `requirements.json` beside this file.

pub mod bind;
pub mod iut;
pub mod kannel;
pub mod kinds;
pub mod mutants;
pub mod reference;

use crate::adapter::AdapterFactory;
use crate::iut::IutError;
use crate::kinds::Kind;
use crate::protocol::{IutRequest, ModelProtocol, RoleInfo, SuiteSpec};
use bind::PpgBinding;
use mutants::{MutantInfo, PpgMutant, PushClientMutant, ppg_mutants, push_client_mutants};
use pushwake_model::ppg::meta::Role;
use pushwake_model::ppg::{PpgConfig, PpgModel};
use std::sync::Arc;

/// The PPG protocol.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ppg;

/// The IUT role `ppg`.
pub const ROLE_PPG: &str = Role::Ppg.name();
/// The IUT role `push-client`.
pub const ROLE_PUSH_CLIENT: &str = Role::PushClient.name();

/// The scheme of the built-in reference implementations.
pub const REFERENCE_SCHEME: &str = "reference";
/// The only query parameter a reference spec takes.
pub const MUTANT_PARAMETER: &str = "mutant";

impl ModelProtocol for Ppg {
    type Model = PpgModel;
    type Binding = PpgBinding;

    const NAME: &'static str = "ppg";
    const DESCRIPTION: &'static str =
        "WAP Push: Push Initiator -> Push Proxy Gateway (PAP 2.0) -> push client over the air";
    const ROLES: &'static [RoleInfo] = &[
        RoleInfo {
            name: ROLE_PPG,
            description: Role::Ppg.description(),
        },
        RoleInfo {
            name: ROLE_PUSH_CLIENT,
            description: Role::PushClient.description(),
        },
    ];
    const CONFIGS: &'static [&'static str] = &["default", "timing", "addresses", "applications"];
    const DEFAULT_SUITES: &'static [SuiteSpec] = &[
        SuiteSpec {
            role: ROLE_PPG,
            config: "default",
        },
        SuiteSpec {
            role: ROLE_PPG,
            config: "timing",
        },
        SuiteSpec {
            role: ROLE_PPG,
            config: "addresses",
        },
        SuiteSpec {
            role: ROLE_PPG,
            config: "applications",
        },
        SuiteSpec {
            role: ROLE_PUSH_CLIENT,
            config: "default",
        },
        SuiteSpec {
            role: ROLE_PUSH_CLIENT,
            config: "applications",
        },
    ];
    const REQUIREMENTS: &'static str = include_str!("requirements.json");
    const IUT_SCHEMES: &'static [(&'static str, &'static str)] = &[(
        kannel::KANNEL_SCHEME,
        "kannel:ppg, Kannel's real PPG in its own network namespace (Debian kannel, root)",
    )];

    fn named_config(&self, name: &str) -> Option<serde_json::Value> {
        let config = match name {
            "default" => PpgConfig::default(),
            "timing" => PpgConfig::timing(),
            "addresses" => PpgConfig::addresses(),
            "applications" => PpgConfig::applications(),
            _ => return None,
        };
        serde_json::to_value(config).ok()
    }

    fn model(&self, config: &serde_json::Value) -> Result<PpgModel, String> {
        let config = iut::model_config(config)?;
        PpgModel::new(config).map_err(|e| e.to_string())
    }

    fn binding(&self) -> PpgBinding {
        PpgBinding
    }

    fn mutants(&self, role: &str) -> &'static [MutantInfo] {
        match role {
            ROLE_PPG => ppg_mutants(),
            ROLE_PUSH_CLIENT => push_client_mutants(),
            _ => &[],
        }
    }

    fn kinds(&self) -> &'static [Kind] {
        kinds::KINDS
    }

    fn iut(
        &self,
        request: &IutRequest<'_>,
        config: &serde_json::Value,
    ) -> Result<Arc<dyn AdapterFactory>, IutError> {
        let config = iut::model_config(config).map_err(IutError::ModelConfig)?;
        let spec = request.spec.to_owned();
        match (request.scheme, request.role, request.parameter) {
            (kannel::KANNEL_SCHEME, ROLE_PPG, None) => {
                Ok(Arc::new(kannel::KannelPpgFactory::new(&spec, config)))
            }
            (kannel::KANNEL_SCHEME, ROLE_PPG, Some((name, _))) => Err(IutError::UnknownParameter {
                name: name.to_owned(),
                valid: String::new(),
            }),
            (kannel::KANNEL_SCHEME, role, _) => Err(IutError::UnknownRole {
                role: role.to_owned(),
                valid: ROLE_PPG.to_owned(),
            }),
            (REFERENCE_SCHEME, ROLE_PPG, parameter) => {
                let mutant = mutant(parameter, ROLE_PPG, PpgMutant::from_name)?;
                Ok(Arc::new(iut::reference_ppg(spec, mutant, config)))
            }
            (REFERENCE_SCHEME, ROLE_PUSH_CLIENT, parameter) => {
                let mutant = mutant(parameter, ROLE_PUSH_CLIENT, PushClientMutant::from_name)?;
                Ok(Arc::new(iut::reference_push_client(spec, mutant, config)))
            }
            (REFERENCE_SCHEME, role, _) => Err(IutError::UnknownRole {
                role: role.to_owned(),
                valid: format!("{ROLE_PPG}, {ROLE_PUSH_CLIENT}"),
            }),
            (scheme, _, _) => Err(IutError::UnknownScheme {
                scheme: scheme.to_owned(),
                valid: format!("{REFERENCE_SCHEME}, {}", kannel::KANNEL_SCHEME),
            }),
        }
    }
}

/// The mutant a `?mutant=NAME` parameter names, for `role`.
fn mutant<T>(
    parameter: Option<(&str, &str)>,
    role: &str,
    from_name: fn(&str) -> Option<T>,
) -> Result<Option<T>, IutError> {
    let Some((key, value)) = parameter else {
        return Ok(None);
    };
    if key != MUTANT_PARAMETER {
        return Err(IutError::UnknownParameter {
            name: key.to_owned(),
            valid: MUTANT_PARAMETER.to_owned(),
        });
    }
    from_name(value).map(Some).ok_or_else(|| {
        let valid = ModelProtocol::mutants(&Ppg, role)
            .iter()
            .map(|m| m.name)
            .collect::<Vec<_>>()
            .join(", ");
        IutError::UnknownMutant {
            role: role.to_owned(),
            name: value.to_owned(),
            valid,
        }
    })
}
