#![no_main]
// Oracle and round-trip checks live in pushwake_codecs::cat::fuzzing.
libfuzzer_sys::fuzz_target!(|data: &[u8]| pushwake_codecs::cat::fuzzing::envelope(data));
