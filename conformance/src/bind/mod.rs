//! Wire bindings of the models (see [`crate::binding::Binding`]): what each abstract action looks
//! like on an implementation's interface, and the way back from what an implementation emits to
//! the model's actions.
//!
//! - [`ppg::PpgBinding`]: the PPG model to PAP 2.0 (XML and multipart/related, through
//!   `pushwake_codecs::pap`) and to a JSON text rendering of the abstract Push OTA messages.

pub mod ppg;
