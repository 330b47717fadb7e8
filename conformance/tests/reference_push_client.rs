//! The reference push client: scenario scripts, a proptest state-machine test of its invariants,
//! one distinguishing scenario per mutant, and the PPG and client run back to back.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use pushwake_codecs::pap::{
    Address, DeliveryMethod, MessageState, PapDocument, PapMessage, PushMessage, PushSubmission,
    QualityOfService, StatusCode, Timestamp,
};
use pushwake_conformance::ppg::mutants::{PushClientMutant, push_client_mutants};
use pushwake_conformance::ppg::reference::ota::{AbortReason, OtaId, OtaPush, OtaUplink};
use pushwake_conformance::ppg::reference::ppg::{Ppg, PpgConfig, PpgOutput};
use pushwake_conformance::ppg::reference::push_client::{PushClient, PushClientConfig};
use rstest::rstest;

const CLIENT: &str = "WAPPUSH=+15551234567/TYPE=PLMN@ppg.example.com";
const SIA: &str = "x-wap-application:push.sia";
const MMS: &str = "x-wap-application:mms.ua";

fn push(ota: u64, confirmed: bool, app: Option<&str>) -> OtaPush {
    OtaPush {
        ota_id: OtaId(ota),
        address: Address {
            address_value: CLIENT.to_owned(),
        },
        push_id: format!("p{ota}"),
        confirmed,
        app_id: app.map(str::to_owned),
        priority: None,
        content_type: "text/vnd.wap.si".to_owned(),
        content: vec![0x01, 0x02],
    }
}

fn only(apps: &[&str]) -> PushClientConfig {
    PushClientConfig {
        registered_app_ids: Some(apps.iter().map(|a| (*a).to_owned()).collect()),
        ..PushClientConfig::default()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Obs {
    Presented(u64),
    Ack(u64),
    Abort(u64, AbortReason),
}

fn run(config: PushClientConfig, mutant: Option<PushClientMutant>, pushes: &[OtaPush]) -> Vec<Obs> {
    let mut client = PushClient::with_mutant(config, mutant);
    let mut trace = Vec::new();
    for p in pushes {
        client.handle_push(p.clone());
        while let Some(presented) = client.poll_presented() {
            assert_eq!(&presented, p, "presents the push as received");
            trace.push(Obs::Presented(presented.ota_id.0));
        }
        while let Some(up) = client.poll_transmit() {
            trace.push(match up {
                OtaUplink::Ack { ota_id } => Obs::Ack(ota_id.0),
                OtaUplink::Abort { ota_id, reason } => Obs::Abort(ota_id.0, reason),
            });
        }
    }
    trace
}

use Obs::{Abort, Ack, Presented};

#[rstest]
// SIPPUSH-REQ7 / PAP-DM-UNCONFIRMED: presented, never answered.
#[case::unconfirmed_presented_not_acked(PushClientConfig::default(),
    vec![push(1, false, None)], vec![Presented(1)])]
// SIPPUSH-REQ8 / PAP-DM-CONFIRMED: presented and acknowledged.
#[case::confirmed_presented_and_acked(PushClientConfig::default(),
    vec![push(1, true, Some(SIA))], vec![Presented(1), Ack(1)])]
// PAP-CLIENT-ABORT: unregistered application -> abort USERPND (PAP 5028 at the PI).
#[case::confirmed_unregistered_app_aborted(only(&[MMS]),
    vec![push(1, true, Some(SIA))], vec![Abort(1, AbortReason::USERPND)])]
#[case::unconfirmed_unregistered_app_dropped_silently(only(&[MMS]),
    vec![push(1, false, Some(SIA))], vec![])]
#[case::missing_app_id_means_wml_ua(only(&["x-wap-application:wml.ua"]),
    vec![push(1, true, None)], vec![Presented(1), Ack(1)])]
#[case::abort_reason_configurable(
    PushClientConfig { abort_reason: AbortReason::USERDCU, ..only(&[MMS]) },
    vec![push(1, true, Some(SIA))], vec![Abort(1, AbortReason::USERDCU)])]
// OTA-DUPLICATE: a retransmission is answered again but not presented again.
#[case::duplicate_confirmed_reacked_not_presented(PushClientConfig::default(),
    vec![push(1, true, None), push(1, true, None)], vec![Presented(1), Ack(1), Ack(1)])]
#[case::duplicate_unregistered_reaborted(only(&[MMS]),
    vec![push(1, true, Some(SIA)), push(1, true, Some(SIA))],
    vec![Abort(1, AbortReason::USERPND), Abort(1, AbortReason::USERPND)])]
#[case::duplicate_unconfirmed_not_presented(PushClientConfig::default(),
    vec![push(1, false, None), push(1, false, None)], vec![Presented(1)])]
#[case::distinct_ids_each_presented(PushClientConfig::default(),
    vec![push(1, false, None), push(2, false, None)], vec![Presented(1), Presented(2)])]
// The duplicate memory is capped; the oldest id is forgotten first.
#[case::forgets_oldest_id_past_the_cap(PushClientConfig { max_remembered: 1, ..PushClientConfig::default() },
    vec![push(1, false, None), push(2, false, None), push(1, false, None), push(1, false, None)],
    vec![Presented(1), Presented(2), Presented(1)])]
fn scenario(
    #[case] config: PushClientConfig,
    #[case] pushes: Vec<OtaPush>,
    #[case] expected: Vec<Obs>,
) {
    assert_eq!(run(config, None, &pushes), expected);
}

// ---------------------------------------------------------------------------------------------
// Mutants.

fn mutant_scenario(mutant: PushClientMutant) -> (PushClientConfig, Vec<OtaPush>) {
    use PushClientMutant as M;
    match mutant {
        M::NeverAcks => (PushClientConfig::default(), vec![push(1, true, None)]),
        M::PresentsDuplicates => (
            PushClientConfig::default(),
            vec![push(1, false, None), push(1, false, None)],
        ),
        M::AcksUnregisteredApp => (only(&[MMS]), vec![push(1, true, Some(SIA))]),
        M::DuplicateNotReacked => (
            PushClientConfig::default(),
            vec![push(1, true, None), push(1, true, None)],
        ),
    }
}

#[rstest]
fn every_push_client_mutant_is_distinguished_by_its_scenario(#[values(0, 1, 2, 3)] index: usize) {
    let mutant = PushClientMutant::ALL[index];
    let (config, pushes) = mutant_scenario(mutant);
    let reference = run(config.clone(), None, &pushes);
    let mutated = run(config, Some(mutant), &pushes);
    assert_ne!(
        reference,
        mutated,
        "mutant {} not observable",
        mutant.name()
    );
}

#[test]
fn registry_lists_every_push_client_mutant() {
    assert_eq!(
        PushClientMutant::ALL.len(),
        4,
        "update the #[values] list above"
    );
    let names: Vec<_> = push_client_mutants().iter().map(|m| m.name).collect();
    assert_eq!(
        names,
        [
            "never-acks",
            "presents-duplicates",
            "acks-unregistered-app",
            "duplicate-not-reacked"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Property test: random pushes with repeated ids.

fn client_op() -> impl Strategy<Value = (u64, bool, u8)> {
    (1..6u64, any::<bool>(), 0..3u8)
}

fn app(k: u8) -> Option<&'static str> {
    match k {
        0 => None,
        1 => Some(SIA),
        _ => Some(MMS),
    }
}

/// Checks the client invariants on one run; returns the first violation.
fn check_client(mutant: Option<PushClientMutant>, ops: &[(u64, bool, u8)]) -> Result<(), String> {
    let config = only(&[MMS, "x-wap-application:wml.ua"]);
    let registered = config.registered_app_ids.clone().unwrap_or_default();
    let mut client = PushClient::with_mutant(config, mutant);
    let mut presented = BTreeSet::new();
    // The first (confirmed, app) seen per id decides the answer; the PPG never reuses an id for
    // different content, so later copies are retransmissions.
    let mut first: BTreeMap<u64, u8> = BTreeMap::new();
    for &(id, confirmed, k) in ops {
        let first_app = *first.entry(id).or_insert(k);
        let is_registered =
            registered.contains(app(first_app).unwrap_or("x-wap-application:wml.ua"));
        client.handle_push(push(id, confirmed, app(k)));
        let shown: Vec<_> = std::iter::from_fn(|| client.poll_presented()).collect();
        let sent: Vec<_> = std::iter::from_fn(|| client.poll_transmit()).collect();
        for p in &shown {
            // OTA-DUPLICATE: presented at most once.
            if !presented.insert(p.ota_id) {
                return Err(format!("{:?} presented twice", p.ota_id));
            }
        }
        let expected: Vec<OtaUplink> = match (confirmed, is_registered) {
            // SIPPUSH-REQ7: an unconfirmed push is never answered.
            (false, _) => vec![],
            // PAP-DM-CONFIRMED: every copy of a confirmed push is acknowledged.
            (true, true) => vec![OtaUplink::Ack { ota_id: OtaId(id) }],
            // PAP-CLIENT-ABORT.
            (true, false) => vec![OtaUplink::Abort {
                ota_id: OtaId(id),
                reason: AbortReason::USERPND,
            }],
        };
        if sent != expected {
            return Err(format!(
                "push {id} confirmed={confirmed}: sent {sent:?}, expected {expected:?}"
            ));
        }
        if !is_registered && !shown.is_empty() {
            return Err(format!("unregistered push {id} presented"));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn reference_client_keeps_its_invariants(ops in proptest::collection::vec(client_op(), 0..30)) {
        prop_assert_eq!(check_client(None, &ops), Ok(()));
    }
}

#[test]
fn invariant_checker_catches_every_client_mutant() {
    for &mutant in PushClientMutant::ALL {
        let ops: &[(u64, bool, u8)] = match mutant {
            PushClientMutant::NeverAcks => &[(1, true, 2)],
            PushClientMutant::PresentsDuplicates => &[(1, false, 2), (1, false, 2)],
            PushClientMutant::AcksUnregisteredApp => &[(1, true, 1)],
            PushClientMutant::DuplicateNotReacked => &[(1, true, 2), (1, true, 2)],
        };
        assert_eq!(check_client(None, ops), Ok(()), "reference on {mutant:?}");
        assert!(
            check_client(Some(mutant), ops).is_err(),
            "checker misses {mutant:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// PPG and client back to back (sans-IO loop): the OTA types line up end to end.

fn submission(id: &str, method: DeliveryMethod) -> PushSubmission {
    PushSubmission {
        app_id: None,
        control: PapDocument {
            product_name: None,
            message: PapMessage::PushMessage(PushMessage {
                push_id: id.to_owned(),
                deliver_before_timestamp: None,
                deliver_after_timestamp: None,
                source_reference: None,
                ppg_notify_requested_to: Some("http://pi.example.com/rn".to_owned()),
                progress_notes_requested: None,
                replace_push_id: None,
                replace_method: None,
                addresses: vec![Address {
                    address_value: CLIENT.to_owned(),
                }],
                quality_of_service: Some(QualityOfService {
                    delivery_method: Some(method),
                    ..QualityOfService::default()
                }),
            }),
        },
        content_type: "text/vnd.wap.si".to_owned(),
        content: b"<si/>".to_vec(),
        capabilities: None,
    }
}

/// Runs PPG -> client -> PPG until quiet; returns the result notifications' (state, code).
fn back_to_back(
    ppg: &mut Ppg,
    client: &mut PushClient,
    now: Timestamp,
    drop_first_ack: bool,
) -> Vec<(MessageState, StatusCode)> {
    let mut notifications = Vec::new();
    let mut dropped = !drop_first_ack;
    let mut now = now;
    for _ in 0..20 {
        let mut busy = false;
        while let Some(out) = ppg.poll_transmit() {
            busy = true;
            match out {
                PpgOutput::Ota(p) => client.handle_push(p),
                PpgOutput::Pap { doc, .. } => {
                    if let PapMessage::ResultnotificationMessage(rn) = doc.message {
                        notifications.push((rn.message_state, rn.code));
                    }
                }
            }
        }
        while let Some(up) = client.poll_transmit() {
            busy = true;
            if !dropped {
                dropped = true;
                continue;
            }
            ppg.handle_ota(now, up);
        }
        if !busy {
            match ppg.poll_timeout() {
                Some(t) if t.0 < 1000 => {
                    now = t;
                    ppg.handle_timeout(t);
                }
                _ => break,
            }
        }
    }
    notifications
}

#[rstest]
#[case::confirmed_registered_delivered(None, DeliveryMethod::Confirmed, false,
    vec![(MessageState::Delivered, StatusCode::OK)])]
#[case::confirmed_unregistered_aborted(Some(SIA), DeliveryMethod::Confirmed, false,
    vec![(MessageState::Aborted, StatusCode(5028))])]
#[case::unconfirmed_delivered(Some(SIA), DeliveryMethod::Unconfirmed, false,
    vec![(MessageState::Delivered, StatusCode::OK)])]
// A lost acknowledgement is repaired by the retransmission and the client's re-ack.
#[case::lost_ack_repaired_by_retransmission(None, DeliveryMethod::Confirmed, true,
    vec![(MessageState::Delivered, StatusCode::OK)])]
fn ppg_and_client_back_to_back(
    #[case] app_id: Option<&str>,
    #[case] method: DeliveryMethod,
    #[case] drop_first_ack: bool,
    #[case] expected: Vec<(MessageState, StatusCode)>,
) {
    let mut ppg = Ppg::new(PpgConfig {
        max_retransmissions: 1,
        ..PpgConfig::default()
    });
    let mut client = PushClient::new(only(&[MMS, "x-wap-application:wml.ua"]));
    let answer = ppg.handle_submission_for_app(
        Timestamp(0),
        submission("p1", method),
        app_id.map(str::to_owned),
    );
    let PapMessage::PushResponse(r) = answer.message else {
        panic!("expected push-response, got {answer:?}");
    };
    assert_eq!(r.result.code, StatusCode::ACCEPTED_FOR_PROCESSING);
    assert_eq!(
        back_to_back(&mut ppg, &mut client, Timestamp(0), drop_first_ack),
        expected
    );
}

#[test]
fn lost_ack_with_duplicate_not_reacked_mutant_ends_in_timeout() {
    let mut ppg = Ppg::new(PpgConfig {
        max_retransmissions: 1,
        ..PpgConfig::default()
    });
    let mut client = PushClient::with_mutant(
        PushClientConfig::default(),
        Some(PushClientMutant::DuplicateNotReacked),
    );
    ppg.handle_submission(Timestamp(0), submission("p1", DeliveryMethod::Confirmed));
    assert_eq!(
        back_to_back(&mut ppg, &mut client, Timestamp(0), true),
        vec![(MessageState::Timeout, StatusCode::SERVICE_FAILURE)]
    );
}
