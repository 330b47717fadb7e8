#![no_main]
// PAP 2.0 parser: never panics; parse(write(doc)) == doc where the parse succeeds.
libfuzzer_sys::fuzz_target!(|data: &[u8]| pushwake_codecs::pap::fuzzing::pap(data));
