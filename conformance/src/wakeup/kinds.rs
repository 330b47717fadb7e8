//! The wake-up protocol's message kinds for `pushwake decode` / `encode`. The CAT kinds
//! (`apdu`, `envelope`, `proactive`, `terminal-profile`, `terminal-response`, `status-word`)
//! are the codecs' own ([`crate::kinds::KINDS`]), shared with dm_trigger; this adds the response
//! APDU as the `rapdu` wire kind carries it (data, then SW1 SW2; TS 102 221 10.2).

use crate::kinds::{Kind, from_json, to_json};
use pushwake_codecs::apdu::ResponseApdu;

/// The wake-up protocol's kinds, sorted by name.
pub const KINDS: &[Kind] = &[Kind {
    name: "rapdu",
    description: "response APDU (ETSI TS 102 221 10.2): response data, then SW1 SW2",
    decode: |b| to_json(ResponseApdu::decode(b)),
    encode: |v| {
        from_json::<ResponseApdu>(v)?
            .encode()
            .map_err(|e| e.to_string())
    },
}];
