//! The DM trigger protocol's entry in the registry ([`crate::protocol::PROTOCOLS`]): the DM_SC
//! Server on the UICC triggers a DM session with the terminal's DM Client (OMA DM_SC TS clauses
//! 7 and 8, the DM_SC AD flows), at the APDU level between UICC and terminal.
//!
//! Its parts: the model [`pushwake_model::dm_trigger`], the wire binding [`bind`] (APDUs and
//! environment events, [`crate::dmsc`]), the message kinds [`kinds`], and the requirement
//! registry `requirements.json` beside this file. The reference UICC and terminal and their
//! mutants are shared with the `wakeup` protocol (`crate::dmsc::reference`); their adapters, and
//! the PC/SC one of a real card, are [`iut`].

pub mod bind;
pub mod iut;
pub mod kinds;

use crate::adapter::AdapterFactory;
use crate::dmsc::pcsc;
use crate::dmsc::reference::terminal_mutants::terminal_trigger_mutants;
use crate::dmsc::reference::uicc_mutants::uicc_trigger_mutants;
use crate::iut::IutError;
use crate::kinds::Kind;
use crate::mutant::MutantInfo;
use crate::protocol::{IutRequest, ModelProtocol, RoleInfo, SuiteSpec};
use bind::DmTriggerBinding;
use pushwake_model::dm_trigger::meta::Role;
use pushwake_model::dm_trigger::{DmTriggerConfig, DmTriggerModel};
use std::sync::Arc;

/// The DM trigger protocol.
#[derive(Clone, Copy, Debug, Default)]
pub struct DmTrigger;

/// The IUT role `uicc`.
pub const ROLE_UICC: &str = Role::Uicc.name();
/// The IUT role `terminal`.
pub const ROLE_TERMINAL: &str = Role::Terminal.name();
/// The scheme of the built-in reference implementations.
pub const REFERENCE_SCHEME: &str = "reference";
/// The only query parameter a reference spec takes.
pub const MUTANT_PARAMETER: &str = "mutant";

/// The model configuration a suite carries (`null`: the default).
pub fn model_config(value: &serde_json::Value) -> Result<DmTriggerConfig, String> {
    let config = if value.is_null() {
        DmTriggerConfig::default()
    } else {
        serde_json::from_value(value.clone()).map_err(|e| e.to_string())?
    };
    config.validate().map_err(|e| e.to_string())?;
    Ok(config)
}

impl ModelProtocol for DmTrigger {
    type Model = DmTriggerModel;
    type Binding = DmTriggerBinding;

    const NAME: &'static str = "dm_trigger";
    const DESCRIPTION: &'static str = "DM Smart Card: the DM_SC Server on the UICC triggers a DM session with the terminal's DM Client (off-line over BIP, on-line by SMS, remote), at the APDU level";
    const ROLES: &'static [RoleInfo] = &[
        RoleInfo {
            name: ROLE_UICC,
            description: Role::Uicc.description(),
        },
        RoleInfo {
            name: ROLE_TERMINAL,
            description: Role::Terminal.description(),
        },
    ];
    const CONFIGS: &'static [&'static str] = &["default", "capabilities", "online"];
    const DEFAULT_SUITES: &'static [SuiteSpec] = &[
        SuiteSpec {
            role: ROLE_UICC,
            config: "default",
        },
        SuiteSpec {
            role: ROLE_UICC,
            config: "capabilities",
        },
        SuiteSpec {
            role: ROLE_TERMINAL,
            config: "default",
        },
        SuiteSpec {
            role: ROLE_TERMINAL,
            config: "capabilities",
        },
        SuiteSpec {
            role: ROLE_TERMINAL,
            config: "online",
        },
    ];
    const REQUIREMENTS: &'static str = include_str!("requirements.json");
    const IUT_SCHEMES: &'static [(&'static str, &'static str)] =
        &[(pcsc::PCSC_SCHEME, pcsc::PCSC_DESCRIPTION)];
    const IMPLIED_ROLES: &'static [(&'static str, &'static str)] = &[pcsc::PCSC_IMPLIED_ROLE];

    fn named_config(&self, name: &str) -> Option<serde_json::Value> {
        let config = match name {
            "default" => DmTriggerConfig::full(),
            "capabilities" => DmTriggerConfig::capabilities(),
            "online" => DmTriggerConfig::online(),
            _ => return None,
        };
        serde_json::to_value(config).ok()
    }

    fn model(&self, config: &serde_json::Value) -> Result<DmTriggerModel, String> {
        DmTriggerModel::new(model_config(config)?).map_err(|e| e.to_string())
    }

    fn binding(&self) -> DmTriggerBinding {
        DmTriggerBinding
    }

    fn mutants(&self, role: &str) -> &'static [MutantInfo] {
        match role {
            ROLE_UICC => uicc_trigger_mutants(),
            ROLE_TERMINAL => terminal_trigger_mutants(),
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
        model_config(config).map_err(IutError::ModelConfig)?;
        let spec = request.spec.to_owned();
        match request.scheme {
            REFERENCE_SCHEME => {
                let mutant = match request.parameter {
                    None => None,
                    Some((MUTANT_PARAMETER, name)) => Some(name),
                    Some((name, _)) => {
                        return Err(IutError::UnknownParameter {
                            name: name.to_owned(),
                            valid: MUTANT_PARAMETER.to_owned(),
                        });
                    }
                };
                iut::reference(spec, request.role, mutant)
            }
            pcsc::PCSC_SCHEME => {
                let reader = pcsc::reader_of(request)?;
                // One card: the parallel vectors take turns (a second connection would get
                // SharingViolation), so a vector's deadline counts its wait too.
                let gate = Arc::new(pcsc::CardGate::default());
                Ok(Arc::new(
                    iut::UiccFactory::with_transport(
                        spec,
                        Box::new(move || {
                            gate.open(&reader)
                                .map_err(|e| crate::adapter::AdapterError::Iut(e.to_string()))
                        }),
                    )
                    .with_vector_timeout(pcsc::PCSC_VECTOR_TIMEOUT),
                ))
            }
            scheme => Err(IutError::UnknownScheme {
                scheme: scheme.to_owned(),
                valid: format!("{REFERENCE_SCHEME}, {}", pcsc::PCSC_SCHEME),
            }),
        }
    }
}
