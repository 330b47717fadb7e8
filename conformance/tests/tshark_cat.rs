//! Differential test of our CAT decoders against Wireshark's `etsi_cat` dissector (Debian
//! `tshark`, installed by `.ci/run`).
//!
//! Every COMPREHENSION-TLV message that the codec tests, the CAT corpus and the committed suites
//! carry is dissected by tshark in one batch (text2pcap with the user DLT 147 mapped to
//! `etsi_cat`, PDML output) and compared field by field with our decoding: the framing of every
//! object (where its value starts and its length), command number, type and qualifier, device identities, general result and BIP additional information, bearer type,
//! buffer size, transport protocol and port, other address, channel data, channel data length,
//! channel status and the event list. A disagreement fails the test unless [`ALLOWED`] lists it
//! with its reason.
//!
//! Where messages come from:
//! - `codecs/tests/files/cat/*.txt` (lines `KIND HEX # source`) and, for local runs over a larger
//!   corpus that is not committed, every `*.txt` in the directory `PUSHWAKE_CAT_CORPUS_DIR`;
//! - the hex literals of `codecs/tests/cat.rs` that our decoders accept (the rejected ones are the
//!   negative tests; nothing to compare);
//! - `conformance/vectors/*.json`: every wire of kind `proactive`, `envelope`,
//!   `terminal-response`, and the CAT payloads inside `apdu` wires (INS `14` TERMINAL RESPONSE,
//!   INS `C2` ENVELOPE) and `rapdu` wires (response data starting `D0`: the answer to FETCH).
//!
//! etsi_cat is fed the COMPREHENSION-TLV list itself (the proactive command's or envelope's
//! BER-TLV header removed): called directly, Wireshark 4.0's `etsi_cat` reads its input as a
//! C-TLV list.
//!
//! Without tshark the test is skipped with a message, except when `CI` is set: then it fails.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use pushwake_codecs::apdu::{CommandApdu, ResponseApdu};
use pushwake_codecs::cat::objects::CatObject;
use pushwake_codecs::cat::{Envelope, ProactiveCommand, TerminalResponse};
use pushwake_codecs::tlv::{decode_ber_tlv, decode_ctlvs};
use quick_xml::events::{BytesStart, Event};

/// A known disagreement: which field, the message source (substring), and why.
struct Allowed {
    field: &'static str,
    source_contains: &'static str,
    reason: &'static str,
}

/// Disagreements accepted, each with its reason. Keep it short: every entry hides a difference.
const ALLOWED: &[Allowed] = &[];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum CatKind {
    Proactive,
    Envelope,
    TerminalResponse,
}

struct Message {
    kind: CatKind,
    /// The whole message as our decoder takes it.
    bytes: Vec<u8>,
    source: String,
    /// Corpus messages are valid and must decode; a suite's wire may be a negative vector (a
    /// malformed TLV the IUT must answer with general result 32), which our decoder rightly
    /// rejects and which is then not compared.
    must_decode: bool,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn kind_of(name: &str) -> Option<CatKind> {
    match name {
        "proactive" => Some(CatKind::Proactive),
        "envelope" => Some(CatKind::Envelope),
        "terminal-response" => Some(CatKind::TerminalResponse),
        _ => None,
    }
}

fn corpus_file(path: &Path, out: &mut Vec<Message>) {
    let text = std::fs::read_to_string(path).expect("corpus file");
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (data, comment) = line.split_once('#').unwrap_or((line, ""));
        let mut parts = data.split_whitespace();
        let kind = parts.next().and_then(kind_of).unwrap_or_else(|| {
            panic!("{file}:{}: unknown kind in {line:?}", n + 1);
        });
        let hex: String = parts.collect();
        let bytes = pushwake_codecs::hex::decode_spaced(&hex)
            .unwrap_or_else(|e| panic!("{file}:{}: {e}", n + 1));
        out.push(Message {
            kind,
            bytes,
            source: format!("{file}:{} {}", n + 1, comment.trim()),
            must_decode: true,
        });
    }
}

fn corpus_dir(dir: &Path, out: &mut Vec<Message>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    for f in files {
        corpus_file(&f, out);
    }
}

/// The hex literals of a codec test file that our decoders accept as CAT messages.
fn codec_test_literals(path: &Path, out: &mut Vec<Message>) {
    let text = std::fs::read_to_string(path).expect("codec test file");
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    for (n, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(i) = rest.find("hex!(\"") {
            let after = &rest[i + 6..];
            let Some(j) = after.find('"') else { break };
            let lit = &after[..j];
            rest = &after[j..];
            let Ok(bytes) = pushwake_codecs::hex::decode_spaced(lit) else {
                continue;
            };
            let kind = match bytes.first() {
                Some(0xD0) => CatKind::Proactive,
                Some(0xD1..=0xDF) => CatKind::Envelope,
                Some(0x81 | 0x01) => CatKind::TerminalResponse,
                _ => continue,
            };
            if decodes(kind, &bytes) {
                out.push(Message {
                    kind,
                    bytes,
                    source: format!("{file}:{}", n + 1),
                    must_decode: true,
                });
            }
        }
    }
}

fn wire_messages(v: &serde_json::Value, source: &str, out: &mut Vec<Message>) {
    match v {
        serde_json::Value::Object(map) => {
            if let (Some(serde_json::Value::String(kind)), Some(serde_json::Value::String(hex))) =
                (map.get("kind"), map.get("hex"))
                && let Ok(bytes) = pushwake_codecs::hex::decode_spaced(hex)
            {
                wire(kind, bytes, source, out);
            }
            for x in map.values() {
                wire_messages(x, source, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| wire_messages(x, source, out)),
        _ => {}
    }
}

fn wire(kind: &str, bytes: Vec<u8>, source: &str, out: &mut Vec<Message>) {
    let push = |kind, bytes, out: &mut Vec<Message>| {
        out.push(Message {
            kind,
            bytes,
            source: source.to_owned(),
            must_decode: false,
        })
    };
    match kind {
        "apdu" => {
            let Ok(c) = CommandApdu::decode(&bytes) else {
                return;
            };
            match c.ins.0 {
                0x14 => push(CatKind::TerminalResponse, c.data.0, out),
                0xC2 => push(CatKind::Envelope, c.data.0, out),
                _ => {} // INS 10 TERMINAL PROFILE carries no C-TLV; others carry no CAT data.
            }
        }
        "rapdu" => {
            if let Ok(r) = ResponseApdu::decode(&bytes)
                && r.data.0.first() == Some(&0xD0)
            {
                push(CatKind::Proactive, r.data.0, out);
            }
        }
        k => {
            if let Some(k) = kind_of(k) {
                push(k, bytes, out);
            }
        }
    }
}

fn vectors(out: &mut Vec<Message>) {
    let dir = root().join("conformance/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("conformance/vectors")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("vector file");
        let v: serde_json::Value = serde_json::from_str(&text).expect("vector JSON");
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        wire_messages(&v, &format!("vectors/{name}"), out);
    }
}

fn decodes(kind: CatKind, bytes: &[u8]) -> bool {
    match kind {
        CatKind::Proactive => ProactiveCommand::decode(bytes).is_ok(),
        CatKind::Envelope => Envelope::decode(bytes).is_ok(),
        CatKind::TerminalResponse => TerminalResponse::decode(bytes).is_ok(),
    }
}

/// The C-TLV list inside a message and its offset in the message.
fn payload(kind: CatKind, bytes: &[u8]) -> (&[u8], usize) {
    match kind {
        CatKind::TerminalResponse => (bytes, 0),
        _ => {
            let ber = decode_ber_tlv(bytes, "message").expect("decoded before");
            (ber.value, ber.value_offset)
        }
    }
}

type Facts = BTreeMap<&'static str, Vec<String>>;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// What our decoder says, object by object.
fn our_facts(kind: CatKind, bytes: &[u8]) -> Facts {
    let (value, base) = payload(kind, bytes);
    let items = decode_ctlvs(value, base, 256, "message").expect("decoded before");
    let mut f = Facts::new();
    let mut put = |k: &'static str, v: String| f.entry(k).or_default().push(v);
    for c in &items {
        // Framing: where each object's value starts in the C-TLV list, and its length.
        put(
            "object value at+len",
            format!("{}+{}", c.value_offset - base, c.value.len()),
        );
        match CatObject::decode(c).expect("decoded before") {
            CatObject::CommandDetails(d) => {
                put("command number", format!("{:02x}", d.number));
                put("command type", format!("{:02x}", d.command_type.0));
                put("command qualifier", format!("{:02x}", d.qualifier));
            }
            CatObject::DeviceIdentities(d) => {
                put("source device", format!("{:02x}", d.source.0));
                put("destination device", format!("{:02x}", d.destination.0));
            }
            CatObject::Result(r) => {
                put("general result", format!("{:02x}", r.general.0));
                // bip_error() is Some only for general result 3A.
                if let Some(b) = r.bip_error() {
                    put("BIP error", format!("{:02x}", b.0));
                }
            }
            CatObject::BearerDescription(b) => {
                put("bearer type", format!("{:02x}", b.bearer_type.0))
            }
            CatObject::BufferSize(b) => put("buffer size", b.size.to_string()),
            CatObject::TransportLevel(t) => {
                put("transport protocol", format!("{:02x}", t.protocol.0));
                if let Some(p) = t.port {
                    put("transport port", p.to_string());
                }
            }
            CatObject::OtherAddress(a) => put(
                "other address",
                a.address
                    .map(|a| format!("{:02x}{}", a.address_type.0, hex(&a.address.0)))
                    .unwrap_or_default(),
            ),
            CatObject::ChannelData(d) => put("channel data", hex(&d.data.0)),
            CatObject::ChannelDataLength(l) => {
                put("channel data length", format!("{:02x}", l.length))
            }
            CatObject::ChannelStatus(s) => put(
                "channel status",
                format!("{:02x}{:02x}", s.status, s.further_info),
            ),
            CatObject::EventList(e) => {
                for ev in e.events {
                    put("event", format!("{:02x}", ev.0));
                }
            }
            _ => {}
        }
    }
    f
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .filter_map(Result::ok)
        .find(|a| a.key.into_inner() == name)
        .map(|a| a.value.into_owned())
}

/// What tshark says, per packet, from its PDML.
fn tshark_facts(pdml: &str) -> Vec<Facts> {
    let mut reader = quick_xml::Reader::from_str(pdml);
    let mut packets = Vec::new();
    // The open <proto> elements: etsi_cat hands the SMS TPDU to gsm_sms, whose <proto> nests
    // inside etsi_cat's; fields after it still belong to etsi_cat.
    let mut protos: Vec<bool> = Vec::new();
    let mut cur = Facts::new();
    loop {
        let ev = reader.read_event().expect("tshark PDML parses");
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let tag = e.name().into_inner();
                let in_cat = protos.iter().any(|p| *p);
                if tag == "packet" {
                    cur = Facts::new();
                    protos.clear();
                } else if tag == "proto" {
                    if matches!(ev, Event::Start(_)) {
                        protos.push(attr(e, "name").as_deref() == Some("etsi_cat"));
                    }
                } else if tag == "field" && in_cat {
                    let name = attr(e, "name").unwrap_or_default();
                    let value = attr(e, "value").unwrap_or_default();
                    let show = attr(e, "show").unwrap_or_default();
                    let showname = attr(e, "showname").unwrap_or_default();
                    let mut put = |k: &'static str, v: String| cur.entry(k).or_default().push(v);
                    match name.as_str() {
                        "etsi_cat.comp_tlv.cmd_nr" => put("command number", value),
                        "etsi_cat.comp_tlv.cmd_type" => put("command type", value),
                        n if n.starts_with("etsi_cat.comp_tlv.cmd_qual") => put(
                            "command qualifier",
                            attr(e, "unmaskedvalue").unwrap_or(value),
                        ),
                        "etsi_cat.comp_tlv.src_dev" => put("source device", value),
                        "etsi_cat.comp_tlv.dst_dev" => put("destination device", value),
                        "etsi_cat.comp_tlv.result" => put("general result", value),
                        "etsi_cat.comp_tlv.result.bip" => put("BIP error", value),
                        "etsi_cat.comp_tlv.bearer.descr" => put("bearer type", value),
                        "etsi_cat.comp_tlv.buffer_size" => put("buffer size", show),
                        "etsi_cat.comp_tlv.transport.ptype" => put("transport protocol", value),
                        "etsi_cat.comp_tlv.transport.port" => put("transport port", show),
                        "etsi_cat.comp_tlv.event" => put("event", value),
                        "etsi_cat.comp_tlv" => {
                            put(
                                "object value at+len",
                                format!(
                                    "{}+{}",
                                    attr(e, "pos").unwrap_or_default(),
                                    attr(e, "size").unwrap_or_default()
                                ),
                            );
                            let label = showname.split(':').next().unwrap_or_default();
                            match label {
                                "Other address (data destination address)" => {
                                    put("other address", value)
                                }
                                "Channel data" => put("channel data", value),
                                "Channel data length" => put("channel data length", value),
                                "Channel status" => put("channel status", value),
                                _ => {}
                            }
                        }
                        _ => {}
                    }
                }
            }
            Event::End(ref e) => {
                if e.name().into_inner() == "proto" {
                    protos.pop();
                } else if e.name().into_inner() == "packet" {
                    packets.push(std::mem::take(&mut cur));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    packets
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Dissect every payload in one tshark run; one `Facts` per message, in order.
fn dissect(payloads: &[&[u8]]) -> Vec<Facts> {
    let dir = std::env::temp_dir().join(format!("pushwake-tshark-cat-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut dump = String::new();
    for p in payloads {
        for (i, chunk) in p.chunks(16).enumerate() {
            dump.push_str(&format!("{:06x}", i * 16));
            for b in chunk {
                dump.push_str(&format!(" {b:02x}"));
            }
            dump.push('\n');
        }
    }
    let txt = dir.join("cat.txt");
    let pcap = dir.join("cat.pcap");
    std::fs::write(&txt, dump).expect("write hex dump");
    let st = Command::new("text2pcap")
        .args(["-q", "-l", "147"])
        .arg(&txt)
        .arg(&pcap)
        .status()
        .expect("text2pcap runs");
    assert!(st.success(), "text2pcap failed");
    let out = Command::new("tshark")
        .args([
            "-n",
            "-o",
            r#"uat:user_dlts:"User 0 (DLT=147)","etsi_cat","0","","0","""#,
            "-T",
            "pdml",
            "-r",
        ])
        .arg(&pcap)
        .output()
        .expect("tshark runs");
    assert!(
        out.status.success(),
        "tshark failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    tshark_facts(&String::from_utf8_lossy(&out.stdout))
}

#[test]
fn our_cat_decoders_agree_with_wireshark_etsi_cat() {
    if !have("tshark") || !have("text2pcap") {
        assert!(
            std::env::var_os("CI").is_none(),
            "tshark / text2pcap missing under CI: .ci/run must install the Debian package tshark"
        );
        eprintln!(
            "SKIPPED: tshark / text2pcap not found; install the Debian package tshark to run the \
             differential test against Wireshark's etsi_cat dissector"
        );
        return;
    }
    let mut msgs = Vec::new();
    corpus_dir(&root().join("codecs/tests/files/cat"), &mut msgs);
    if let Some(d) = std::env::var_os("PUSHWAKE_CAT_CORPUS_DIR") {
        corpus_dir(Path::new(&d), &mut msgs);
    }
    codec_test_literals(&root().join("codecs/tests/cat.rs"), &mut msgs);
    vectors(&mut msgs);

    let mut rejected = Vec::new();
    let mut negative = 0usize;
    msgs.retain(|m| {
        let ok = decodes(m.kind, &m.bytes);
        if !ok && m.must_decode {
            rejected.push(m.source.clone());
        } else if !ok {
            negative += 1;
        }
        ok
    });
    assert!(
        rejected.is_empty(),
        "our decoders reject {} corpus / suite messages: {rejected:#?}",
        rejected.len()
    );
    assert!(
        msgs.len() >= 20,
        "too few messages to compare: {}",
        msgs.len()
    );

    let payloads: Vec<&[u8]> = msgs.iter().map(|m| payload(m.kind, &m.bytes).0).collect();
    let theirs = dissect(&payloads);
    assert_eq!(theirs.len(), msgs.len(), "one dissected packet per message");

    let (mut fields, mut agree) = (0usize, 0usize);
    let mut by_field: BTreeMap<&str, usize> = BTreeMap::new();
    let mut allowed_used: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for (m, t) in msgs.iter().zip(&theirs) {
        let ours = our_facts(m.kind, &m.bytes);
        let names: std::collections::BTreeSet<&&str> = ours.keys().chain(t.keys()).collect();
        for name in names {
            let empty = Vec::new();
            let (a, b) = (
                ours.get(*name).unwrap_or(&empty),
                t.get(*name).unwrap_or(&empty),
            );
            for i in 0..a.len().max(b.len()) {
                fields += 1;
                *by_field.entry(*name).or_default() += 1;
                let (x, y) = (a.get(i), b.get(i));
                if x == y {
                    agree += 1;
                    continue;
                }
                if let Some(al) = ALLOWED
                    .iter()
                    .find(|al| al.field == *name && m.source.contains(al.source_contains))
                {
                    *allowed_used.entry(al.reason).or_default() += 1;
                    continue;
                }
                failures.push(format!(
                    "{} [{}]: {name} #{i}: ours {x:?}, tshark {y:?}",
                    m.source,
                    hex(&m.bytes)
                ));
            }
        }
    }
    eprintln!(
        "tshark etsi_cat differential: {negative} suite wires rejected by our decoders (negative \
         vectors, not compared)"
    );
    eprintln!(
        "tshark etsi_cat differential: {} messages, {fields} fields compared, {agree} agree, \
         {} allowlisted disagreements {allowed_used:?}; fields compared by name: {by_field:?}",
        msgs.len(),
        fields - agree - failures.len(),
    );
    assert!(
        failures.is_empty(),
        "{} disagreements with tshark:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn finds_the_cat_messages_inside_suite_wires() {
    // A FETCH answer carrying GET CHANNEL STATUS, a TERMINAL RESPONSE APDU, an ENVELOPE APDU, a
    // TERMINAL PROFILE APDU (no C-TLV), a STATUS answer (no data) and a PPG wire (no hex).
    let v = serde_json::json!({"vectors": [{"body": [
        {"wire": {"kind": "rapdu", "hex": "D009810301440082028182 9000"}},
        {"wire": {"kind": "apdu", "hex": "80140000 0C 810301440082028281830100"}},
        {"wire": {"kind": "apdu", "hex": "80C20000 09 D607990104 82028281"}},
        {"wire": {"kind": "apdu", "hex": "80100000 02 FFFF"}},
        {"wire": {"kind": "rapdu", "hex": "9000"}},
        {"wire": {"kind": "pap-multipart", "hex": null, "text": "--b--"}},
        {"wire": {"kind": "terminal-response", "hex": "810301440082028281830100"}}
    ]}]});
    let mut out = Vec::new();
    wire_messages(&v, "test", &mut out);
    let kinds: Vec<CatKind> = out.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [
            CatKind::Proactive,
            CatKind::TerminalResponse,
            CatKind::Envelope,
            CatKind::TerminalResponse
        ]
    );
    assert_eq!(out[0].bytes.first(), Some(&0xD0));
    assert_eq!(out[2].bytes.first(), Some(&0xD6));
    assert!(out.iter().all(|m| decodes(m.kind, &m.bytes)));
}
