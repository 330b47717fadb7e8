//! The wake-up protocol's entry in the registry ([`crate::protocol::PROTOCOLS`]): the CAT events
//! and commands that wake the DM_SC Server on the UICC (OMA DM_SC TS clause 6, ETSI TS 102 223),
//! between the `uicc` and `terminal` roles at the APDU level (see [`crate::dmsc`]).
//!
//! Its parts: the model [`pushwake_model::wakeup`], the wire binding [`bind`], the requirement
//! registry `requirements.json` beside this file. The reference UICC and terminal (shared with
//! dm_trigger) live in `crate::dmsc::reference`.

pub mod bind;
pub mod iut;
pub mod kinds;

use crate::adapter::AdapterFactory;
use crate::dmsc::reference::terminal_mutants::{TerminalWakeupMutant, terminal_wakeup_mutants};
use crate::dmsc::reference::uicc_mutants::{UiccWakeupMutant, uicc_wakeup_mutants};
use crate::iut::IutError;
use crate::kinds::Kind;
use crate::mutant::MutantInfo;
use crate::protocol::{IutRequest, ModelProtocol, RoleInfo, SuiteSpec};
use bind::WakeupBinding;
use pushwake_model::wakeup::meta::Role;
use pushwake_model::wakeup::{WakeupConfig, WakeupModel};
use std::sync::Arc;

/// The wake-up protocol.
#[derive(Clone, Copy, Debug, Default)]
pub struct Wakeup;

/// The IUT role `uicc`.
pub const ROLE_UICC: &str = Role::Uicc.name();
/// The IUT role `terminal`.
pub const ROLE_TERMINAL: &str = Role::Terminal.name();
/// The scheme of the built-in reference implementations.
pub const REFERENCE_SCHEME: &str = "reference";
/// The only query parameter a reference spec takes.
pub const MUTANT_PARAMETER: &str = "mutant";

/// The model configuration a suite carries, read back.
pub fn model_config(config: &serde_json::Value) -> Result<WakeupConfig, String> {
    serde_json::from_value(config.clone()).map_err(|e| e.to_string())
}

impl ModelProtocol for Wakeup {
    type Model = WakeupModel;
    type Binding = WakeupBinding;

    const NAME: &'static str = "wakeup";
    const DESCRIPTION: &'static str =
        "DM_SC Server wake-up: CAT events and commands between the UICC and the terminal (APDUs)";
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
    const CONFIGS: &'static [&'static str] = &[
        "default",
        "terminal",
        "limited",
        "limited-uicc",
        "regular",
        "events",
        "regular-terminal",
    ];
    const DEFAULT_SUITES: &'static [SuiteSpec] = &[
        SuiteSpec {
            role: ROLE_UICC,
            config: "default",
        },
        SuiteSpec {
            role: ROLE_UICC,
            config: "limited-uicc",
        },
        SuiteSpec {
            role: ROLE_UICC,
            config: "regular",
        },
        SuiteSpec {
            role: ROLE_TERMINAL,
            config: "terminal",
        },
        SuiteSpec {
            role: ROLE_TERMINAL,
            config: "limited",
        },
        SuiteSpec {
            role: ROLE_TERMINAL,
            config: "events",
        },
        SuiteSpec {
            role: ROLE_TERMINAL,
            config: "regular-terminal",
        },
    ];
    const REQUIREMENTS: &'static str = include_str!("requirements.json");
    const IUT_SCHEMES: &'static [(&'static str, &'static str)] = &[(
        crate::dmsc::pcsc::PCSC_SCHEME,
        crate::dmsc::pcsc::PCSC_DESCRIPTION,
    )];
    const IMPLIED_ROLES: &'static [(&'static str, &'static str)] =
        &[crate::dmsc::pcsc::PCSC_IMPLIED_ROLE];

    fn named_config(&self, name: &str) -> Option<serde_json::Value> {
        let config = match name {
            "default" => WakeupConfig::default(),
            "terminal" => WakeupConfig::terminal(),
            "limited" => WakeupConfig::limited(),
            "limited-uicc" => WakeupConfig::limited_uicc(),
            "regular" => WakeupConfig::regular(),
            "events" => WakeupConfig::events(),
            "regular-terminal" => WakeupConfig::regular_terminal(),
            _ => return None,
        };
        serde_json::to_value(config).ok()
    }

    fn model(&self, config: &serde_json::Value) -> Result<WakeupModel, String> {
        WakeupModel::new(model_config(config)?)
    }

    fn binding(&self) -> WakeupBinding {
        WakeupBinding
    }

    fn mutants(&self, role: &str) -> &'static [MutantInfo] {
        match role {
            ROLE_UICC => uicc_wakeup_mutants(),
            ROLE_TERMINAL => terminal_wakeup_mutants(),
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
        let config = model_config(config).map_err(IutError::ModelConfig)?;
        let spec = request.spec.to_owned();
        match (request.scheme, request.role, request.parameter) {
            (REFERENCE_SCHEME, ROLE_UICC, parameter) => {
                let m = mutant(parameter, ROLE_UICC, UiccWakeupMutant::from_name)?;
                Ok(Arc::new(iut::reference_uicc(spec, m, config)))
            }
            (REFERENCE_SCHEME, ROLE_TERMINAL, parameter) => {
                let m = mutant(parameter, ROLE_TERMINAL, TerminalWakeupMutant::from_name)?;
                Ok(Arc::new(iut::reference_terminal(spec, m, config)))
            }
            (crate::dmsc::pcsc::PCSC_SCHEME, _, _) => {
                let reader = crate::dmsc::pcsc::reader_of(request)?;
                Ok(Arc::new(iut::pcsc_uicc(spec, reader, config)))
            }
            (REFERENCE_SCHEME, role, _) => Err(IutError::UnknownRole {
                role: role.to_owned(),
                valid: format!("{ROLE_UICC}, {ROLE_TERMINAL}"),
            }),
            (scheme, _, _) => Err(IutError::UnknownScheme {
                scheme: scheme.to_owned(),
                valid: format!("{REFERENCE_SCHEME}, {}", crate::dmsc::pcsc::PCSC_SCHEME),
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
    from_name(value)
        .map(Some)
        .ok_or_else(|| IutError::UnknownMutant {
            role: role.to_owned(),
            name: value.to_owned(),
            valid: ModelProtocol::mutants(&Wakeup, role)
                .iter()
                .map(|m| m.name)
                .collect::<Vec<_>>()
                .join(", "),
        })
}
