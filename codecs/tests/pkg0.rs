//! General Package #0 (OMA DM Notification 1.2): known answers, digests, negative cases, round
//! trips. Fixtures and their sources: `tests/files/pkg0/README.md`.

// rstest tables pass one argument per column; the known-answer table has ten.
#![allow(clippy::too_many_arguments)]

use hex_literal::hex;
use proptest::prelude::*;
use pushwake_codecs::pkg0::{
    self, DM12_VERSIONS, Digest, EncodeError, Initiator, MAX_VENDOR_SPECIFIC_LEN, Package0, UiMode,
    Version,
};
use pushwake_codecs::{DecodeError, ErrorKind};
use rstest::rstest;

/// The nonce of the spec note's test vector: four zero bytes (see the README: the note's
/// "8 ASCII bytes" does not reproduce its digest; four zero bytes do).
const ZERO_NONCE: &[u8] = &[0, 0, 0, 0];

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/files/pkg0/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    pushwake_codecs::hex::decode_spaced(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn spec_package() -> Package0 {
    Package0 {
        digest: Digest(hex!("5a7ad03797e6fce0dafb148c27fec98e")),
        version: Version::V12,
        ui_mode: UiMode::BACKGROUND,
        initiator: Initiator::SERVER,
        future_use: 0,
        session_id: 0x1234,
        server_identifier: "dmsc".into(),
        vendor_specific: vec![],
    }
}

#[test]
fn spec_vector_encodes_to_the_known_bytes() {
    let unsigned = Package0 {
        digest: Digest([0; 16]),
        ..spec_package()
    };
    let signed = unsigned.signed(b"secret", ZERO_NONCE).expect("fits");
    assert_eq!(
        signed.encode().expect("fits"),
        hex!("5a7ad03797e6fce0dafb148c27fec98e 0318000000123404 646d7363")
    );
}

#[test]
fn spec_vector_decodes_and_verifies() {
    let bytes = fixture("spec_v12.hex");
    assert_eq!(Package0::decode(&bytes), Ok(spec_package()));
    assert_eq!(
        pkg0::verify_digest(&bytes, b"dmsc", b"secret", ZERO_NONCE),
        Ok(())
    );
}

#[test]
fn spec_note_ascii_nonce_does_not_reproduce_the_spec_digest() {
    // The note says nonce "00000000" (8 ASCII bytes); that gives another digest (ascii_nonce.hex).
    let bytes = fixture("spec_v12.hex");
    assert_eq!(
        pkg0::verify_digest(&bytes, b"dmsc", b"secret", b"00000000"),
        Err(DecodeError::new(
            ErrorKind::BadDigest,
            "Package #0 digest",
            0
        ))
    );
    let ascii = fixture("ascii_nonce.hex");
    assert_eq!(
        pkg0::verify_digest(&ascii, b"dmsc", b"secret", b"00000000"),
        Ok(())
    );
}

#[rstest]
#[case::spec_v12("spec_v12.hex", Version::V12, UiMode::BACKGROUND, Initiator::SERVER, 0, 0x1234, "dmsc", &[], b"secret", ZERO_NONCE)]
#[case::v11("v11.hex", Version::V11, UiMode::BACKGROUND, Initiator::SERVER, 0, 0x1234, "dmsc", &[], b"secret", ZERO_NONCE)]
#[case::v11_ui3_vendor("v11_ui3_vendor.hex", Version::V11, UiMode::USER_INTERACTION, Initiator::SERVER, 0, 0xFFFF, "DM_SC", &[1, 2], b"secret", ZERO_NONCE)]
#[case::future_use_kept("future_use_set.hex", Version::V12, UiMode::INFORMATIVE, Initiator::SERVER, 0x5A5_A5A5, 0x00FF, "srv", &[], b"pw", &[1, 2, 3])]
#[case::unknown_version("unknown_version_13.hex", Version(13), UiMode::BACKGROUND, Initiator::SERVER, 0, 0x1234, "dmsc", &[], b"secret", ZERO_NONCE)]
#[case::libdmclient_swapped_session("libdmclient_swapped_session.hex", Version::V12, UiMode::BACKGROUND, Initiator::SERVER, 0, 0x3412, "dmsc", &[], b"secret", ZERO_NONCE)]
fn known_answers_decode_verify_and_reencode(
    #[case] file: &str,
    #[case] version: Version,
    #[case] ui_mode: UiMode,
    #[case] initiator: Initiator,
    #[case] future_use: u32,
    #[case] session_id: u16,
    #[case] server_identifier: &str,
    #[case] vendor_specific: &[u8],
    #[case] password: &[u8],
    #[case] nonce: &[u8],
) {
    let bytes = fixture(file);
    let p = Package0::decode(&bytes).expect("decodes");
    assert_eq!(p.version, version);
    assert_eq!(p.ui_mode, ui_mode);
    assert_eq!(p.initiator, initiator);
    assert_eq!(p.future_use, future_use);
    assert_eq!(p.session_id, session_id);
    assert_eq!(p.server_identifier, server_identifier);
    assert_eq!(p.vendor_specific, vendor_specific);
    assert_eq!(p.digest.0[..], bytes[..16]);
    assert_eq!(p.encode().as_deref(), Ok(&bytes[..]));
    assert_eq!(
        pkg0::verify_digest(&bytes, server_identifier.as_bytes(), password, nonce),
        Ok(())
    );
    // Signing the decoded package again reproduces the independently computed digest.
    let resigned = p.clone().signed(password, nonce).expect("fits");
    assert_eq!(resigned, p);
}

#[rstest]
#[case::truncated_digest("truncated_digest.hex", ErrorKind::Truncated, "Package #0 digest", 0)]
#[case::truncated_header(
    "truncated_header.hex",
    ErrorKind::Truncated,
    "Package #0 notification header",
    16
)]
#[case::truncated_server_id(
    "truncated_server_id.hex",
    ErrorKind::Truncated,
    "Package #0 server-identifier",
    24
)]
#[case::server_id_not_utf8(
    "server_id_not_utf8.hex",
    ErrorKind::InvalidValue,
    "Package #0 server-identifier",
    24
)]
fn rejects_malformed_packages(
    #[case] file: &str,
    #[case] kind: ErrorKind,
    #[case] structure: &str,
    #[case] offset: usize,
) {
    let err = Package0::decode(&fixture(file)).expect_err("malformed");
    assert_eq!(
        (err.kind, err.structure, err.offset),
        (kind, structure, offset)
    );
}

#[test]
fn rejects_empty_input_as_truncated_digest() {
    assert_eq!(
        Package0::decode(&[]),
        Err(DecodeError::new(
            ErrorKind::Truncated,
            "Package #0 digest",
            0
        ))
    );
}

#[test]
fn decode_accepting_takes_versions_11_and_12_and_rejects_13() {
    for file in ["spec_v12.hex", "v11.hex"] {
        assert!(
            pkg0::decode_accepting(&fixture(file), DM12_VERSIONS).is_ok(),
            "{file}"
        );
    }
    assert_eq!(
        pkg0::decode_accepting(&fixture("unknown_version_13.hex"), DM12_VERSIONS),
        Err(DecodeError::new(
            ErrorKind::InvalidValue,
            "Package #0 version",
            16
        ))
    );
    // Configurable: a libdmclient-like client accepting only 11 rejects the spec's v12 vector.
    assert_eq!(
        pkg0::decode_accepting(&fixture("spec_v12.hex"), &[Version::V11]),
        Err(DecodeError::new(
            ErrorKind::InvalidValue,
            "Package #0 version",
            16
        ))
    );
}

#[rstest]
#[case::wrong_password(b"dmsc", b"Secret", ZERO_NONCE)]
#[case::wrong_server_id(b"dmsc2", b"secret", ZERO_NONCE)]
#[case::ascii_nonce(b"dmsc", b"secret", b"00000000")]
#[case::libdmclient_retry_nonce(b"dmsc", b"secret", b"0x00000000")]
#[case::empty_nonce(b"dmsc", b"secret", b"")]
fn rejects_bad_digest(#[case] server_id: &[u8], #[case] password: &[u8], #[case] nonce: &[u8]) {
    assert_eq!(
        pkg0::verify_digest(&fixture("spec_v12.hex"), server_id, password, nonce),
        Err(DecodeError::new(
            ErrorKind::BadDigest,
            "Package #0 digest",
            0
        ))
    );
}

#[test]
fn libdmclient_retry_nonce_digest_only_verifies_with_that_nonce() {
    let bytes = fixture("libdmclient_retry_nonce.hex");
    assert_eq!(
        pkg0::verify_digest(&bytes, b"dmsc", b"secret", ZERO_NONCE),
        Err(DecodeError::new(
            ErrorKind::BadDigest,
            "Package #0 digest",
            0
        ))
    );
    assert_eq!(
        pkg0::verify_digest(&bytes, b"dmsc", b"secret", b"0x00000000"),
        Ok(())
    );
}

#[test]
fn rejects_any_single_bit_flip_in_digest_or_trigger() {
    let bytes = fixture("v11_ui3_vendor.hex");
    for i in 0..bytes.len() {
        for bit in 0..8 {
            let mut b = bytes.clone();
            b[i] ^= 1 << bit;
            assert_eq!(
                pkg0::verify_digest(&b, b"DM_SC", b"secret", ZERO_NONCE),
                Err(DecodeError::new(
                    ErrorKind::BadDigest,
                    "Package #0 digest",
                    0
                )),
                "byte {i} bit {bit}"
            );
        }
    }
}

#[test]
fn verify_rejects_truncated_digest() {
    assert_eq!(
        pkg0::verify_digest(&[0; 15], b"dmsc", b"secret", ZERO_NONCE),
        Err(DecodeError::new(
            ErrorKind::Truncated,
            "Package #0 digest",
            0
        ))
    );
}

#[test]
fn session_id_reads_big_endian_not_swapped() {
    // libdmclient applies ntohs to a field already taken from a be64toh'd word: 0x1234 -> 0x3412.
    let p = Package0::decode(&fixture("spec_v12.hex")).expect("decodes");
    assert_eq!(p.session_id, 4660);
    assert_eq!(p.session_id_hex(), "1234");
    let swapped = Package0::decode(&fixture("libdmclient_swapped_session.hex")).expect("decodes");
    assert_eq!(swapped.session_id_hex(), "3412");
}

#[test]
fn session_id_hex_has_no_leading_zeros() {
    let p = Package0 {
        session_id: 0x00AB,
        ..spec_package()
    };
    assert_eq!(p.session_id_hex(), "AB");
}

#[test]
fn rejects_over_long_server_identifier_when_encoding() {
    let p = Package0 {
        server_identifier: "s".repeat(256),
        ..spec_package()
    };
    assert_eq!(p.encode(), Err(EncodeError::ServerIdentifierTooLong(256)));
    let max = Package0 {
        server_identifier: "s".repeat(255),
        ..spec_package()
    };
    let bytes = max.encode().expect("255 fits");
    assert_eq!(bytes[23], 0xFF);
    assert_eq!(Package0::decode(&bytes), Ok(max));
}

#[rstest]
#[case::version(Package0 { version: Version(1024), ..spec_package() }, EncodeError::VersionOutOfRange(1024))]
#[case::ui_mode(Package0 { ui_mode: UiMode(4), ..spec_package() }, EncodeError::UiModeOutOfRange(4))]
#[case::initiator(Package0 { initiator: Initiator(2), ..spec_package() }, EncodeError::InitiatorOutOfRange(2))]
#[case::future_use(Package0 { future_use: 1 << 27, ..spec_package() }, EncodeError::FutureUseOutOfRange(1 << 27))]
#[case::vendor(Package0 { vendor_specific: vec![0; MAX_VENDOR_SPECIFIC_LEN + 1], ..spec_package() }, EncodeError::VendorSpecificTooLong(MAX_VENDOR_SPECIFIC_LEN + 1))]
fn rejects_fields_that_do_not_fit_when_encoding(#[case] p: Package0, #[case] err: EncodeError) {
    assert_eq!(p.encode(), Err(err));
}

#[test]
fn rejects_vendor_data_over_the_cap() {
    let mut bytes = fixture("spec_v12.hex");
    bytes.resize(bytes.len() + MAX_VENDOR_SPECIFIC_LEN + 1, 0xAA);
    assert_eq!(
        Package0::decode(&bytes),
        Err(DecodeError::new(
            ErrorKind::TooLong,
            "Package #0 vendor-specific",
            28
        ))
    );
    bytes.pop();
    assert_eq!(
        Package0::decode(&bytes).map(|p| p.vendor_specific.len()),
        Ok(MAX_VENDOR_SPECIFIC_LEN)
    );
}

#[test]
fn json_uses_spec_field_names_and_numbers() {
    let json = serde_json::to_value(spec_package()).expect("serializes");
    assert_eq!(
        json,
        serde_json::json!({
            "digest": "5a7ad03797e6fce0dafb148c27fec98e",
            "version": 12,
            "ui-mode": 1,
            "initiator": 1,
            "future-use": 0,
            "sessionid": 4660,
            "server-identifier": "dmsc",
            "vendor-specific": "",
        })
    );
    let back: Package0 = serde_json::from_value(json).expect("deserializes");
    assert_eq!(back, spec_package());
}

#[test]
fn debug_names_known_values_and_shows_unknown_in_hex() {
    assert_eq!(format!("{:?}", UiMode(3)), "USER_INTERACTION");
    assert_eq!(format!("{:?}", Version(13)), "Version(0xd)");
}

fn canonical_package() -> impl Strategy<Value = Package0> {
    (
        any::<[u8; 16]>(),
        0u16..1024,
        0u8..4,
        0u8..2,
        0u32..(1 << 27),
        any::<u16>(),
        "\\PC{0,60}",
        proptest::collection::vec(any::<u8>(), 0..64),
    )
        .prop_filter("server-identifier fits 255 octets", |t| t.6.len() <= 255)
        .prop_map(|(d, v, u, i, f, s, id, vendor)| Package0 {
            digest: Digest(d),
            version: Version(v),
            ui_mode: UiMode(u),
            initiator: Initiator(i),
            future_use: f,
            session_id: s,
            server_identifier: id,
            vendor_specific: vendor,
        })
}

proptest! {
    #[test]
    fn round_trips_decode_of_encode(p in canonical_package()) {
        let bytes = p.encode().expect("canonical fits");
        prop_assert_eq!(Package0::decode(&bytes), Ok(p));
    }

    #[test]
    fn round_trips_encode_of_decode(bytes in proptest::collection::vec(any::<u8>(), 0..120)) {
        // Every input that decodes is canonical: re-encoding gives the same bytes.
        if let Ok(p) = Package0::decode(&bytes) {
            prop_assert_eq!(p.encode(), Ok(bytes));
        }
    }

    #[test]
    fn signed_packages_verify(p in canonical_package(), pw in any::<Vec<u8>>(), nonce in any::<Vec<u8>>()) {
        let signed = p.signed(&pw, &nonce).expect("canonical fits");
        let bytes = signed.encode().expect("canonical fits");
        prop_assert_eq!(
            pkg0::verify_digest(&bytes, signed.server_identifier.as_bytes(), &pw, &nonce),
            Ok(())
        );
    }
}
