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

pub mod dm_trigger;
pub mod explorer;
pub mod ppg;
pub mod wakeup;

/// Which way an action crosses the boundary of a role.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// A stimulus to `role`: when `role` is the IUT, the tester sends it.
    Input,
    /// Something `role` emits: when `role` is the IUT, the tester observes it.
    Output,
    /// Neither: a step inside one role or of the environment (bearer, clock) that no tester sees
    /// directly.
    #[default]
    Internal,
}

/// What the generator, the runner and the liveness checker need to know about an action.
///
/// A model does not write labels by hand action by action: it declares its action classes once,
/// in a table (see `ppg::meta`), and derives every label from it, so that a renamed class or a
/// dropped fairness flag is a compile error or a failing test, never a silent change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
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
    /// The role at the other end: who sends an input, who receives an output; `role` itself for
    /// an internal step. Reports draw a message as an arrow between `peer` and `role`.
    pub peer: &'static str,
    /// Under weak fairness for the model's liveness properties: continuously enabled, the action
    /// is eventually taken.
    pub fair: bool,
    /// A step of the model's clock. Time is delivered to every implementation under test as a
    /// stimulus (it cannot be an environment step: the IUT's timers see it).
    pub time: bool,
    /// A negative stimulus (malformed, unknown id, bad timestamp, out of order), or the answer that
    /// shows a stimulus was negative; vectors built around it are of kind `negative`.
    pub negative: bool,
    /// The ICS items a vector taking this action needs, as bits over
    /// [`LabelledModel::ics_items`] (bit `k` is item `k`).
    pub ics: u32,
}

/// An item of an implementation conformance statement (ICS): an optional feature an
/// implementation of one role declares it supports. Vectors that need an unsupported item get
/// verdict `none`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct IcsItem {
    /// The name used in ICS files and applicability expressions (e.g. `"PPG-CANCEL"`).
    pub name: &'static str,
    /// The role that implements it.
    pub role: &'static str,
    /// What supporting it means, with the clause that makes it optional.
    pub description: &'static str,
}

/// A model whose actions are labelled: which role, which direction, which class, which clause.
pub trait LabelledModel: stateright::Model {
    /// The label of `action`.
    fn label(&self, action: &Self::Action) -> ActionLabel;

    /// The model's ICS items; [`ActionLabel::ics`] indexes this list.
    fn ics_items(&self) -> &'static [IcsItem] {
        &[]
    }

    /// The abstract source context of `action` taken in `state`, as the implementation playing
    /// `role` can tell it apart: the small part of the state that decides what the action means
    /// (for the PPG, the status of the push-id the action is about and whether it was sent; for a
    /// session protocol, the session's phase). The generator covers every (role transition,
    /// context) pair it can steer to. The empty string (the default) is one context for all.
    fn context(&self, role: &str, state: &Self::State, action: &Self::Action) -> String {
        let _ = (role, state, action);
        String::new()
    }

    /// `action` in plain words, for reports and verdict reasons (e.g. "the PPG sends push 0 over
    /// the air, confirmed"); empty (the default) where the model has no words for it, and the
    /// reports show the abstract action instead.
    fn describe(&self, action: &Self::Action) -> String {
        let _ = action;
        String::new()
    }

    /// The requirement whose rule `action` would break if taken in `state`, where the model can
    /// tell (e.g. from a transition monitor); `None` when it cannot.
    fn explain(&self, state: &Self::State, action: &Self::Action) -> Option<&'static str> {
        let _ = (state, action);
        None
    }

    /// Whether the clock in `state` is beyond every deadline: no more time can pass, so an
    /// obligation still open there is owed now, not later.
    fn time_exhausted(&self, state: &Self::State) -> bool {
        let _ = state;
        false
    }
}
