//! Wire bindings: what a model's abstract actions look like on an implementation's interface.
//!
//! The generator asks a binding for each step's wire form and ICS items; adapters use the same
//! binding (in the other direction) to turn what an IUT emits back into model actions. One binding
//! per model; it is the only place that knows both the model's vocabulary and the wire format.

use crate::vector::Wire;
use pushwake_model::LabelledModel;

/// The binding of model `M` to its wire formats.
pub trait Binding<M: LabelledModel>: Send + Sync {
    /// The wire form of `action`, taken in `state`, when the IUT plays `role`; `None` where the
    /// action has no wire form (internal steps, environment steps).
    fn wire(&self, model: &M, state: &M::State, action: &M::Action, role: &str) -> Option<Wire>;

    /// The ICS items an implementation must support for a vector that takes `action` to apply to it
    /// (e.g. `"PPG-CANCEL"`); empty when the action is mandatory for the role.
    fn ics_items(&self, action: &M::Action, role: &str) -> Vec<&'static str>;

    /// Whether `action` is a negative stimulus (malformed, unknown id, bad timestamp, out of order):
    /// vectors built around it are of kind `negative`.
    fn is_negative(&self, action: &M::Action) -> bool;

    /// Whether `action`, which does not belong to the IUT's `role`, must still be delivered to the IUT
    /// as a stimulus (a clock advance). Other actions of other roles are environment steps, applied
    /// only to the runner's oracle.
    fn is_stimulus(&self, action: &M::Action, role: &str) -> bool;
}
