#![no_main]
// multipart/related push submissions: first line the Content-Type, the rest the body.
libfuzzer_sys::fuzz_target!(|data: &[u8]| pushwake_codecs::pap::fuzzing::multipart(data));
