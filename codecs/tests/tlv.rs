//! BER-TLV / COMPREHENSION-TLV reader and writer: known answers and exact errors
//! (TS 101 220 clause 7.1).

#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use hex_literal::hex;
use pushwake_codecs::tlv::{
    BerTlvObject, CtlvObject, CtlvTag, EncodeError, EncodeErrorKind, TlvReader, TlvWriter,
    decode_ber_tlv, decode_ctlvs, write_length,
};
use pushwake_codecs::{DecodeError, ErrorKind};
use rstest::rstest;

fn err(kind: ErrorKind, structure: &'static str, offset: usize) -> DecodeError {
    DecodeError::new(kind, structure, offset)
}

#[rstest]
#[case::one_byte(&hex!("D0 00"), 0)]
#[case::one_byte_max(&[&hex!("D0 7F")[..], &[0u8; 0x7F]].concat(), 0x7F)]
#[case::two_byte_min(&[&hex!("D0 81 80")[..], &[0u8; 0x80]].concat(), 0x80)]
#[case::three_byte_min(&[&hex!("D0 82 01 00")[..], &[0u8; 0x100]].concat(), 0x100)]
#[case::four_byte_min(&[&hex!("D0 83 01 00 00")[..], &vec![0u8; 0x1_0000]].concat(), 0x1_0000)]
fn reads_every_length_form(#[case] input: &[u8], #[case] len: usize) {
    let t = decode_ber_tlv(input, "t").unwrap();
    assert_eq!(t.tag, 0xD0);
    assert_eq!(t.value.len(), len);
    assert_eq!(t.value_offset, input.len() - len);
    // The writer gives back exactly the same bytes.
    assert_eq!(
        BerTlvObject::decode(input).unwrap().encode().unwrap(),
        input
    );
}

#[rstest]
#[case::two_byte(&hex!("D0 81 7F"), 1)]
#[case::two_byte_zero(&hex!("D0 81 00"), 1)]
#[case::three_byte(&hex!("D0 82 00 FF"), 1)]
#[case::four_byte(&hex!("D0 83 00 FF FF"), 1)]
fn rejects_non_minimal_length(#[case] input: &[u8], #[case] at: usize) {
    assert_eq!(
        decode_ber_tlv(input, "t"),
        Err(err(ErrorKind::NonMinimalLength, "TLV length", at))
    );
}

#[rstest]
#[case::indefinite(&hex!("D0 80"))]
#[case::five_byte(&hex!("D0 84 00 00 00 01"))]
#[case::ff(&hex!("D0 FF"))]
fn rejects_invalid_length_byte(#[case] input: &[u8]) {
    assert_eq!(
        decode_ber_tlv(input, "t"),
        Err(err(ErrorKind::InvalidValue, "TLV length", 1))
    );
}

#[test]
fn rejects_truncated_tag() {
    assert_eq!(
        decode_ber_tlv(&[], "t"),
        Err(err(ErrorKind::Truncated, "t", 0))
    );
}

#[test]
fn rejects_truncated_length() {
    assert_eq!(
        decode_ber_tlv(&hex!("D0"), "t"),
        Err(err(ErrorKind::Truncated, "TLV length", 1))
    );
    assert_eq!(
        decode_ber_tlv(&hex!("D0 82 01"), "t"),
        Err(err(ErrorKind::Truncated, "TLV length", 3))
    );
}

#[test]
fn rejects_length_past_parent() {
    assert_eq!(
        decode_ber_tlv(&hex!("D0 03 01 02"), "t"),
        Err(err(ErrorKind::LengthPastParent, "t", 1))
    );
}

#[test]
fn rejects_trailing_data() {
    assert_eq!(
        decode_ber_tlv(&hex!("D0 01 01 02"), "t"),
        Err(err(ErrorKind::TrailingData, "t", 3))
    );
}

#[rstest]
#[case::zero(0x00)]
#[case::ff(0xFF)]
#[case::multi_byte(0x1F)]
#[case::multi_byte_context(0xDF)]
fn rejects_invalid_ber_tag(#[case] tag: u8) {
    assert_eq!(
        decode_ber_tlv(&[tag, 0x00], "t"),
        Err(err(ErrorKind::InvalidValue, "BER-TLV tag", 0))
    );
}

#[rstest]
#[case::cr_clear(&hex!("35 01 03"), 0x35, false, false)]
#[case::cr_set(&hex!("B5 01 03"), 0x35, true, false)]
#[case::three_byte_cr_clear(&hex!("7F 01 23 01 03"), 0x0123, false, true)]
#[case::three_byte_cr_set(&hex!("7F 81 23 01 03"), 0x0123, true, true)]
#[case::three_byte_small_value(&hex!("7F 80 39 01 03"), 0x39, true, true)]
fn reads_ctlv_tags(
    #[case] input: &[u8],
    #[case] value: u16,
    #[case] cr: bool,
    #[case] three_byte: bool,
) {
    let objs = decode_ctlvs(input, 0, 8, "t").unwrap();
    let [o] = objs.as_slice() else {
        panic!("one object")
    };
    assert_eq!(
        o.tag,
        CtlvTag {
            value,
            cr,
            three_byte
        }
    );
    assert!(o.tag.matches(value));
    assert_eq!(o.value, &[0x03]);
    assert_eq!(o.value_offset, input.len() - 1);
    let kept = CtlvObject::decode_all(input).unwrap();
    assert_eq!(CtlvObject::encode_all(&kept).unwrap(), input);
}

#[rstest]
#[case::zero(&hex!("00 00"))]
#[case::eighty(&hex!("80 00"))]
#[case::ff(&hex!("FF 00"))]
#[case::three_byte_zero(&hex!("7F 80 00 00"))]
fn rejects_invalid_ctlv_tag(#[case] input: &[u8]) {
    assert_eq!(
        decode_ctlvs(input, 10, 8, "t"),
        Err(err(ErrorKind::InvalidValue, "COMPREHENSION-TLV tag", 10))
    );
}

#[test]
fn reports_absolute_offsets_inside_a_parent() {
    // Second object's length runs past the parent: error at its length byte, offset 20 + 4.
    assert_eq!(
        decode_ctlvs(&hex!("81 01 00  82 05 81"), 20, 8, "parent"),
        Err(err(ErrorKind::LengthPastParent, "parent", 24))
    );
}

#[test]
fn caps_the_object_count() {
    let input = [0x01u8, 0x00].repeat(5);
    assert_eq!(
        decode_ctlvs(&input, 0, 4, "t"),
        Err(err(ErrorKind::TooLong, "t", 8))
    );
    assert_eq!(decode_ctlvs(&input, 0, 5, "t").unwrap().len(), 5);
}

#[test]
fn reader_stays_failed() {
    let mut r = TlvReader::new(&hex!("01 05 00  01 00"));
    let e = r.read_ctlv("t").unwrap_err();
    assert_eq!(e, err(ErrorKind::LengthPastParent, "t", 1));
    assert_eq!(r.read_ctlv("t"), Err(e));
    assert_eq!(r.finish("t"), Err(e));
}

#[test]
fn writer_fills_nested_lengths_afterwards() {
    let mut w = TlvWriter::new();
    w.ber(0xD0, "outer", |w| {
        w.ctlv(CtlvTag::new(0x01, true), &hex!("01 40 00"), "cd")?;
        w.ctlv(CtlvTag::new(0x36, true), &[0xAA; 200], "data")
    })
    .unwrap();
    let out = w.into_bytes();
    assert_eq!(&out[..8], &hex!("D0 81 D0 81 03 01 40 00"));
    assert_eq!(&out[8..11], &hex!("B6 81 C8"));
    assert_eq!(out.len(), 3 + 5 + 3 + 200);
}

#[test]
fn writer_refuses_invalid_tags_and_huge_lengths() {
    let mut w = TlvWriter::new();
    let bad = CtlvTag {
        value: 0x90,
        cr: false,
        three_byte: false,
    };
    assert_eq!(
        w.ctlv(bad, &[], "x"),
        Err(EncodeError::new(EncodeErrorKind::InvalidValue, "x"))
    );
    let mut out = Vec::new();
    assert_eq!(
        write_length(&mut out, 0x0100_0000, "x"),
        Err(EncodeError::new(EncodeErrorKind::TooLong, "x"))
    );
}

#[test]
fn serialises_ber_tlv_as_hex_json() {
    let o = BerTlvObject::decode(&hex!("D0 02 AB CD")).unwrap();
    let j = serde_json::to_string(&o).unwrap();
    assert_eq!(j, r#"{"tag":208,"value":"ABCD"}"#);
    let back: BerTlvObject = serde_json::from_str(&j).unwrap();
    assert_eq!(back, o);
}
