//! Wire bindings: what a model's abstract actions look like on an implementation's interface.
//!
//! The generator asks a binding for each step's wire form; adapters use the same binding (in the
//! other direction) to turn what an IUT emits back into model actions. One binding per model; it is
//! the only place that knows both the model's vocabulary and the wire format. Everything else about
//! an action (ICS items, negative, whether it is a clock step) is in the model's action table and
//! reaches the generator through [`pushwake_model::ActionLabel`].

use crate::vector::Wire;
use pushwake_model::LabelledModel;

/// The binding of model `M` to its wire formats.
pub trait Binding<M: LabelledModel>: Send + Sync {
    /// The wire form of `action`, taken in `state`, when the IUT plays `role`; `None` where the
    /// action has no wire form (internal steps, environment steps).
    fn wire(&self, model: &M, state: &M::State, action: &M::Action, role: &str) -> Option<Wire>;
}
