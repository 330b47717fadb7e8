//! The DM trigger protocol's entry in the registry ([`crate::protocol::PROTOCOLS`]): the DM_SC
//! Server on the UICC triggers a DM session with the terminal's DM Client (OMA DM_SC TS clauses
//! 7 and 8, the DM_SC AD flows), at the APDU level between UICC and terminal.
//!
//! Its parts: the model [`pushwake_model::dm_trigger`], the wire binding [`bind`] (APDUs and
//! environment events, [`crate::dmsc`]), the message kinds [`kinds`], and the requirement
//! registry `requirements.json` beside this file. The reference UICC and terminal and their
//! mutants are shared with the `wakeup` protocol (`crate::dmsc::reference`); until they are
//! merged no IUT scheme is served (see [`DmTrigger::iut`](crate::protocol::ModelProtocol::iut)).

pub mod bind;
pub mod kinds;

use crate::adapter::AdapterFactory;
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
/// A UICC reached through the system's PC/SC service.
pub const PCSC_SCHEME: &str = "pcsc";

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
    const CONFIGS: &'static [&'static str] = &["default", "capabilities"];
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
    ];
    const REQUIREMENTS: &'static str = include_str!("requirements.json");
    const IUT_SCHEMES: &'static [(&'static str, &'static str)] = &[(
        PCSC_SCHEME,
        "pcsc:uicc?reader=NAME, a UICC in a PC/SC reader (the uicc suites' APDUs through pcscd)",
    )];

    fn named_config(&self, name: &str) -> Option<serde_json::Value> {
        let config = match name {
            "default" => DmTriggerConfig::full(),
            "capabilities" => DmTriggerConfig::capabilities(),
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

    fn mutants(&self, _role: &str) -> &'static [MutantInfo] {
        // The reference implementations and their mutants (dmsc::reference) are not merged yet.
        &[]
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
        if request.role != ROLE_UICC && request.role != ROLE_TERMINAL {
            return Err(IutError::UnknownRole {
                role: request.role.to_owned(),
                valid: format!("{ROLE_UICC}, {ROLE_TERMINAL}"),
            });
        }
        // Not yet: the reference UICC and terminal (dmsc::reference) and the PC/SC transport
        // are written by other branches; their adapters come with them.
        Err(IutError::UnknownScheme {
            scheme: request.scheme.to_owned(),
            valid: "none yet (the dm_trigger adapters wait for the dmsc reference implementations)"
                .to_owned(),
        })
    }
}
