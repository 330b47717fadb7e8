#![no_main]
// Oracle: no panic; whatever decodes re-encodes byte for byte (pushwake_codecs::pkg0).
libfuzzer_sys::fuzz_target!(|data: &[u8]| pushwake_codecs::pkg0::fuzz_round_trip(data));
