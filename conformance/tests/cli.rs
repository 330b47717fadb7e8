//! The `pushwake` command line as labs script it: exit codes, error messages, files written.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn pushwake(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pushwake"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn suite(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("vectors")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn decodes_open_channel_with_port_and_buffer_size() {
    let (code, out, _) = pushwake(&[
        "decode",
        "--as",
        "proactive",
        "D0 12 81 03 01 40 00 82 02 81 82 B9 02 05 DC BC 03 03 10 14",
    ]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["command"], "open_channel");
    assert_eq!(json["transport_level"]["port"], 4116);
    assert_eq!(json["buffer_size"]["size"], 1500);
}

#[test]
fn rapdu_decodes_response_data_and_status_word_and_encode_inverts_it() {
    // The answer to FETCH: a GET CHANNEL STATUS command, then 90 00.
    let hex = "D009810301440082028182 9000";
    let (code, json, err) = pushwake(&["decode", "--as", "rapdu", hex]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("decode prints JSON");
    assert_eq!(v["data"], "D009810301440082028182");
    let (code, out, err) = pushwake(&["encode", "--as", "rapdu", json.trim()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), hex.replace(' ', ""));
    // A lone SW1 is not a response APDU.
    let (code, _, err) = pushwake(&["decode", "--as", "rapdu", "90"]);
    assert_eq!(code, 1);
    assert!(err.contains("response APDU"), "{err}");
}

#[test]
fn decode_line_prints_the_one_line_view_the_report_shows() {
    let (code, out, err) = pushwake(&[
        "decode",
        "--as",
        "rapdu",
        "--line",
        "D009810301440082028182 9000",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "PROACTIVE COMMAND: GET CHANNEL STATUS (qualifier 00)\n"
    );
    let (code, out, err) = pushwake(&["decode", "--as", "apdu", "--line", "80 12 00 00 1A"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "FETCH (Le 1A)\n");
    // Bytes that do not decode fail as without --line.
    let (code, _, err) = pushwake(&["decode", "--as", "rapdu", "--line", "90"]);
    assert_eq!(code, 1);
    assert!(err.contains("response APDU: truncated at byte 1"), "{err}");
    // A kind without a view says so (the bytes decode: a BER-TLV D0 of length 0).
    let (code, _, err) = pushwake(&["decode", "--as", "ber-tlv", "--line", "D0 00"]);
    assert_ne!(code, 0);
    assert!(err.contains("kind ber-tlv has no one-line view"), "{err}");
}

#[test]
fn bad_input_exits_1_naming_the_structure_and_offset() {
    let (code, _, err) = pushwake(&["decode", "--as", "proactive", "D0 12 81 03 01 40"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("proactive command") && err.contains("at byte"),
        "{err}"
    );
}

#[test]
fn bad_hex_input_exits_2_with_the_offset_of_the_bad_digit() {
    let (code, _, err) = pushwake(&["decode", "--as", "proactive", "D0 1G 81"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("reading the hex input") && err.contains("'G' is not a hex digit, at byte 4"),
        "{err}"
    );
    let (code, _, err) = pushwake(&["decode", "--as", "proactive", "D0 1"]);
    assert_eq!(code, 2);
    assert!(err.contains("odd number of digits (3)"), "{err}");
}

#[test]
fn encode_inverts_decode() {
    let hex = "D01281030140008202818282B90205DCBC03031014".replace("8282", "82");
    let (_, json, _) = pushwake(&["decode", "--as", "proactive", &hex]);
    let (code, out, _) = pushwake(&["encode", "--as", "proactive", json.trim()]);
    assert_eq!(code, 0);
    assert_eq!(out.trim(), hex);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(pushwake(&["decode", "--as", "no-such-kind", "00"]).0, 2);
    assert_eq!(pushwake(&["frobnicate"]).0, 2);
    assert_eq!(
        pushwake(&[
            "run",
            "--suite",
            &suite("ppg-ppg.json"),
            "--iut",
            "reference:ppg?mutant=nope"
        ])
        .0,
        2
    );
}

#[test]
fn a_zero_vector_timeout_is_a_usage_error() {
    let (code, _, err) = pushwake(&[
        "run",
        "--suite",
        &suite("ppg-ppg.json"),
        "--iut",
        "reference:ppg",
        "--timeout-ms",
        "0",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--timeout-ms"), "{err}");
}

#[test]
fn lists_every_kind_and_mutant() {
    let (code, out, _) = pushwake(&["list", "kinds"]);
    assert_eq!(code, 0);
    for k in [
        "pap",
        "multipart",
        "pkg0",
        "sms",
        "proactive",
        "envelope",
        "terminal-response",
        "terminal-profile",
        "apdu",
        "rapdu",
        "ctlv",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(k)),
            "kind {k} missing:\n{out}"
        );
    }
    let (_, out, _) = pushwake(&["list", "mutants"]);
    assert!(
        out.lines()
            .filter(|l| l.starts_with("reference:ppg?mutant="))
            .count()
            >= 8
    );
}

#[test]
fn a_run_against_the_reference_passes_and_writes_reports() {
    let dir = std::env::temp_dir().join(format!("pushwake-cli-{}", std::process::id()));
    let (code, out, err) = pushwake(&[
        "--quiet",
        "run",
        "--suite",
        &suite("ppg-ppg.json"),
        "--iut",
        "reference:ppg",
        "--report",
        &dir.display().to_string(),
    ]);
    assert_eq!(code, 0, "{out}\n{err}");
    for f in ["run.json", "junit.xml", "report.html"] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unknown_ics_item_is_an_error_listing_the_known_ones() {
    let dir = std::env::temp_dir().join(format!("pushwake-cli-ics-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let ics = dir.join("lab.ics.json");
    std::fs::write(&ics, r#"{"items": {"PPG-CANCLE": false}}"#).expect("ics");
    let (code, _, err) = pushwake(&[
        "--quiet",
        "run",
        "--suite",
        &suite("ppg-ppg-timing.json"),
        "--iut",
        "reference:ppg",
        "--ics",
        &ics.display().to_string(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown ICS item(s) PPG-CANCLE"), "{err}");
    assert!(err.contains("PPG-CANCEL, PPG-STATUS-QUERY"), "{err}");
    let (code, out, _) = pushwake(&["list", "ics"]);
    assert_eq!(code, 0);
    assert!(out.lines().any(|l| l.contains("PPG-CANCEL")), "{out}");
}

#[test]
fn a_run_records_the_ics_it_used_and_its_digest() {
    let dir = std::env::temp_dir().join(format!("pushwake-cli-icsrun-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let ics = dir.join("lab.ics.json");
    std::fs::write(&ics, r#"{"items": {"PPG-CANCEL": false}}"#).expect("ics");
    let report = dir.join("report");
    let (code, out, err) = pushwake(&[
        "--quiet",
        "run",
        "--suite",
        &suite("ppg-ppg-timing.json"),
        "--iut",
        "reference:ppg",
        "--ics",
        &ics.display().to_string(),
        "--report",
        &report.display().to_string(),
    ]);
    assert_eq!(code, 0, "{out}\n{err}");
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report.join("run.json")).expect("run.json"))
            .expect("JSON");
    let used = &run["run"]["ics"];
    assert_eq!(used["source"], ics.display().to_string());
    assert_eq!(used["items"]["PPG-CANCEL"], false);
    assert!(
        used["digest"]
            .as_str()
            .is_some_and(|d| d.starts_with("sha256:") && d.len() == 71),
        "{used}"
    );
    // Vectors that cancel do not apply.
    assert!(
        run["summary"]["counts"]["none"]
            .as_u64()
            .is_some_and(|n| n > 0),
        "{}",
        run["summary"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_run_against_a_mutant_exits_1() {
    let (code, out, err) = pushwake(&[
        "--quiet",
        "run",
        "--suite",
        &suite("ppg-ppg.json"),
        "--iut",
        "reference:ppg?mutant=notifies-twice",
    ]);
    assert_eq!(code, 1, "{out}\n{err}");
}

#[test]
fn partitions_run_disjoint_parts() {
    let (code, out, _) = pushwake(&[
        "--quiet",
        "run",
        "--suite",
        &suite("ppg-push-client.json"),
        "--iut",
        "reference:push-client",
        "--partition",
        "2/3",
    ]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        pushwake(&[
            "run",
            "--suite",
            &suite("ppg-push-client.json"),
            "--iut",
            "reference:push-client",
            "--partition",
            "4/3"
        ])
        .0,
        2
    );
}

/// Runs `pushwake` with `stdin` piped in (written from another thread; a write the binary no
/// longer reads is ignored).
fn pushwake_stdin(args: &[&str], stdin: Vec<u8>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pushwake"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut pipe = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&stdin);
    });
    let out = child.wait_with_output().expect("runs");
    writer.join().expect("writer");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_file(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("pushwake-cli-{}-{name}", std::process::id()))
}

const MIB_16: usize = 16 * 1024 * 1024;

#[test]
fn decode_refuses_standard_input_over_the_16_mib_cap_with_exit_2() {
    let (code, out, err) = pushwake_stdin(&["decode", "--as", "pap", "-"], vec![b' '; MIB_16 + 1]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(out, "");
    assert!(
        err.contains("standard input is larger than the input cap of 16 MiB")
            && err.contains("16777216 bytes"),
        "{err}"
    );
}

#[test]
fn decode_reads_standard_input_of_exactly_the_cap_and_hands_it_to_the_decoder() {
    // 16 MiB is read; the PAP decoder's own 64 KiB cap then refuses it (exit 1, not 2).
    let (code, _, err) = pushwake_stdin(&["decode", "--as", "pap", "-"], vec![b' '; MIB_16]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("XML document: exceeds the size cap at byte 65536"),
        "{err}"
    );
}

#[test]
fn decode_and_encode_refuse_a_file_over_the_cap_before_reading_it() {
    let path = temp_file("big.bin");
    let file = std::fs::File::create(&path).expect("create");
    // Sparse: the length is what counts.
    file.set_len(MIB_16 as u64 + 1).expect("set_len");
    let arg = format!("@{}", path.display());
    for cmd in ["decode", "encode"] {
        let (code, _, err) = pushwake(&[cmd, "--as", "pap", &arg]);
        assert_eq!(code, 2, "{cmd}: {err}");
        assert!(
            err.contains("is larger than the input cap of 16 MiB"),
            "{cmd}: {err}"
        );
    }
    let _ = std::fs::remove_file(&path);
}

#[test]
fn encode_refuses_standard_input_over_the_cap() {
    let (code, _, err) = pushwake_stdin(&["encode", "--as", "pap", "-"], vec![b' '; MIB_16 + 1]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("standard input is larger than the input cap"),
        "{err}"
    );
}

fn codecs_fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../codecs/tests/files/pap")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn decodes_a_multipart_submission_given_with_its_content_type_line() {
    let arg = format!("@{}", codecs_fixture("multipart-entity-kannel-si.bin"));
    let (code, out, err) = pushwake(&["decode", "--as", "multipart", &arg]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["boundary"], "asdlfkjiurwghasf");
    assert_eq!(json["submission"]["content_type"], "text/vnd.wap.si");
    assert_eq!(
        json["submission"]["control"]["message"]["push_id"],
        "9fjeo39jf084@pi.com"
    );
    assert_eq!(json["submission"]["capabilities"], serde_json::Value::Null);
}

#[test]
fn multipart_encode_inverts_decode() {
    // decode, encode, decode gives the same JSON; encoding that again gives the same bytes.
    let (_, json, _) = pushwake(&[
        "decode",
        "--as",
        "multipart",
        &format!("@{}", codecs_fixture("multipart-entity-kannel-si.bin")),
    ]);
    let (code, hex, err) = pushwake(&["encode", "--as", "multipart", json.trim()]);
    assert_eq!(code, 0, "{err}");
    let (code, again, err) = pushwake(&["decode", "--as", "multipart", hex.trim()]);
    assert_eq!(code, 0, "{err}");
    let (code, hex_again, _) = pushwake(&["encode", "--as", "multipart", again.trim()]);
    assert_eq!(code, 0);
    assert_eq!(hex_again, hex);
    let (a, b): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(&json).expect("JSON"),
        serde_json::from_str(&again).expect("JSON"),
    );
    assert_eq!(a, b);
}

#[test]
fn multipart_encode_chooses_a_boundary_when_none_is_given_and_refuses_an_unsafe_one() {
    let (_, json, _) = pushwake(&[
        "decode",
        "--as",
        "multipart",
        &format!("@{}", codecs_fixture("multipart-entity-kannel-si.bin")),
    ]);
    let mut v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    v.as_object_mut().expect("object").remove("boundary");
    let (code, hex, err) = pushwake(&["encode", "--as", "multipart", &v.to_string()]);
    assert_eq!(code, 0, "{err}");
    let (_, decoded, _) = pushwake(&["decode", "--as", "multipart", hex.trim()]);
    let d: serde_json::Value = serde_json::from_str(&decoded).expect("JSON");
    assert_eq!(d["boundary"], "pushwake-boundary-0");
    assert_eq!(d["submission"], v["submission"]);

    // A boundary that is not RFC 2046 bchars, and one a part contains as `--B`.
    v["boundary"] = serde_json::Value::from("a b ");
    let (code, _, err) = pushwake(&["encode", "--as", "multipart", &v.to_string()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("boundary \"a b \" cannot frame this submission"),
        "{err}"
    );
    v["submission"]["content"] = serde_json::Value::from(b"x\r\n--pw\r\ny".to_vec());
    v["boundary"] = serde_json::Value::from("pw");
    let (code, _, err) = pushwake(&["encode", "--as", "multipart", &v.to_string()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("boundary \"pw\" cannot frame this submission"),
        "{err}"
    );
}

#[test]
fn multipart_without_its_content_type_line_exits_1_naming_the_structure_and_offset() {
    let arg = format!("@{}", codecs_fixture("multipart-kannel-si.bin"));
    let (code, _, err) = pushwake(&["decode", "--as", "multipart", &arg]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("Content-Type header line: syntax error at byte 0"),
        "{err}"
    );
}
