#![no_main]
// Oracle: SMS-SUBMIT, WSP Push and trigger decoders never panic and re-encode what they accept.
libfuzzer_sys::fuzz_target!(|data: &[u8]| pushwake_codecs::sms::fuzz_round_trip(data));
