//! The models pushwake knows, by name, with their IUT roles: the one place the CLI dispatches on
//! a model name.

use crate::check::{self, CheckReport};
use pushwake_model::ppg::{PpgConfig, PpgModel};

/// A model the CLI can check, generate from and run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModelInfo {
    /// Its name on the command line.
    pub name: &'static str,
    /// What it models.
    pub description: &'static str,
    /// The roles an implementation under test can play, each with what it means.
    pub roles: &'static [(&'static str, &'static str)],
}

/// Every model, in the order the main job runs them.
pub const MODELS: &[ModelInfo] = &[ModelInfo {
    name: "ppg",
    description: "WAP Push: Push Initiator -> Push Proxy Gateway (PAP 2.0) -> push client over the air",
    roles: &[
        (
            "ppg",
            "the Push Proxy Gateway: PAP 2.0 in, OTA push and result notifications out",
        ),
        (
            "push-client",
            "the device's push client: OTA push in, acknowledgements and aborts out",
        ),
    ],
}];

/// Look a model up.
pub fn find(name: &str) -> Option<&'static ModelInfo> {
    MODELS.iter().find(|m| m.name == name)
}

/// The PPG model at its default configuration.
pub fn ppg_default() -> PpgModel {
    PpgModel {
        config: PpgConfig::default(),
    }
}

/// Model-check `name` at its default configuration.
pub fn check_default(name: &str) -> Result<CheckReport, String> {
    match name {
        "ppg" => check::check("ppg", ppg_default()),
        other => Err(format!("unknown model {other:?}; known: {}", names())),
    }
}

/// The model names, comma separated.
pub fn names() -> String {
    MODELS.iter().map(|m| m.name).collect::<Vec<_>>().join(", ")
}
