//! pushwake-model: Stateright models of the four push-trigger protocols, with their properties, and
//! our own explorer that decides liveness soundly (strongly connected components, lasso
//! counterexamples, explicit weak fairness).
//!
//! What it is: each model is a [`stateright::Model`] whose state holds every role and the channels
//! between them. Every action carries an [`ActionLabel`]: an input to one role (a stimulus a tester
//! can send when that role is the implementation under test), an output of one role (something the
//! tester observes), or internal. Safety properties are checked by stateright's checkers; liveness
//! properties by [`explorer`].
//!
//! What it is not: no I/O, no wire formats (the conformance crate binds abstract actions to wire
//! messages through `pushwake-codecs`), no test running.
#![forbid(unsafe_code)]

pub mod explorer;
pub mod ppg;

/// Which way an action crosses the boundary of a role.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// A stimulus to `role`: when `role` is the IUT, the tester sends it.
    Input,
    /// Something `role` emits: when `role` is the IUT, the tester observes it.
    Output,
    /// Neither: a step inside one role or of the environment (bearer, clock) that no tester sees
    /// directly.
    Internal,
}

/// What the generator, the runner and the liveness checker need to know about an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct ActionLabel {
    /// The role the action belongs to (e.g. `"ppg"`, `"push-client"`, `"pi"`, `"bearer"`, `"clock"`).
    pub role: &'static str,
    /// Input to, output of, or internal to `role`.
    pub direction: Direction,
    /// The action class, for fairness declarations and coverage reports (e.g. `"ppg.deliver"`).
    pub class: &'static str,
    /// The requirement the transition implements: a registry id (see conformance's requirement
    /// registry), e.g. `"PAP-9.2"` or `"SIP-PUSH-REQ8"`.
    pub requirement: &'static str,
    /// An output or internal step the role owes *now*: it must happen before the role falls quiet
    /// and before the clock may advance (e.g. the PPG's push-response to a submission). The runner
    /// fails an IUT that goes quiescent while every model state consistent with the observations
    /// still has an urgent output of the IUT's role enabled. Inputs are never urgent.
    pub urgent: bool,
}

/// A model whose actions are labelled: which role, which direction, which class, which clause.
pub trait LabelledModel: stateright::Model {
    /// The label of `action`.
    fn label(&self, action: &Self::Action) -> ActionLabel;
}
