//! PAP 2.0 (WAP-247-PAP): the Push Access Protocol between a Push Initiator and a Push Proxy Gateway.
//!
//! [`types`] holds the typed messages (the contract other crates are written against); [`parse`]
//! reads a PAP document strictly against the PAP 2.0 DTD with documented caps, [`write()`] gives the
//! one canonical byte form, [`timestamp`] converts `YYYY-MM-DDThh:mm:ssZ`, and [`multipart`] frames
//! a push submission as `multipart/related` (RFC 2387 / RFC 2046).
//!
//! Security defaults (documented, not configurable): the DOCTYPE is accepted but never fetched; an
//! internal DTD subset is refused, so no entity is ever declared; only the five predefined
//! entities and character references are expanded. Documents are UTF-8, or UTF-16 with a byte
//! order mark (see [`parse()`]).

#[doc(hidden)]
pub mod fuzzing;
pub mod multipart;
mod parse;
pub mod timestamp;
pub mod types;
mod write;

pub use parse::{
    MAX_ATTRIBUTE_BYTES, MAX_ATTRIBUTES, MAX_DEPTH, MAX_DOCTYPE_BYTES, MAX_DOCUMENT_BYTES,
    MAX_MISC_BYTES, MAX_NODES, PAP_PUBLIC_IDS, parse,
};
pub use types::*;
pub use write::{PAP_2_0_DOCTYPE, XML_DECLARATION, is_canonical, write};
