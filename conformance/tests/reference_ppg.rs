//! The reference PPG: scenario scripts per requirement id (ppg-requirements.md), a proptest
//! state-machine test of its invariants, and one distinguishing scenario per built-in mutant.

use proptest::prelude::*;
use pushwake_codecs::pap::{
    Address, CancelMessage, CcqMessage, DeliveryMethod, MessageState, PapDocument, PapMessage,
    Priority, PushMessage, PushSubmission, QualityOfService, ResultNotificationResponse,
    StatusCode, StatusQueryMessage, Timestamp,
};
use pushwake_conformance::ppg::mutants::{PpgMutant, ppg_mutants};
use pushwake_conformance::ppg::reference::ota::{AbortReason, OtaId, OtaUplink};
use pushwake_conformance::ppg::reference::ppg::{MalformedReason, Ppg, PpgConfig, PpgOutput};
use rstest::rstest;

const CLIENT: &str = "WAPPUSH=+15551234567/TYPE=PLMN@ppg.example.com";
const CLIENT2: &str = "WAPPUSH=+15557654321/TYPE=PLMN@ppg.example.com";
const PI_NOTIFY: &str = "http://pi.example.com/notify";

// ---------------------------------------------------------------------------------------------
// Script language: inputs with times, and a compact summary of every observation.

#[derive(Clone, Debug)]
struct Sub {
    id: &'static str,
    method: Option<DeliveryMethod>,
    after: Option<i64>,
    before: Option<i64>,
    notify: bool,
    notes: bool,
    addresses: Vec<&'static str>,
    app_id: Option<&'static str>,
    replace: bool,
}

fn sub(id: &'static str) -> Sub {
    Sub {
        id,
        method: None,
        after: None,
        before: None,
        notify: false,
        notes: false,
        addresses: vec![CLIENT],
        app_id: None,
        replace: false,
    }
}

impl Sub {
    fn method(mut self, m: DeliveryMethod) -> Self {
        self.method = Some(m);
        self
    }
    fn confirmed(self) -> Self {
        self.method(DeliveryMethod::Confirmed)
    }
    fn after(mut self, t: i64) -> Self {
        self.after = Some(t);
        self
    }
    fn before(mut self, t: i64) -> Self {
        self.before = Some(t);
        self
    }
    fn notify(mut self) -> Self {
        self.notify = true;
        self
    }
    fn notes(mut self) -> Self {
        self.notes = true;
        self
    }
    fn addresses(mut self, a: Vec<&'static str>) -> Self {
        self.addresses = a;
        self
    }
    fn app(mut self, app: &'static str) -> Self {
        self.app_id = Some(app);
        self
    }

    fn push_message(&self) -> PushMessage {
        PushMessage {
            push_id: self.id.to_owned(),
            deliver_before_timestamp: self.before.map(Timestamp),
            deliver_after_timestamp: self.after.map(Timestamp),
            source_reference: None,
            ppg_notify_requested_to: self.notify.then(|| PI_NOTIFY.to_owned()),
            progress_notes_requested: self.notes.then_some(true),
            replace_push_id: self.replace.then(|| "p1".to_owned()),
            replace_method: self.replace.then(|| "all".to_owned()),
            addresses: self
                .addresses
                .iter()
                .map(|a| Address {
                    address_value: (*a).to_owned(),
                })
                .collect(),
            quality_of_service: self.method.clone().map(|m| QualityOfService {
                delivery_method: Some(m),
                ..QualityOfService::default()
            }),
        }
    }

    fn submission(&self) -> PushSubmission {
        PushSubmission {
            control: doc(PapMessage::PushMessage(self.push_message())),
            content_type: "text/vnd.wap.si".to_owned(),
            app_id: None,
            content: b"<si/>".to_vec(),
            capabilities: None,
        }
    }
}

#[derive(Clone, Debug)]
enum In {
    Submit(i64, Sub),
    Cancel(i64, &'static str),
    Query(i64, &'static str),
    Ccq(i64),
    Malformed(i64, MalformedReason),
    Pap(i64, PapMessage),
    Ack(i64, u64),
    Abort(i64, u64, AbortReason),
    Tick(i64),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Obs {
    PushResp(&'static str, u16, usize),
    CancelResp(&'static str, u16),
    Status(&'static str, MessageState, u16),
    Ccq(u16),
    BadMsg(u16),
    Ota(u64, &'static str, bool),
    Rn(&'static str, MessageState, u16),
    Other(String),
}

fn doc(message: PapMessage) -> PapDocument {
    PapDocument {
        product_name: None,
        message,
    }
}

/// Interns a push-id seen in an output as one of the ids the script used.
fn intern(id: &str) -> &'static str {
    ["p1", "p2", "p3", "p4"]
        .into_iter()
        .find(|known| *known == id)
        .unwrap_or("?")
}

fn summarize_answer(doc: PapDocument) -> Obs {
    match doc.message {
        PapMessage::PushResponse(r) => {
            Obs::PushResp(intern(&r.push_id), r.result.code.0, r.progress_notes.len())
        }
        PapMessage::CancelResponse(r) => {
            assert_eq!(r.results.len(), 1, "one cancel-result per addressed set");
            Obs::CancelResp(intern(&r.push_id), r.results[0].code.0)
        }
        PapMessage::StatusqueryResponse(r) => {
            assert_eq!(r.results.len(), 1);
            let res = &r.results[0];
            Obs::Status(intern(&r.push_id), res.message_state.clone(), res.code.0)
        }
        PapMessage::CcqResponse(r) => Obs::Ccq(r.code.0),
        PapMessage::BadmessageResponse(r) => Obs::BadMsg(r.code.0),
        other => Obs::Other(format!("{other:?}")),
    }
}

fn summarize_output(out: PpgOutput) -> Obs {
    match out {
        PpgOutput::Ota(p) => Obs::Ota(p.ota_id.0, intern(&p.push_id), p.confirmed),
        PpgOutput::Pap { to, doc } => match doc.message {
            PapMessage::ResultnotificationMessage(rn) => {
                assert_eq!(
                    to, PI_NOTIFY,
                    "notification goes to ppg-notify-requested-to"
                );
                Obs::Rn(intern(&rn.push_id), rn.message_state, rn.code.0)
            }
            other => Obs::Other(format!("{other:?}")),
        },
    }
}

fn step(ppg: &mut Ppg, input: In, trace: &mut Vec<Obs>) {
    match input {
        In::Submit(t, s) => {
            let d = ppg.handle_submission_for_app(
                Timestamp(t),
                s.submission(),
                s.app_id.map(str::to_owned),
            );
            trace.push(summarize_answer(d));
        }
        In::Cancel(t, id) => {
            let d = ppg.handle_pap(
                Timestamp(t),
                doc(PapMessage::CancelMessage(CancelMessage {
                    push_id: id.to_owned(),
                    addresses: Vec::new(),
                })),
            );
            trace.push(summarize_answer(d));
        }
        In::Query(t, id) => {
            let d = ppg.handle_pap(
                Timestamp(t),
                doc(PapMessage::StatusqueryMessage(StatusQueryMessage {
                    push_id: id.to_owned(),
                    addresses: Vec::new(),
                })),
            );
            trace.push(summarize_answer(d));
        }
        In::Ccq(t) => {
            let d = ppg.handle_pap(
                Timestamp(t),
                doc(PapMessage::CcqMessage(CcqMessage {
                    query_id: "q1".to_owned(),
                    app_id: None,
                    address: Address {
                        address_value: CLIENT.to_owned(),
                    },
                })),
            );
            trace.push(summarize_answer(d));
        }
        In::Malformed(t, reason) => {
            trace.push(summarize_answer(ppg.handle_malformed(Timestamp(t), reason)))
        }
        In::Pap(t, message) => {
            trace.push(summarize_answer(ppg.handle_pap(Timestamp(t), doc(message))))
        }
        In::Ack(t, id) => ppg.handle_ota(Timestamp(t), OtaUplink::Ack { ota_id: OtaId(id) }),
        In::Abort(t, id, reason) => ppg.handle_ota(
            Timestamp(t),
            OtaUplink::Abort {
                ota_id: OtaId(id),
                reason,
            },
        ),
        In::Tick(t) => ppg.handle_timeout(Timestamp(t)),
    }
    while let Some(out) = ppg.poll_transmit() {
        trace.push(summarize_output(out));
    }
}

fn run(config: PpgConfig, mutant: Option<PpgMutant>, script: &[In]) -> Vec<Obs> {
    let mut ppg = Ppg::with_mutant(config, mutant);
    let mut trace = Vec::new();
    for input in script {
        step(&mut ppg, input.clone(), &mut trace);
    }
    trace
}

fn cfg() -> PpgConfig {
    PpgConfig::default()
}

fn no_confirmed() -> PpgConfig {
    PpgConfig {
        confirmed_possible: false,
        ..PpgConfig::default()
    }
}

use MessageState::{Aborted, Cancelled, Delivered, Expired, Pending, Timeout, Undeliverable};
use Obs::{BadMsg, CancelResp, Ccq, Ota, PushResp, Rn, Status};

// ---------------------------------------------------------------------------------------------
// Scenario scripts, one or more per requirement id.

#[rstest]
// PAP-SUBMIT-ACCEPT + PAP-DM-UNCONFIRMED + SIPPUSH-REQ7: 1001, handed to the bearer -> delivered.
#[case::submit_accept_unconfirmed_delivered("PAP-SUBMIT-ACCEPT", cfg(),
    vec![In::Submit(0, sub("p1").notify()), In::Query(1, "p1")],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", false), Rn("p1", Delivered, 1000),
         Status("p1", Delivered, 1000)])]
#[case::submit_accept_notspecified_is_unconfirmed("PAP-SUBMIT-ACCEPT", cfg(),
    vec![In::Submit(0, sub("p1").method(DeliveryMethod::Notspecified))],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", false)])]
// PAP-SUBMIT-BADMSG: 2000 / 3002, nothing kept.
#[case::badmsg_malformed_2000("PAP-SUBMIT-BADMSG", cfg(),
    vec![In::Malformed(0, MalformedReason::BadRequest { fragment: None }), In::Query(0, "p1")],
    vec![BadMsg(2000), Status("p1", MessageState::Unknown, 2004)])]
#[case::badmsg_version_3002("PAP-SUBMIT-BADMSG", cfg(),
    vec![In::Malformed(0, MalformedReason::UnsupportedVersion { fragment: None })],
    vec![BadMsg(3002)])]
#[case::badmsg_push_message_without_content("PAP-SUBMIT-BADMSG", cfg(),
    vec![In::Pap(0, PapMessage::PushMessage(sub("p1").push_message())), In::Query(0, "p1")],
    vec![BadMsg(2000), Status("p1", MessageState::Unknown, 2004)])]
#[case::badmsg_no_address("PAP-SUBMIT-BADMSG", cfg(),
    vec![In::Submit(0, sub("p1").addresses(vec![])), In::Query(0, "p1")],
    vec![BadMsg(2000), Status("p1", MessageState::Unknown, 2004)])]
#[case::badmsg_delivery_method_outside_dtd("PAP-SUBMIT-BADMSG", cfg(),
    vec![In::Submit(0, sub("p1").method(DeliveryMethod::Other("maybe".into())))],
    vec![BadMsg(2000)])]
#[case::badmsg_response_document_as_request("PAP-SUBMIT-BADMSG", cfg(),
    vec![In::Pap(0, PapMessage::ResultnotificationResponse(ResultNotificationResponse {
        push_id: "p1".into(), code: StatusCode::OK, desc: None, address: None }))],
    vec![BadMsg(2000)])]
// PAP-SUBMIT-REFUSE: 2xxx/3xxx, nothing kept, no notification (PAP-RN-ONCE).
#[case::refuse_address_error("PAP-SUBMIT-REFUSE", cfg(),
    vec![In::Submit(0, sub("p1").addresses(vec!["+15551234567"]).notify()), In::Query(0, "p1")],
    vec![PushResp("p1", 2002, 0), Status("p1", MessageState::Unknown, 2004)])]
#[case::accepts_lowercase_wappush_prefix("PAP-SUBMIT-ACCEPT", cfg(),
    vec![In::Submit(0, sub("p1").addresses(vec!["wappush=+15551234567/type=PLMN@ppg.example.com"]))],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", false)])]
#[case::refuse_replace_not_implemented("PAP-SUBMIT-REFUSE", cfg(),
    vec![In::Pap(0, PapMessage::CancelMessage(CancelMessage { push_id: "p1".into(), addresses: vec![] })),
         In::Submit(0, Sub { replace: true, ..sub("p2") })],
    vec![CancelResp("p1", 2004), PushResp("p2", 3001, 0)])]
#[case::refuse_multiple_addresses("PAP-MULTI-ADDRESS",
    PpgConfig { multiple_addresses_supported: false, ..cfg() },
    vec![In::Submit(0, sub("p1").addresses(vec![CLIENT, CLIENT2]))],
    vec![PushResp("p1", 3005, 0)])]
#[case::refuse_one_address_twice("PAP-SUBMIT-REFUSE", cfg(),
    vec![In::Submit(0, sub("p1").addresses(vec![CLIENT, CLIENT]))],
    vec![PushResp("p1", 2002, 0)])]
// PAP-MULTI-ADDRESS / PAP-RN-ADDRESS: each address delivered and notified on its own.
#[case::multiple_addresses_each_delivered_and_notified("PAP-MULTI-ADDRESS", cfg(),
    vec![In::Submit(0, sub("p1").addresses(vec![CLIENT, CLIENT2]).notify())],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", false), Rn("p1", MessageState::Delivered, 1000),
         Ota(2, "p1", false), Rn("p1", MessageState::Delivered, 1000)])]
#[case::refuse_at_capacity("PAP-SUBMIT-REFUSE", PpgConfig { max_held_messages: 1, ..cfg() },
    vec![In::Submit(0, sub("p1")), In::Submit(0, sub("p2"))],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", false), PushResp("p2", 3003, 0)])]
// PAP-PUSHID-DUP: 2007 while held (pending or final within retention); reusable once forgotten.
#[case::dup_while_pending("PAP-PUSHID-DUP", cfg(),
    vec![In::Submit(0, sub("p1").after(100)), In::Submit(1, sub("p1"))],
    vec![PushResp("p1", 1001, 0), PushResp("p1", 2007, 0)])]
#[case::dup_while_final_and_held("PAP-PUSHID-DUP", cfg(),
    vec![In::Submit(0, sub("p1")), In::Submit(1, sub("p1"))],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", false), PushResp("p1", 2007, 0)])]
#[case::dup_id_reusable_after_retention("PAP-PUSHID-DUP", PpgConfig { retention_secs: 10, ..cfg() },
    vec![In::Submit(0, sub("p1")), In::Submit(10, sub("p1"))],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", false), PushResp("p1", 1001, 0),
         Ota(2, "p1", false)])]
// PAP-TS-BEFORE-PAST: refused (2001 following Kannel; configurable, UNVERIFIED).
#[case::before_past_refused("PAP-TS-BEFORE-PAST", cfg(),
    vec![In::Submit(10, sub("p1").before(5).notify())],
    vec![PushResp("p1", 2001, 0)])]
#[case::before_equal_now_refused("PAP-TS-BEFORE-PAST", cfg(),
    vec![In::Submit(10, sub("p1").before(10))],
    vec![PushResp("p1", 2001, 0)])]
#[case::before_past_code_configurable("PAP-TS-BEFORE-PAST", 
    PpgConfig { deliver_before_past_code: StatusCode::BAD_REQUEST, ..cfg() },
    vec![In::Submit(10, sub("p1").before(5))],
    vec![PushResp("p1", 2000, 0)])]
// PAP-TS-AFTER-HOLD: not delivered before deliver-after.
#[case::after_holds_until_time("PAP-TS-AFTER-HOLD", cfg(),
    vec![In::Submit(0, sub("p1").after(100)), In::Tick(99), In::Query(99, "p1"), In::Tick(100)],
    vec![PushResp("p1", 1001, 0), Status("p1", Pending, 1001), Ota(1, "p1", false)])]
// PAP-TS-BEFORE-EXPIRE + PAP-NO-DELIVERY-AFTER-FINAL: expired, never delivered.
#[case::before_expires_held_message("PAP-TS-BEFORE-EXPIRE", cfg(),
    vec![In::Submit(0, sub("p1").after(100).before(50).notify()), In::Tick(49), In::Tick(50),
         In::Tick(100), In::Query(101, "p1")],
    vec![PushResp("p1", 1001, 0), Rn("p1", Expired, 4000), Status("p1", Expired, 4000)])]
// PAP-DM-CONFIRMED + SIPPUSH-REQ8: delivered only on the acknowledgement.
#[case::confirmed_delivered_on_ack("PAP-DM-CONFIRMED", cfg(),
    vec![In::Submit(0, sub("p1").confirmed().notify()), In::Query(1, "p1"), In::Ack(5, 1),
         In::Query(6, "p1")],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", true), Status("p1", Pending, 1001),
         Rn("p1", Delivered, 1000), Status("p1", Delivered, 1000)])]
#[case::confirmed_ack_for_unknown_ota_ignored("PAP-DM-CONFIRMED", cfg(),
    vec![In::Submit(0, sub("p1").confirmed()), In::Ack(5, 7), In::Query(6, "p1")],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", true), Status("p1", Pending, 1001)])]
// PAP-DM-CONFIRMED-TIMEOUT.
#[case::confirmed_times_out("PAP-DM-CONFIRMED-TIMEOUT", cfg(),
    vec![In::Submit(0, sub("p1").confirmed().notify()), In::Tick(59), In::Tick(60),
         In::Ack(61, 1), In::Query(62, "p1")],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", true), Rn("p1", Timeout, 4000),
         Status("p1", Timeout, 4000)])]
#[case::ack_at_deadline_is_late("PAP-DM-CONFIRMED-TIMEOUT", cfg(),
    vec![In::Submit(0, sub("p1").confirmed().notify()), In::Ack(60, 1)],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", true), Rn("p1", Timeout, 4000)])]
#[case::ack_before_deadline_is_in_time("PAP-DM-CONFIRMED", cfg(),
    vec![In::Submit(0, sub("p1").confirmed().notify()), In::Ack(59, 1)],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", true), Rn("p1", Delivered, 1000)])]
#[case::confirmed_retransmits_same_ota_id_then_times_out("PAP-DM-CONFIRMED-TIMEOUT", 
    PpgConfig { max_retransmissions: 1, ..cfg() },
    vec![In::Submit(0, sub("p1").confirmed().notify()), In::Tick(60), In::Tick(120)],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", true), Ota(1, "p1", true),
         Rn("p1", Timeout, 4000)])]
#[case::confirmed_no_retransmission_after_deliver_before("PAP-DM-CONFIRMED-TIMEOUT", 
    PpgConfig { max_retransmissions: 3, ..cfg() },
    vec![In::Submit(0, sub("p1").confirmed().before(30).notify()), In::Tick(60)],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", true), Rn("p1", Timeout, 4000)])]
// PAP-DM-PREFERCONFIRMED.
#[case::preferconfirmed_falls_back_to_unconfirmed("PAP-DM-PREFERCONFIRMED", no_confirmed(),
    vec![In::Submit(0, sub("p1").method(DeliveryMethod::Preferconfirmed).notify())],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", false), Rn("p1", Delivered, 1000)])]
#[case::preferconfirmed_confirmed_where_possible("PAP-DM-PREFERCONFIRMED", cfg(),
    vec![In::Submit(0, sub("p1").method(DeliveryMethod::Preferconfirmed))],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", true)])]
#[case::confirmed_refused_where_not_possible("PAP-DM-PREFERCONFIRMED", no_confirmed(),
    vec![In::Submit(0, sub("p1").confirmed())],
    vec![PushResp("p1", 3007, 0)])]
// PAP-CLIENT-ABORT: aborted, 5xxx.
#[case::client_abort("PAP-CLIENT-ABORT", cfg(),
    vec![In::Submit(0, sub("p1").confirmed().notify()), In::Abort(3, 1, AbortReason::USERPND),
         In::Query(4, "p1")],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", true), Rn("p1", Aborted, 5028),
         Status("p1", Aborted, 5028)])]
// PAP-CANCEL-PENDING.
#[case::cancel_pending("PAP-CANCEL-PENDING", cfg(),
    vec![In::Submit(0, sub("p1").after(100).notify()), In::Cancel(10, "p1"), In::Tick(100),
         In::Query(101, "p1")],
    vec![PushResp("p1", 1001, 0), CancelResp("p1", 1000), Rn("p1", Cancelled, 1000),
         Status("p1", Cancelled, 1000)])]
#[case::cancel_in_flight_confirmed("PAP-CANCEL-PENDING", cfg(),
    vec![In::Submit(0, sub("p1").confirmed()), In::Cancel(1, "p1"), In::Ack(2, 1),
         In::Query(3, "p1")],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", true), CancelResp("p1", 1000),
         Status("p1", Cancelled, 1000)])]
#[case::cancel_in_flight_refused_when_configured("PAP-CANCEL-PENDING", 
    PpgConfig { cancel_in_flight: false, ..cfg() },
    vec![In::Submit(0, sub("p1").confirmed()), In::Cancel(1, "p1")],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", true), CancelResp("p1", 2008)])]
// PAP-CANCEL-NOT-PENDING.
#[case::cancel_delivered("PAP-CANCEL-NOT-PENDING", cfg(),
    vec![In::Submit(0, sub("p1")), In::Cancel(1, "p1")],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", false), CancelResp("p1", 2008)])]
// PAP-CANCEL-UNKNOWN.
#[case::cancel_unknown("PAP-CANCEL-UNKNOWN", cfg(), vec![In::Cancel(0, "p1")], vec![CancelResp("p1", 2004)])]
// PAP-STATUS-QUERY.
#[case::status_unknown("PAP-STATUS-QUERY", cfg(), vec![In::Query(0, "p2")],
    vec![Status("p2", MessageState::Unknown, 2004)])]
// PAP-CCQ.
#[case::ccq_not_supported("PAP-CCQ", cfg(), vec![In::Ccq(0)], vec![Ccq(3004)])]
#[case::ccq_supported("PAP-CCQ", PpgConfig { capability_matching: true, ..cfg() }, vec![In::Ccq(0)],
    vec![Ccq(1000)])]
// PAP-RN-ONCE: not without a request.
#[case::rn_not_without_request("PAP-RN-ONCE", cfg(),
    vec![In::Submit(0, sub("p1").confirmed()), In::Ack(1, 1)],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", true)])]
// PAP-FINAL-STABLE: a late abort after delivery changes nothing.
#[case::final_stable_after_late_abort("PAP-FINAL-STABLE", cfg(),
    vec![In::Submit(0, sub("p1").confirmed().notify()), In::Ack(1, 1),
         In::Abort(2, 1, AbortReason::USERREQ), In::Cancel(3, "p1"), In::Query(4, "p1")],
    vec![PushResp("p1", 1001, 0), Ota(1, "p1", true), Rn("p1", Delivered, 1000),
         CancelResp("p1", 2008), Status("p1", Delivered, 1000)])]
// PAP-PROGRESS-NOTE.
#[case::progress_note_when_requested("PAP-PROGRESS-NOTE", cfg(),
    vec![In::Submit(0, sub("p1").after(9).notes())],
    vec![PushResp("p1", 1001, 1)])]
#[case::no_progress_note_when_not_supported("PAP-PROGRESS-NOTE", PpgConfig { progress_notes_supported: false, ..cfg() },
    vec![In::Submit(0, sub("p1").after(9).notes())],
    vec![PushResp("p1", 1001, 0)])]
// Undeliverable (WAP-249: otherwise undeliverable) when the bearer is down.
#[case::undeliverable_when_bearer_down("PAP-UNDELIVERABLE", PpgConfig { bearer_available: false, ..cfg() },
    vec![In::Submit(0, sub("p1").notify())],
    vec![PushResp("p1", 1001, 0), Rn("p1", Undeliverable, 4000)])]
// Several messages: timers fire in push-id order, ota-ids in submission order.
#[case::two_messages_fire_in_push_id_order("PAP-TS-AFTER-HOLD", cfg(),
    vec![In::Submit(0, sub("p2").after(10)), In::Submit(0, sub("p1").after(10)), In::Tick(10)],
    vec![PushResp("p2", 1001, 0), PushResp("p1", 1001, 0), Ota(2, "p1", false),
         Ota(1, "p2", false)])]
fn scenario(
    #[case] requirement: &str,
    #[case] config: PpgConfig,
    #[case] script: Vec<In>,
    #[case] expected: Vec<Obs>,
) {
    assert!(
        REQUIREMENTS.contains(&requirement),
        "unknown id {requirement}"
    );
    assert_eq!(run(config, None, &script), expected);
}

/// The requirement ids of ppg-requirements.md this file checks, plus PAP-UNDELIVERABLE (added
/// here: a pending message the PPG cannot hand to the bearer ends undeliverable; WAP-249,
/// pap-ppg.md "otherwise undeliverable").
const REQUIREMENTS: &[&str] = &[
    "PAP-SUBMIT-ACCEPT",
    "PAP-SUBMIT-BADMSG",
    "PAP-SUBMIT-REFUSE",
    "PAP-PUSHID-DUP",
    "PAP-TS-BEFORE-PAST",
    "PAP-TS-AFTER-HOLD",
    "PAP-TS-BEFORE-EXPIRE",
    "PAP-DM-UNCONFIRMED",
    "PAP-DM-CONFIRMED",
    "PAP-DM-CONFIRMED-TIMEOUT",
    "PAP-DM-PREFERCONFIRMED",
    "PAP-CLIENT-ABORT",
    "PAP-CANCEL-PENDING",
    "PAP-CANCEL-NOT-PENDING",
    "PAP-CANCEL-UNKNOWN",
    "PAP-STATUS-QUERY",
    "PAP-CCQ",
    "PAP-RN-ONCE",
    "PAP-RN-RESPONSE",
    "PAP-FINAL-STABLE",
    "PAP-NO-DELIVERY-AFTER-FINAL",
    "PAP-PROGRESS-NOTE",
    "PAP-CODE-CLASS",
    "PAP-LIVE-FINAL",
    "PAP-LIVE-RN",
    "OTA-DUPLICATE",
    "SIPPUSH-REQ7",
    "SIPPUSH-REQ8",
    "SIPPUSH-REQ9",
    "SIPPUSH-REQ13",
    "SIPPUSH-REQ15",
    "PAP-UNDELIVERABLE",
    "PAP-MULTI-ADDRESS",
    "PAP-RN-ADDRESS",
];

#[test]
fn carries_application_id_and_content_over_the_air() {
    // SIPPUSH-REQ9: push meta data incl. the application id reaches the client.
    let mut ppg = Ppg::new(cfg());
    let s = sub("p1").app("x-wap-application:push.sia");
    ppg.handle_submission_for_app(Timestamp(0), s.submission(), s.app_id.map(str::to_owned));
    let Some(PpgOutput::Ota(push)) = ppg.poll_transmit() else {
        panic!("expected an OTA push");
    };
    assert_eq!(push.app_id.as_deref(), Some("x-wap-application:push.sia"));
    assert_eq!(push.content_type, "text/vnd.wap.si");
    assert_eq!(push.content, b"<si/>".to_vec());
    assert_eq!(push.address.address_value, CLIENT);
}

#[test]
fn maps_pap_priority_to_the_ota_interface() {
    // SIPPUSH-REQ15: PAP quality-of-service priority reaches the OTA interface.
    let mut ppg = Ppg::new(cfg());
    let mut s = sub("p1").submission();
    if let PapMessage::PushMessage(m) = &mut s.control.message {
        m.quality_of_service = Some(QualityOfService {
            priority: Some(Priority::High),
            delivery_method: Some(DeliveryMethod::Confirmed),
            ..QualityOfService::default()
        });
    }
    ppg.handle_submission(Timestamp(0), s);
    let Some(PpgOutput::Ota(push)) = ppg.poll_transmit() else {
        panic!("expected an OTA push");
    };
    assert_eq!(push.priority, Some(Priority::High));
    assert!(push.confirmed);
}

#[test]
fn records_result_notification_response() {
    // PAP-RN-RESPONSE: the PI answers the notification; the PPG does not notify again.
    let mut ppg = Ppg::new(cfg());
    ppg.handle_submission(Timestamp(0), sub("p1").notify().submission());
    let outputs: Vec<_> = std::iter::from_fn(|| ppg.poll_transmit()).collect();
    assert_eq!(outputs.len(), 2);
    ppg.handle_rn_response(
        Timestamp(1),
        ResultNotificationResponse {
            push_id: "p1".into(),
            code: StatusCode::OK,
            desc: None,
            address: None,
        },
    );
    assert_eq!(ppg.rn_response("p1"), Some(StatusCode::OK));
    assert_eq!(ppg.poll_transmit(), None);
}

#[test]
fn ignores_result_notification_response_for_unnotified_push() {
    let mut ppg = Ppg::new(cfg());
    ppg.handle_rn_response(
        Timestamp(1),
        ResultNotificationResponse {
            push_id: "p1".into(),
            code: StatusCode::OK,
            desc: None,
            address: None,
        },
    );
    assert_eq!(ppg.rn_response("p1"), None);
}

#[test]
fn poll_timeout_names_the_earliest_timer() {
    let mut ppg = Ppg::new(cfg());
    assert_eq!(ppg.poll_timeout(), None);
    ppg.handle_submission(Timestamp(0), sub("p1").after(100).before(80).submission());
    ppg.handle_submission(Timestamp(0), sub("p2").after(30).submission());
    assert_eq!(ppg.poll_timeout(), Some(Timestamp(30)));
    ppg.handle_timeout(Timestamp(30));
    // p2 delivered (retention timer at 30 + 3600); p1 expires at 80.
    assert_eq!(ppg.poll_timeout(), Some(Timestamp(80)));
}

#[test]
fn code_class_of_every_abort_status_is_5000() {
    // PAP-CODE-CLASS / PAP-CLIENT-ABORT: every abort reason reads as class 5000 at the PI.
    for reason in 0..=u8::MAX {
        assert_eq!(
            AbortReason(reason).pap_status().class(),
            StatusCode::CLIENT_ABORTED
        );
    }
}

#[test]
fn same_inputs_give_same_outputs() {
    let script = vec![
        In::Submit(0, sub("p3").confirmed().notify()),
        In::Submit(0, sub("p1").after(5).notify()),
        In::Submit(0, sub("p2").before(3).after(4).notify()),
        In::Tick(100),
    ];
    assert_eq!(run(cfg(), None, &script), run(cfg(), None, &script));
}

// ---------------------------------------------------------------------------------------------
// Mutants: each one a real, observable deviation from the reference.

fn mutant_scenario(mutant: PpgMutant) -> (PpgConfig, Vec<In>) {
    use PpgMutant as M;
    match mutant {
        M::AcceptsDuplicatePushId => (
            cfg(),
            vec![In::Submit(0, sub("p1").after(50)), In::Submit(1, sub("p1"))],
        ),
        M::DeliversAfterCancel => (
            cfg(),
            vec![
                In::Submit(0, sub("p1").after(50)),
                In::Cancel(1, "p1"),
                In::Tick(50),
            ],
        ),
        M::NotifiesTwice => (cfg(), vec![In::Submit(0, sub("p1").notify())]),
        M::NeverTimesOutConfirmed => (
            cfg(),
            vec![
                In::Submit(0, sub("p1").confirmed()),
                In::Tick(1000),
                In::Query(1000, "p1"),
            ],
        ),
        M::ConfirmedWithoutAck => (
            cfg(),
            vec![In::Submit(0, sub("p1").confirmed()), In::Query(1, "p1")],
        ),
        M::CancelNotPendingAnswersOk => {
            (cfg(), vec![In::Submit(0, sub("p1")), In::Cancel(1, "p1")])
        }
        M::CancelUnknownAnswers2008 => (cfg(), vec![In::Cancel(0, "p1")]),
        M::IgnoresDeliverAfter => (cfg(), vec![In::Submit(0, sub("p1").after(50))]),
        M::NotifiesRefusedPush => (
            cfg(),
            vec![In::Submit(0, sub("p1").addresses(vec!["bad"]).notify())],
        ),
        M::DeliversAfterExpiry => (
            cfg(),
            vec![In::Submit(0, sub("p1").after(50).before(40)), In::Tick(50)],
        ),
        M::WrongStateInNotification => (
            cfg(),
            vec![
                In::Submit(0, sub("p1").after(50).notify()),
                In::Cancel(1, "p1"),
            ],
        ),
        M::AcceptsPastDeliverBefore => (cfg(), vec![In::Submit(10, sub("p1").before(5))]),
        M::UnrequestedProgressNotes => (cfg(), vec![In::Submit(0, sub("p1"))]),
        M::AbortReportedDelivered => (
            cfg(),
            vec![
                In::Submit(0, sub("p1").confirmed()),
                In::Abort(1, 1, AbortReason::USERRFS),
                In::Query(2, "p1"),
            ],
        ),
        M::PreferconfirmedRefused => (
            no_confirmed(),
            vec![In::Submit(
                0,
                sub("p1").method(DeliveryMethod::Preferconfirmed),
            )],
        ),
        M::StatusQueryStale => (cfg(), vec![In::Submit(0, sub("p1")), In::Query(1, "p1")]),
        M::NeverNotifies => (cfg(), vec![In::Submit(0, sub("p1").notify())]),
    }
}

#[rstest]
fn every_ppg_mutant_is_distinguished_by_its_scenario(
    #[values(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)] index: usize,
) {
    let mutant = PpgMutant::ALL[index];
    let (config, script) = mutant_scenario(mutant);
    let reference = run(config.clone(), None, &script);
    let mutated = run(config, Some(mutant), &script);
    assert_ne!(
        reference,
        mutated,
        "mutant {} not observable",
        mutant.name()
    );
}

#[test]
fn registry_has_at_least_eight_ppg_mutants_each_with_a_known_requirement() {
    assert_eq!(ppg_mutants().len(), PpgMutant::ALL.len());
    assert_eq!(PpgMutant::ALL.len(), 17, "update the #[values] list above");
    for info in ppg_mutants() {
        assert!(REQUIREMENTS.contains(&info.requirement), "{info:?}");
        assert_eq!(
            PpgMutant::from_name(info.name).map(|m| m.info()),
            Some(info)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// State-machine property test: random input sequences, invariants from the requirement table.

#[derive(Clone, Debug)]
enum Op {
    Submit {
        id: usize,
        method: u8,
        after: Option<i64>,
        before: Option<i64>,
        notify: bool,
    },
    Cancel(usize),
    Query(usize),
    Ack(u64),
    Abort(u64),
    Advance(i64),
}

const IDS: [&str; 3] = ["p1", "p2", "p3"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..3usize, 0..4u8, proptest::option::of(0..120i64), proptest::option::of(0..120i64), any::<bool>())
            .prop_map(|(id, method, after, before, notify)| Op::Submit { id, method, after, before, notify }),
        1 => (0..3usize).prop_map(Op::Cancel),
        1 => (0..3usize).prop_map(Op::Query),
        2 => (1..6u64).prop_map(Op::Ack),
        1 => (1..6u64).prop_map(Op::Abort),
        2 => (0..80i64).prop_map(Op::Advance),
    ]
}

/// Invariant bookkeeping for one push-id over one acceptance.
#[derive(Default, Debug, Clone)]
struct Track {
    accepted: bool,
    ota_id: Option<u64>,
    confirmed: bool,
    acked: bool,
    notified: u32,
    final_state: Option<MessageState>,
    no_more_ota: bool,
    notify: bool,
    after: Option<i64>,
    before: Option<i64>,
}

const FINAL: [MessageState; 6] = [
    Delivered,
    Undeliverable,
    Expired,
    Aborted,
    Timeout,
    Cancelled,
];

/// Drives a PPG with `ops` and checks the invariants; returns the first violation.
fn check_invariants(mutant: Option<PpgMutant>, ops: &[Op]) -> Result<(), String> {
    // Retention longer than any run: push-ids are never forgotten here.
    let config = PpgConfig {
        retention_secs: 1_000_000,
        max_retransmissions: 1,
        ..cfg()
    };
    let mut ppg = Ppg::with_mutant(config, mutant);
    let mut now = 0i64;
    let mut tracks: [Track; 3] = Default::default();
    let mut ota_owner: std::collections::BTreeMap<u64, usize> = Default::default();

    for op in ops {
        let mut answer = None;
        match op.clone() {
            Op::Submit {
                id,
                method,
                after,
                before,
                notify,
            } => {
                let mut s = sub(IDS[id]);
                s.method = match method {
                    0 => None,
                    1 => Some(DeliveryMethod::Confirmed),
                    2 => Some(DeliveryMethod::Preferconfirmed),
                    _ => Some(DeliveryMethod::Unconfirmed),
                };
                s.after = after.map(|a| now + a);
                s.before = before.map(|b| now + b);
                s.notify = notify;
                let d = ppg.handle_submission(Timestamp(now), s.submission());
                let PapMessage::PushResponse(r) = d.message else {
                    return Err(format!("not a push-response: {d:?}"));
                };
                if r.result.code == StatusCode::ACCEPTED_FOR_PROCESSING {
                    // PAP-PUSHID-DUP: a push-id is accepted at most once while held.
                    if tracks[id].accepted {
                        return Err(format!("{} accepted twice", IDS[id]));
                    }
                    tracks[id] = Track {
                        accepted: true,
                        notify,
                        after: s.after,
                        before: s.before,
                        ..Track::default()
                    };
                }
            }
            Op::Cancel(id) => {
                let d = ppg.handle_pap(
                    Timestamp(now),
                    doc(PapMessage::CancelMessage(CancelMessage {
                        push_id: IDS[id].to_owned(),
                        addresses: Vec::new(),
                    })),
                );
                answer = Some((id, d));
            }
            Op::Query(id) => {
                let d = ppg.handle_pap(
                    Timestamp(now),
                    doc(PapMessage::StatusqueryMessage(StatusQueryMessage {
                        push_id: IDS[id].to_owned(),
                        addresses: Vec::new(),
                    })),
                );
                answer = Some((id, d));
            }
            Op::Ack(o) => {
                if let Some(&id) = ota_owner.get(&o) {
                    tracks[id].acked = true;
                }
                ppg.handle_ota(Timestamp(now), OtaUplink::Ack { ota_id: OtaId(o) });
            }
            Op::Abort(o) => ppg.handle_ota(
                Timestamp(now),
                OtaUplink::Abort {
                    ota_id: OtaId(o),
                    reason: AbortReason::USERRFS,
                },
            ),
            Op::Advance(dt) => {
                now += dt;
                ppg.handle_timeout(Timestamp(now));
            }
        }

        if let Some((id, d)) = answer {
            let t = &mut tracks[id];
            match d.message {
                PapMessage::CancelResponse(r) => {
                    let code = r.results[0].code;
                    if !t.accepted && code != StatusCode::PUSH_ID_NOT_FOUND {
                        return Err(format!("cancel of unknown answered {code:?}"));
                    }
                    if code == StatusCode::OK {
                        if t.final_state.is_some() {
                            return Err("cancel of a final message answered 1000".into());
                        }
                        t.no_more_ota = true;
                    }
                }
                PapMessage::StatusqueryResponse(r) => {
                    let state = r.results[0].message_state.clone();
                    if let Some(f) = &t.final_state
                        && *f != state
                    {
                        // PAP-FINAL-STABLE (as reported by the status query).
                        return Err(format!("final {f:?} then status {state:?}"));
                    }
                    if !t.accepted && state != MessageState::Unknown {
                        return Err(format!("unknown push-id reported {state:?}"));
                    }
                }
                other => return Err(format!("unexpected answer {other:?}")),
            }
        }

        while let Some(out) = ppg.poll_transmit() {
            match out {
                PpgOutput::Ota(p) => {
                    let id = IDS.iter().position(|i| *i == p.push_id).ok_or("bad id")?;
                    let t = &mut tracks[id];
                    // PAP-NO-DELIVERY-AFTER-FINAL: nothing after cancel or expiry.
                    if t.no_more_ota {
                        return Err(format!("OTA for {} after cancel/expiry", p.push_id));
                    }
                    // PAP-TS-AFTER-HOLD.
                    if t.after.is_some_and(|a| now < a) {
                        return Err(format!("OTA for {} before deliver-after", p.push_id));
                    }
                    // PAP-TS-BEFORE-EXPIRE: nothing over the air once deliver-before passed.
                    if t.before.is_some_and(|b| now >= b) {
                        return Err(format!("OTA for {} after deliver-before", p.push_id));
                    }
                    t.ota_id = Some(p.ota_id.0);
                    t.confirmed = p.confirmed;
                    ota_owner.insert(p.ota_id.0, id);
                }
                PpgOutput::Pap { doc: d, .. } => {
                    let PapMessage::ResultnotificationMessage(rn) = d.message else {
                        return Err("unexpected PAP output".into());
                    };
                    let id = IDS.iter().position(|i| *i == rn.push_id).ok_or("bad id")?;
                    let t = &mut tracks[id];
                    // PAP-RN-ONCE: accepted, requested, once, final state.
                    if !t.accepted || !t.notify {
                        return Err(format!("unrequested notification for {}", rn.push_id));
                    }
                    t.notified += 1;
                    if t.notified > 1 {
                        return Err(format!("second notification for {}", rn.push_id));
                    }
                    if !FINAL.contains(&rn.message_state) {
                        return Err(format!("notification with {:?}", rn.message_state));
                    }
                    // PAP-DM-CONFIRMED: confirmed delivered only after the acknowledgement.
                    if rn.message_state == Delivered && t.confirmed && !t.acked {
                        return Err(format!("{} delivered without ack", rn.push_id));
                    }
                    if matches!(rn.message_state, Expired | Cancelled) {
                        t.no_more_ota = true;
                    }
                    t.final_state = Some(rn.message_state);
                }
            }
        }
        // Cross-check the notified final state with the PPG's own view (PAP-FINAL-STABLE).
        for (id, t) in tracks.iter().enumerate() {
            if let Some(f) = &t.final_state
                && ppg.message_state(IDS[id]) != Some(f)
            {
                return Err(format!(
                    "{} notified {f:?}, now {:?}",
                    IDS[id],
                    ppg.message_state(IDS[id])
                ));
            }
        }
    }
    // PAP-LIVE-FINAL / PAP-LIVE-RN: with time run far ahead, every accepted push is final and
    // every requested notification has been sent.
    let horizon = now + 100_000;
    let mut outputs = Vec::new();
    for _ in 0..100 {
        match ppg.poll_timeout() {
            Some(t) if t.0 <= horizon => ppg.handle_timeout(t),
            _ => break,
        }
        outputs.extend(std::iter::from_fn(|| ppg.poll_transmit()));
    }
    for out in outputs {
        if let PpgOutput::Pap { doc: d, .. } = out
            && let PapMessage::ResultnotificationMessage(rn) = d.message
            && let Some(id) = IDS.iter().position(|i| *i == rn.push_id)
        {
            tracks[id].notified += 1;
            if tracks[id].notified > 1 {
                return Err(format!("second notification for {}", rn.push_id));
            }
        }
    }
    for (id, t) in tracks.iter().enumerate() {
        if t.accepted {
            let state = ppg.message_state(IDS[id]).ok_or("forgotten")?;
            if !FINAL.contains(state) {
                return Err(format!("{} never final: {state:?}", IDS[id]));
            }
            if t.notify && t.notified != 1 {
                return Err(format!("{} notified {} times", IDS[id], t.notified));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn reference_ppg_keeps_its_invariants(ops in proptest::collection::vec(op(), 0..40)) {
        prop_assert_eq!(check_invariants(None, &ops), Ok(()));
    }
}

#[test]
fn invariant_checker_catches_the_mutants_it_covers() {
    // The property test is not vacuous: on the scripts that distinguish these mutants, the same
    // invariant checker reports a violation.
    let cases = [
        (
            PpgMutant::AcceptsDuplicatePushId,
            vec![
                Op::Submit {
                    id: 0,
                    method: 0,
                    after: Some(50),
                    before: None,
                    notify: false,
                },
                Op::Submit {
                    id: 0,
                    method: 0,
                    after: None,
                    before: None,
                    notify: false,
                },
            ],
        ),
        (
            PpgMutant::DeliversAfterCancel,
            vec![
                Op::Submit {
                    id: 0,
                    method: 0,
                    after: Some(50),
                    before: None,
                    notify: false,
                },
                Op::Cancel(0),
                Op::Advance(60),
            ],
        ),
        (
            PpgMutant::NotifiesTwice,
            vec![Op::Submit {
                id: 0,
                method: 0,
                after: None,
                before: None,
                notify: true,
            }],
        ),
        (
            PpgMutant::ConfirmedWithoutAck,
            vec![Op::Submit {
                id: 0,
                method: 1,
                after: None,
                before: None,
                notify: true,
            }],
        ),
        (
            PpgMutant::NeverTimesOutConfirmed,
            vec![Op::Submit {
                id: 0,
                method: 1,
                after: None,
                before: None,
                notify: true,
            }],
        ),
        (
            PpgMutant::IgnoresDeliverAfter,
            vec![Op::Submit {
                id: 0,
                method: 0,
                after: Some(50),
                before: None,
                notify: false,
            }],
        ),
        (
            PpgMutant::DeliversAfterExpiry,
            vec![
                Op::Submit {
                    id: 0,
                    method: 0,
                    after: Some(50),
                    before: Some(40),
                    notify: true,
                },
                Op::Advance(45),
                Op::Advance(10),
            ],
        ),
        (
            PpgMutant::WrongStateInNotification,
            vec![
                Op::Submit {
                    id: 0,
                    method: 0,
                    after: Some(50),
                    before: None,
                    notify: true,
                },
                Op::Cancel(0),
                Op::Query(0),
            ],
        ),
        (PpgMutant::CancelUnknownAnswers2008, vec![Op::Cancel(1)]),
        (
            PpgMutant::CancelNotPendingAnswersOk,
            vec![
                Op::Submit {
                    id: 0,
                    method: 0,
                    after: None,
                    before: None,
                    notify: true,
                },
                Op::Cancel(0),
            ],
        ),
        (
            PpgMutant::StatusQueryStale,
            vec![
                Op::Submit {
                    id: 0,
                    method: 0,
                    after: None,
                    before: None,
                    notify: true,
                },
                Op::Query(0),
            ],
        ),
    ];
    for (mutant, ops) in cases {
        assert_eq!(
            check_invariants(None, &ops),
            Ok(()),
            "reference on {mutant:?}"
        );
        assert!(
            check_invariants(Some(mutant), &ops).is_err(),
            "checker misses {mutant:?}"
        );
    }
}
