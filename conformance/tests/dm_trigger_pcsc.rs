//! The committed `uicc` dm_trigger suites over the real PC/SC stack: a private pcscd (Debian `pcscd`
//! with `vsmartcard-vpcd`), the reference UICC served as the virtual card over the vpcd socket
//! protocol, and `pushwake run --iut pcsc:READER` reaching it through libpcsclite
//! (`PCSCLITE_CSOCK_NAME` names the private pcscd's socket). Every vector must pass or be
//! inconclusive exactly as in process.
//!
//! Needs root. Where the harness cannot run (not root, no namespaces, packages missing) the test
//! says so and passes without running, unless the environment variable `CI` is set: then it
//! fails.

#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

mod pcscd_harness;

use std::path::PathBuf;
use std::process::Command;

use pushwake_conformance::dm_trigger::iut::reference_uicc_config;
use pushwake_conformance::dmsc::pcscd::{Pcscd, PcscdConfig};
use pushwake_conformance::dmsc::reference::uicc::ReferenceUicc;
use pushwake_conformance::dmsc::vpcd::DEFAULT_READER;
use pushwake_conformance::suites;

fn start_or_skip(name: &str) -> Option<Pcscd> {
    pcscd_harness::start_or_skip(name, PcscdConfig::default())
}

#[test]
fn the_uicc_suites_pass_over_pcscd_and_vpcd() {
    for (_, role, name) in suites::default_suites()
        .into_iter()
        .filter(|(m, r, _)| *m == "dm_trigger" && *r == "uicc")
    {
        let Some(pcscd) = start_or_skip(&format!("dm-trigger-pcsc-{name}")) else {
            return;
        };
        let suite_path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(suites::committed_path("dm_trigger", role, name));
        let _server = pcscd
            .serve_card(0, Box::new(ReferenceUicc::new(reference_uicc_config())))
            .unwrap();
        let report = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("dm-trigger-pcsc-{name}-report"));
        let out = Command::new(env!("CARGO_BIN_EXE_pushwake"))
            .args(["run", "--quiet", "--suite"])
            .arg(&suite_path)
            .arg("--iut")
            .arg(format!("pcsc:{DEFAULT_READER}"))
            .arg("--report")
            .arg(&report)
            .env("PCSCLITE_CSOCK_NAME", pcscd.socket_path())
            .output()
            .unwrap();
        let run: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(report.join("run.json")).unwrap_or_default(),
        )
        .unwrap_or_default();
        let counts = &run["summary"]["counts"];
        assert!(
            counts["fail"] == 0 && counts["error"] == 0 && counts["pass"].as_u64().unwrap_or(0) > 0,
            "{name} over pcsc ({}): {counts}\n{}\n{}\npcscd log:\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            pcscd.log_tail()
        );
        println!("{name} over pcscd and vpcd: {counts}");
    }
}
