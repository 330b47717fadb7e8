//! `kannel:ppg`: Kannel's real PPG (Debian `kannel` 1.4.5 + `kannel-extras`) as the implementation
//! under test in the PPG role, driven over its real interfaces: PAP over HTTP towards the Push
//! Initiator side, the fake SMSC's log as the over-the-air side. Facts about Kannel this adapter
//! relies on are in `conformance/src/ppg/kannel/NOTES.md` (observed, with the test that pins them).
//!
//! # One Kannel per factory
//! [`KannelPpgFactory`] starts one [`KannelPpg`] (bearerbox + fake SMSC + wapbox in a network
//! namespace of their own, see [`crate::ppg::kannel::harness`]) lazily, on the first
//! [`AdapterFactory::create`], and shares it with every adapter it makes (vectors run in
//! parallel, one adapter each). Kannel stops when the run ends ([`AdapterFactory::finish`], which
//! `suites::run` calls even while abandoned vectors still hold adapters) or when the factory is
//! dropped. A failed start is remembered, so the remaining vectors end in `error` at once instead
//! of each waiting for the start-up timeout again. Kannel's configuration and logs are in
//! `$TMPDIR/pushwake-kannel-PID-N`, removed at the same moment unless `PUSHWAKE_KEEP_KANNEL=1`
//! ([`KEEP_SCRATCH_ENV`]).
//!
//! # Vector timeout
//! A vector against Kannel runs in real time, so the runner's default per-vector timeout comes
//! from [`AdapterFactory::default_vector_timeout`]: the wall-clock time of the vector's last tick
//! plus an allowance per step, one PAP timeout and Kannel's start-up timeout (72 s and 76 s for
//! the committed default and timing suites), instead of the 10 s of in-process IUTs.
//!
//! # Identifiers unique per vector
//! Kannel keeps state across requests (push-ids of pending pushes, WSP session machines per
//! number: NOTES.md "More PAP features", last row), so every identifier a vector sends is made
//! unique before it reaches Kannel and mapped back before an answer is judged:
//! - push-id `pushwake-N` of the binding becomes `vHHHHHHHHsS.pushwake-N`, where `HHHHHHHH` is
//!   the FNV-1a 32-bit hash of `setup.vector_id` and `S` a serial number the factory gives each
//!   reset (so two runs of one vector on the same Kannel never share a push-id either); the same
//!   for `replace-push-id` and ccq `query-id`;
//! - client `c` of the binding gets the phone number `+1999SSSSSCCC` (`SSSSS` the serial, `CCC`
//!   the client index) in `WAPPUSH=+1999SSSSSCCC/TYPE=PLMN@ppg.pushwake.test`; the fake SMSC
//!   prints the receiver number of every SMS, which attributes it to the vector and client.
//!
//! # Time
//! The clock of a vector starts at `reset`. Its tick `t` is the wall-clock second
//! `start + t * TICK_SECS`, where `start` is one second before the second `reset` ran in, so
//! that "now" at tick 0 is already one second past tick 0's timestamp. deliver-before /
//! deliver-after timestamps of the binding (absolute ticks) are rewritten to those seconds. A Tick
//! stimulus sleeps until one second plus [`TICK_MARGIN`] past its tick's timestamp: PAP
//! timestamps have one-second resolution, and the model counts a deadline as passed at its own
//! tick (`now >= deadline`), which a PPG comparing `deadline < now` on whole seconds sees only
//! from the next second on. The tick after the horizon ("beyond every deadline") is
//! `model.beyond() + confirm_timeout` ticks (every deliver-before / deliver-after is clamped to
//! `model.beyond()` by the model, and an acknowledgement wait started by the horizon ends by then).
//!
//! # Stimuli
//! - `Submit`: the vector's `pap-multipart` submission is parsed with
//!   `pushwake_codecs::pap::multipart::parse`, its push-id, addresses and timestamps rewritten, and
//!   written again with `multipart::write` (CRLF framing, which Kannel requires: NOTES.md 6).
//! - `Cancel`, `StatusQuery`, `Ccq`, `ResultNotificationResponse`: the PAP document, rewritten the
//!   same way, is POSTed as the control entity of a two-part `multipart/related` body with a
//!   one-byte `text/plain` content part ([`FILLER_CONTENT`]). PAP 2.0 section 8 sends these as
//!   plain `application/xml`, but Kannel's front end refuses every non-multipart body before
//!   looking at it (NOTES.md 3: 2000 quoting "application/xml"); wrapped, they reach Kannel's
//!   PAP compiler, which is the behaviour worth recording (NOTES.md 4: still 2000).
//! - `SubmitBad`: the bad document's text, with its push-id and addresses rewritten textually (it
//!   does not parse, by design), wrapped the same way.
//! - `Tick`: sleeps as above; Kannel has no other clock input.
//! - `ReplyArrive`: [`AdapterError::Unsupported`]. A WSP acknowledgement would have to come from a
//!   client over the fake SMSC, which cannot answer; Kannel never sends a confirmed push in these
//!   suites anyway (NOTES.md 7), so the oracle never allows the stimulus.
//!
//! `stimulate` returns the stimulus as it reached Kannel: for every request, the exact body it
//! POSTed (always `pap-multipart`, with the multipart `Content-Type` it sent: the rewritten
//! push-ids, numbers and times, and for a cancel, status query, ccq or bad document the wrapping),
//! so that a report shows the push-id Kannel received; for a `Tick`, a `time` wire with the
//! wall-clock second the vector's clock now stands at.
//!
//! # Outputs
//! - The HTTP answer to each request, parsed with `pap::parse`, push-ids and addresses mapped
//!   back, then mapped to a model action by [`PpgBinding::action_from_pap`]; the wire reported is
//!   Kannel's body as sent. An answer that does not parse, or names something outside the model,
//!   is [`AdapterError::Unmappable`] with that wire (fail evidence for the runner).
//! - Each SMS the fake SMSC printed for one of this vector's numbers is an `OtaPush`: the client
//!   is given by the receiver number; the push by the content, since the content of push `i` in
//!   the binding is `pushwake push i` and the WSP Push PDU ends with the content (an SMS carrying
//!   no template's content is unmappable; attributing by order of submission per client, the
//!   other rule one could use, would misattribute here, since Kannel accepts confirmed,
//!   preferconfirmed and deliver-after pushes with 1001 and never sends them, NOTES.md);
//!   `confirmed` by the WSP PDU type ([`wsp_push_confirmed`]: 0x06 Push, 0x07 ConfirmedPush;
//!   Kannel sent only 0x06 over SMS, NOTES.md). After an accepted
//!   submission (`1001`) the adapter waits up to [`OTA_AFTER_ACCEPT`] for an SMS to that client
//!   before it returns, so that an immediate OTA push is reported right after its push-response,
//!   as it happened, and not after a later request.
//!
//! `collect` returns at once whatever is queued; with nothing queued it waits for this vector's
//! SMS up to [`OTA_SETTLE`] (or the runner's timeout, if shorter).

pub mod harness;
pub mod http;

use crate::adapter::{Adapter, AdapterError, AdapterFactory, Message, Setup};
use crate::ppg::ROLE_PPG;
use crate::ppg::bind::{self as binding, PpgBinding};
use crate::ppg::iut::model_config;
use crate::vector::{Step, Vector, Wire};
use harness::{KannelConfig, KannelPpg, MAX_OTA_MESSAGES, OtaSms};
use http::{PapHttpClient, PapHttpResponse};
use pushwake_codecs::pap::{self, Address, PapDocument, PapMessage, StatusCode, Timestamp};
use pushwake_model::ppg::{self as model, Action, PpgModel, Tick};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The IUT spec scheme of real implementations run by Kannel.
pub const KANNEL_SCHEME: &str = "kannel";
/// Seconds of wall-clock time per model tick. Five: a vector's stimuli at one tick (a submission,
/// its answer and the over-the-air wait, then a cancel or a status query) must all reach Kannel
/// before the next tick's deadlines come due, with the one-second resolution of PAP timestamps to
/// spare, also on a loaded 2-core machine (two seconds was not enough there: see
/// `KannelPpgAdapter::late`, which turns such a lag into an `error`, never a verdict).
pub const TICK_SECS: i64 = 5;
/// How far past the second after a tick's timestamp a Tick stimulus waits, so that a PPG reading
/// the clock with `time(2)` is surely in that second.
pub const TICK_MARGIN: Duration = Duration::from_millis(100);
/// How long `collect` waits for an SMS when nothing is queued. Kannel hands an unconfirmed push to
/// the fake SMSC within milliseconds of answering (NOTES.md, round trips 0-7 ms); half a second
/// leaves room for a loaded machine without making every quiescence check slow.
pub const OTA_SETTLE: Duration = Duration::from_millis(500);
/// How long a stimulus answered 1001 waits for an SMS to its client before returning (see the
/// module documentation).
pub const OTA_AFTER_ACCEPT: Duration = Duration::from_millis(300);
/// The content part of a multipart body carrying a document that is not a push-message (Kannel
/// accepts nothing but a two-part multipart body, NOTES.md 4).
pub const FILLER_CONTENT: &[u8] = b"x";
/// Phone numbers of clients start with this (a `+1999` prefix: no real North American number
/// plan area 999 exists, and the numbers never leave the namespace anyway).
pub const NUMBER_PREFIX: &str = "+1999";
/// Serial numbers wrap at this (five decimal digits in the phone number). A factory runs one
/// suite; 100000 vectors in one run is far beyond any suite.
pub const MAX_SERIAL: u32 = 100_000;
/// The multipart boundary of submissions sent to Kannel (RFC 2046 5.1.1 `bchars`).
pub const KANNEL_BOUNDARY: &str = "pushwake-kannel-5b2e81";
/// HTTP timeout of one PAP exchange with Kannel (answers take 0-7 ms, NOTES.md).
pub const PAP_TIMEOUT: Duration = Duration::from_secs(10);
/// What one step of a vector may take besides the ticks' sleeps, in the default vector timeout:
/// the OTA waits of a step ([`OTA_AFTER_ACCEPT`] after an accepted submission, up to
/// [`OTA_SETTLE`] in `collect`) plus a second for the PAP round trip on a loaded machine.
pub const STEP_ALLOWANCE: Duration = Duration::from_millis(1800);

/// The FNV-1a 32-bit hash (offset basis 0x811c9dc5, prime 0x01000193): a short, stable,
/// platform-independent hash of a vector id for push-id prefixes.
pub fn fnv1a32(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The push-id prefix of a vector and a serial.
pub fn push_id_prefix(vector_id: &str, serial: u32) -> String {
    format!("v{:08x}s{serial}.", fnv1a32(vector_id))
}

/// The phone number of client `client` under serial `serial`.
pub fn phone_number(serial: u32, client: u8) -> String {
    format!("{NUMBER_PREFIX}{:05}{client:03}", serial % MAX_SERIAL)
}

/// The PAP address Kannel is given for a phone number.
pub fn kannel_address(number: &str) -> String {
    format!("WAPPUSH={number}{}", binding::ADDRESS_SUFFIX)
}

// ---------------------------------------------------------------------------------------------
// The factory.

/// Where the running Kannel lives (or why it could not start).
enum KannelSlot {
    NotStarted,
    Running(Arc<KannelPpg>),
    Failed(String),
}

/// Makes [`KannelPpgAdapter`]s sharing one Kannel (`kannel:ppg`).
pub struct KannelPpgFactory {
    spec: String,
    config: model::PpgConfig,
    kannel_config: KannelConfig,
    scratch: PathBuf,
    slot: Mutex<KannelSlot>,
    serial: Arc<AtomicU32>,
    /// Whether `scratch` is the factory's own temporary directory, removed on drop.
    owns_scratch: bool,
}

impl std::fmt::Debug for KannelPpgFactory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KannelPpgFactory")
            .field("spec", &self.spec)
            .field("scratch", &self.scratch)
            .finish_non_exhaustive()
    }
}

/// Numbers the scratch directories of the factories of one process.
static FACTORY_COUNTER: AtomicU32 = AtomicU32::new(0);

/// Set to `1` to keep the scratch directory of a [`KannelPpgFactory::new`] factory (kannel.conf
/// and the boxes' logs) after the run, for diagnosis; otherwise it is removed when the factory is
/// dropped.
pub const KEEP_SCRATCH_ENV: &str = "PUSHWAKE_KEEP_KANNEL";

impl KannelPpgFactory {
    /// A factory for `spec` and the suite's model configuration; Kannel's logs and configuration go
    /// to a fresh directory `$TMPDIR/pushwake-kannel-PID-N`, removed when the factory is dropped
    /// unless [`KEEP_SCRATCH_ENV`] is `1`.
    pub fn new(spec: &str, config: model::PpgConfig) -> Self {
        let n = FACTORY_COUNTER.fetch_add(1, Ordering::SeqCst);
        let scratch =
            std::env::temp_dir().join(format!("pushwake-kannel-{}-{n}", std::process::id()));
        let mut factory = Self::with_scratch(spec, config, scratch);
        factory.owns_scratch = true;
        factory
    }

    /// The same, with Kannel's files in the caller's directory `scratch`, which is left in place.
    pub fn with_scratch(spec: &str, config: model::PpgConfig, scratch: PathBuf) -> Self {
        Self {
            spec: spec.to_owned(),
            config,
            kannel_config: KannelConfig::default(),
            scratch,
            slot: Mutex::new(KannelSlot::NotStarted),
            serial: Arc::new(AtomicU32::new(0)),
            owns_scratch: false,
        }
    }

    /// Kannel's scratch directory (kannel.conf and the boxes' logs).
    pub fn scratch(&self) -> &std::path::Path {
        &self.scratch
    }

    /// The running Kannel, started on first use.
    fn kannel(&self) -> Result<Arc<KannelPpg>, AdapterError> {
        let mut slot = self
            .slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*slot {
            KannelSlot::Running(k) => return Ok(Arc::clone(k)),
            KannelSlot::Failed(e) => return Err(AdapterError::Setup(e.clone())),
            KannelSlot::NotStarted => {}
        }
        match KannelPpg::start(&self.scratch, self.kannel_config.clone()) {
            Ok(k) => {
                let k = Arc::new(k);
                *slot = KannelSlot::Running(Arc::clone(&k));
                Ok(k)
            }
            Err(e) => {
                let msg = format!("Kannel's PPG did not start: {e}");
                *slot = KannelSlot::Failed(msg.clone());
                Err(AdapterError::Setup(msg))
            }
        }
    }
}

impl KannelPpgFactory {
    /// Stops Kannel, also while adapters of vectors the runner gave up on still hold it (their
    /// next request fails), then removes the factory's own scratch directory unless
    /// [`KEEP_SCRATCH_ENV`] is `1`. Later `create`s fail. Idempotent.
    fn shut_down(&self) {
        let mut slot = self
            .slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let KannelSlot::Running(k) = &*slot {
            // Stopped first, so nothing writes into the directory as it goes.
            k.stop();
        }
        if !matches!(*slot, KannelSlot::Failed(_)) {
            *slot = KannelSlot::Failed("the run is over: Kannel was stopped".to_owned());
        }
        drop(slot);
        let keep = std::env::var(KEEP_SCRATCH_ENV).is_ok_and(|v| v == "1");
        if self.owns_scratch && !keep {
            // Nothing to report to: a directory that was never made, or is already gone, is fine.
            let _ = std::fs::remove_dir_all(&self.scratch);
        }
    }
}

impl Drop for KannelPpgFactory {
    fn drop(&mut self) {
        self.shut_down();
    }
}

impl AdapterFactory for KannelPpgFactory {
    fn spec(&self) -> &str {
        &self.spec
    }
    fn role(&self) -> &str {
        ROLE_PPG
    }
    /// The wall-clock time of the vector's last tick (ticks are [`TICK_SECS`] apart, module
    /// documentation "Time"), plus [`STEP_ALLOWANCE`] per step, one [`PAP_TIMEOUT`] (a request
    /// that stalls ends in the adapter's own error, not in the runner's "hung"), and Kannel's
    /// start-up timeout (the first vectors of a run wait in `create` while Kannel starts).
    fn default_vector_timeout(&self, vector: &Vector) -> Duration {
        let model = PpgModel {
            config: self.config.clone(),
        };
        let last_tick = vector
            .steps()
            .filter_map(|step| match step {
                Step::Stimulus { action, .. } => serde_json::from_value(action.clone()).ok(),
                _ => None,
            })
            .filter_map(|action: Action| match action {
                Action::Tick { now } => Some(now),
                _ => None,
            })
            .max();
        // The sleep of the last tick ends one second plus TICK_MARGIN past its second, which is
        // one second past the second of `reset` at tick 0 (module documentation, "Time").
        let clock_secs = last_tick.map_or(0, |t| {
            clock_ticks(&model, t)
                .saturating_mul(TICK_SECS)
                .saturating_add(2)
        });
        let steps = u32::try_from(vector.steps().count()).unwrap_or(u32::MAX);
        Duration::from_secs(u64::try_from(clock_secs).unwrap_or(0))
            .saturating_add(TICK_MARGIN)
            .saturating_add(STEP_ALLOWANCE.saturating_mul(steps))
            .saturating_add(PAP_TIMEOUT)
            .saturating_add(self.kannel_config.startup_timeout)
    }

    /// Stops Kannel and removes its scratch directory (see [`KEEP_SCRATCH_ENV`]).
    fn finish(&self) {
        self.shut_down();
    }

    fn create(&self) -> Result<Box<dyn Adapter>, AdapterError> {
        let kannel = self.kannel()?;
        let client = kannel.pap_client().with_timeout(PAP_TIMEOUT);
        Ok(Box::new(KannelPpgAdapter {
            kannel,
            client,
            serial: Arc::clone(&self.serial),
            model: PpgModel {
                config: self.config.clone(),
            },
            prefix: String::new(),
            numbers: Vec::new(),
            start: 0,
            tick: 0,
            deadlines_sent: Vec::new(),
            scanned: 0,
            capture_full: false,
            out: VecDeque::new(),
        }))
    }
}

// ---------------------------------------------------------------------------------------------
// The adapter.

/// One vector's view of the shared Kannel. See the module documentation.
#[derive(Debug)]
pub struct KannelPpgAdapter {
    kannel: Arc<KannelPpg>,
    client: PapHttpClient,
    serial: Arc<AtomicU32>,
    model: PpgModel,
    /// Push-id prefix of this vector.
    prefix: String,
    /// Phone number of each model client.
    numbers: Vec<String>,
    /// Unix second of tick 0.
    start: i64,
    /// The model tick the vector is at (the last Tick stimulus).
    tick: Tick,
    /// The deliver-before / deliver-after seconds of the submissions sent (fixed against `start`).
    deadlines_sent: Vec<i64>,
    /// How many of Kannel's OTA messages (all vectors') have been looked at.
    scanned: usize,
    /// Whether the capture was found full (reported once).
    capture_full: bool,
    out: VecDeque<Result<Message, AdapterError>>,
}

fn unix_now() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

fn setup_err(what: impl Into<String>) -> AdapterError {
    AdapterError::Setup(what.into())
}

fn message(action: &Action, wire: Wire) -> Message {
    Message {
        action: serde_json::to_value(action).unwrap_or_default(),
        wire: Some(wire),
    }
}

/// The wire form of a request body as posted to Kannel: always a `multipart/related` body
/// (Kannel refuses anything else, module documentation), as text, or as hex if it is not UTF-8.
fn posted_wire(content_type: String, body: &[u8]) -> Wire {
    let text = std::str::from_utf8(body).ok().map(str::to_owned);
    Wire {
        kind: binding::kind::PAP_MULTIPART.to_owned(),
        content_type: Some(content_type),
        hex: text
            .is_none()
            .then(|| pushwake_codecs::hex::encode_lower(body)),
        text,
    }
}

fn with_wire(e: AdapterError, wire: &Wire) -> AdapterError {
    match e {
        AdapterError::Unmappable { reason, .. } => AdapterError::Unmappable {
            reason,
            wire: Some(wire.clone()),
        },
        other => other,
    }
}

/// The wire form of one SMS seen on the fake SMSC: the fakesmsc payload as text, the WSP PDU as hex.
pub fn sms_wire(sms: &OtaSms) -> Wire {
    Wire {
        kind: "fakesmsc-sms".to_owned(),
        content_type: None,
        text: Some(sms.raw.clone()),
        hex: Some(pushwake_codecs::hex::encode_lower(&sms.data)),
    }
}

/// Whether the WSP PDU is a confirmed push, from its PDU type. A connectionless PDU starts with
/// its TID, then the PDU type (WAP-230 8.2.1 common fields; Push PDU 8.2.4.1): so the type is the
/// second octet. 0x06 = Push: observed in every push Kannel sent (NOTES.md) and so read by a
/// public WSP walk-through (support.nowsms.com, "Wap Push Header"). 0x07 = ConfirmedPush:
/// UNVERIFIED (WAP-230's PDU type table was not read here). `None` for any other type.
pub fn wsp_push_confirmed(data: &[u8]) -> Option<bool> {
    match data.get(1)? {
        0x06 => Some(false),
        0x07 => Some(true),
        _ => None,
    }
}

impl KannelPpgAdapter {
    /// Real-time tick of a deadline at model tick `tick` (clamped to "beyond", as the model does).
    fn deadline_secs(&self, tick: Tick) -> i64 {
        self.start
            .saturating_add(i64::from(tick.min(self.model.beyond())) * TICK_SECS)
    }

    /// Unix second of clock tick `tick`.
    fn clock_secs(&self, tick: Tick) -> i64 {
        self.start
            .saturating_add(clock_ticks(&self.model, tick).saturating_mul(TICK_SECS))
    }

    fn real_push_id(&self, id: &str) -> String {
        if id.starts_with(binding::PUSH_ID_PREFIX) {
            format!("{}{id}", self.prefix)
        } else {
            id.to_owned()
        }
    }

    fn model_push_id(&self, id: &str) -> String {
        id.strip_prefix(&self.prefix).unwrap_or(id).to_owned()
    }

    fn real_address(&self, addr: &Address) -> Address {
        let number = PpgBinding
            .client_index(&self.model, &addr.address_value)
            .ok()
            .and_then(|c| self.numbers.get(usize::from(c)));
        match number {
            Some(n) => Address {
                address_value: kannel_address(n),
            },
            None => addr.clone(),
        }
    }

    fn model_address(&self, addr: &Address) -> Address {
        let client = self
            .numbers
            .iter()
            .position(|n| kannel_address(n) == addr.address_value);
        match client.and_then(|c| u8::try_from(c).ok()) {
            Some(c) => Address {
                address_value: binding::address(c),
            },
            None => addr.clone(),
        }
    }

    fn real_time(&self, ts: Timestamp) -> Timestamp {
        match PpgBinding.deadline_tick(ts) {
            Ok(tick) => Timestamp(self.deadline_secs(tick)),
            Err(_) => ts,
        }
    }

    /// A PI document with this vector's push-ids, numbers and times.
    fn outbound(&self, mut doc: PapDocument) -> PapDocument {
        let addrs = |a: &mut Vec<Address>| {
            for x in a.iter_mut() {
                *x = self.real_address(x);
            }
        };
        match &mut doc.message {
            PapMessage::PushMessage(m) => {
                m.push_id = self.real_push_id(&m.push_id);
                m.replace_push_id = m.replace_push_id.as_deref().map(|p| self.real_push_id(p));
                m.deliver_before_timestamp = m.deliver_before_timestamp.map(|t| self.real_time(t));
                m.deliver_after_timestamp = m.deliver_after_timestamp.map(|t| self.real_time(t));
                addrs(&mut m.addresses);
            }
            PapMessage::CancelMessage(m) => {
                m.push_id = self.real_push_id(&m.push_id);
                addrs(&mut m.addresses);
            }
            PapMessage::StatusqueryMessage(m) => {
                m.push_id = self.real_push_id(&m.push_id);
                addrs(&mut m.addresses);
            }
            PapMessage::ResultnotificationResponse(m) => {
                m.push_id = self.real_push_id(&m.push_id);
                m.address = m.address.as_ref().map(|a| self.real_address(a));
            }
            PapMessage::CcqMessage(m) => {
                m.query_id = format!("{}{}", self.prefix, m.query_id);
                m.address = self.real_address(&m.address);
            }
            _ => {}
        }
        doc
    }

    /// A PPG answer with the model's push-ids and addresses.
    fn inbound(&self, mut doc: PapDocument) -> PapDocument {
        let addrs = |a: &mut Vec<Address>| {
            for x in a.iter_mut() {
                *x = self.model_address(x);
            }
        };
        match &mut doc.message {
            PapMessage::PushResponse(r) => r.push_id = self.model_push_id(&r.push_id),
            PapMessage::CancelResponse(r) => {
                r.push_id = self.model_push_id(&r.push_id);
                for c in &mut r.results {
                    addrs(&mut c.addresses);
                }
            }
            PapMessage::StatusqueryResponse(r) => {
                r.push_id = self.model_push_id(&r.push_id);
                for s in &mut r.results {
                    addrs(&mut s.addresses);
                }
            }
            PapMessage::ResultnotificationMessage(m) => {
                m.push_id = self.model_push_id(&m.push_id);
                m.address = self.model_address(&m.address);
            }
            PapMessage::CcqResponse(r) => {
                r.query_id = self.model_push_id(&r.query_id);
                r.address = self.model_address(&r.address);
            }
            _ => {}
        }
        doc
    }

    /// The bad document's text with this vector's push-id prefix and numbers (textual: it does
    /// not parse).
    fn outbound_text(&self, text: &str) -> String {
        let mut out = text.replace(
            &format!("push-id=\"{}", binding::PUSH_ID_PREFIX),
            &format!("push-id=\"{}{}", self.prefix, binding::PUSH_ID_PREFIX),
        );
        for (c, n) in self.numbers.iter().enumerate() {
            if let Ok(c) = u8::try_from(c) {
                out = out.replace(&binding::address(c), &kannel_address(n));
            }
        }
        out
    }

    fn post(&self, content_type: &str, body: &[u8]) -> Result<PapHttpResponse, AdapterError> {
        self.client
            .post(content_type, body)
            .map_err(|e| AdapterError::Iut(format!("PAP request to Kannel: {e}")))
    }

    /// POSTs `control` (any PAP document text) as the control entity of a two-part multipart body
    /// (framed by the PAP codec, CRLF line ends); returns the answer and the wire form posted.
    fn post_wrapped(&self, control: &[u8]) -> Result<(PapHttpResponse, Wire), AdapterError> {
        let (header, body) = http::frame_submission(control, "text/plain", FILLER_CONTENT)
            .map_err(|e| setup_err(format!("cannot frame the document: {e}")))?;
        let resp = self.post(&header, &body)?;
        Ok((resp, posted_wire(header, &body)))
    }

    /// Maps Kannel's HTTP answer and queues it; returns the action it maps to.
    fn answer(&mut self, resp: &PapHttpResponse) -> Option<Action> {
        let wire = Wire {
            kind: binding::kind::PAP_XML.to_owned(),
            content_type: resp.header("Content-Type").map(str::to_owned),
            text: Some(resp.body_text()),
            hex: None,
        };
        let result = pap::parse(&resp.body)
            .map_err(|e| AdapterError::Unmappable {
                reason: format!("HTTP {} answer is no PAP document: {e}", resp.status),
                wire: Some(wire.clone()),
            })
            .and_then(|doc| {
                PpgBinding
                    .action_from_pap(&self.model, &self.inbound(doc))
                    .map_err(|e| with_wire(e, &wire))
            });
        let action = result.as_ref().ok().cloned();
        self.out.push_back(result.map(|a| message(&a, wire)));
        action
    }

    /// The OTA action of one SMS to a number of this vector's, or why it maps to none.
    fn sms_action(&self, client: u8, sms: &OtaSms) -> Result<Action, AdapterError> {
        let wire = sms_wire(sms);
        let pushes = self.model.config.pushes.len();
        let push = (0..pushes)
            .filter_map(|i| u8::try_from(i).ok())
            .find(|i| sms.data.ends_with(format!("pushwake push {i}").as_bytes()))
            .ok_or_else(|| AdapterError::Unmappable {
                reason: "an SMS whose content is no push of the model".to_owned(),
                wire: Some(wire.clone()),
            })?;
        let confirmed = wsp_push_confirmed(&sms.data).ok_or_else(|| AdapterError::Unmappable {
            reason: "an SMS that is no connectionless WSP Push / ConfirmedPush PDU".to_owned(),
            wire: Some(wire.clone()),
        })?;
        // The application id is not read back from the WSP headers (UNVERIFIED that Kannel
        // forwards X-Wap-Application-Id): the template's is assumed.
        let app = self
            .model
            .config
            .pushes
            .get(usize::from(push))
            .and_then(|t| t.app);
        Ok(Action::OtaPush {
            push,
            client,
            confirmed,
            app,
        })
    }

    /// Queues the SMS that arrived for this vector since the last look; returns how many, and
    /// whether one went to `client`.
    fn poll_ota(&mut self, client: Option<u8>) -> (usize, bool) {
        let all = self.kannel.ota_messages();
        if all.len() >= MAX_OTA_MESSAGES && !self.capture_full {
            // The harness keeps at most MAX_OTA_MESSAGES SMS and drops later ones: from here on
            // an OTA push could go unseen, so the vector ends in `error`, never in a verdict.
            self.capture_full = true;
            self.out.push_back(Err(AdapterError::Iut(format!(
                "the fake SMSC capture is full ({MAX_OTA_MESSAGES} SMS): later OTA pushes would \
                 go unseen; run fewer vectors per Kannel"
            ))));
        }
        let mut found = (0, false);
        for sms in all.get(self.scanned..).unwrap_or_default() {
            let Some(c) = self.numbers.iter().position(|n| *n == sms.receiver) else {
                continue;
            };
            // `c < numbers.len() <= MAX_CLIENTS`.
            let c = u8::try_from(c).unwrap_or(u8::MAX);
            found.0 += 1;
            found.1 |= client == Some(c);
            let result = self.sms_action(c, sms).map(|a| message(&a, sms_wire(sms)));
            self.out.push_back(result);
        }
        self.scanned = all.len();
        found
    }

    /// Waits up to `wait` for an SMS of this vector's (to `client`, if given).
    fn wait_ota(&mut self, client: Option<u8>, wait: Duration) {
        let deadline = crate::netns::deadline_after(Instant::now(), wait);
        loop {
            let (n, to_client) = self.poll_ota(client);
            if (client.is_none() && n > 0) || to_client {
                return;
            }
            let now = Instant::now();
            if now >= deadline {
                return;
            }
            let seen = self.scanned;
            let after = self.kannel.wait_for_ota(seen + 1, deadline - now);
            if after.len() <= seen {
                // Timed out, or the fake SMSC's output ended: nothing more will come.
                self.poll_ota(client);
                return;
            }
        }
    }

    /// Whether one of `deadlines`, later than the current model tick, is already due in real time
    /// (with a second to spare: PAP timestamps have one-second resolution). Kannel would then judge
    /// it against a later time than the model does.
    fn late(&self, deadlines: &[i64]) -> bool {
        let now = i64::try_from(unix_now().as_secs()).unwrap_or(i64::MAX);
        let tick_start = self.clock_secs(self.tick);
        deadlines
            .iter()
            .any(|&d| d > tick_start && now.saturating_add(1) >= d)
    }

    /// Move the vector's clock so that now is just past the current tick's second (allowed only
    /// while no deadline has gone out).
    fn reanchor(&mut self) {
        let now = i64::try_from(unix_now().as_secs()).unwrap_or(i64::MAX);
        self.start = now - 1 - i64::from(self.tick) * TICK_SECS;
    }

    /// The harness fell behind real time (a loaded machine): a harness error, never evidence.
    fn behind(&self) -> AdapterError {
        AdapterError::Setup(format!(
            "the harness fell behind real time at model tick {}: a deadline already sent to Kannel \
             came due before the model's clock reached it (a loaded machine: run fewer vectors at once)",
            self.tick
        ))
    }

    fn sleep_until_tick(&self, tick: Tick) {
        let secs = self.clock_secs(tick).saturating_add(1);
        let target = Duration::from_secs(u64::try_from(secs).unwrap_or(0)) + TICK_MARGIN;
        if let Some(left) = target.checked_sub(unix_now()) {
            std::thread::sleep(left);
        }
    }
}

/// How many ticks of wall-clock time after tick 0 the clock of tick `tick` is: `tick`, or for the
/// tick after the horizon `model.beyond() + confirm_timeout` (module documentation, "Time").
fn clock_ticks(model: &PpgModel, tick: Tick) -> i64 {
    if tick > model.config.horizon {
        i64::from(model.beyond()) + i64::from(model.config.confirm_timeout)
    } else {
        i64::from(tick)
    }
}

/// The deliver-before / deliver-after seconds of a push-message.
fn deadlines(doc: &PapDocument) -> Vec<i64> {
    match &doc.message {
        PapMessage::PushMessage(m) => [m.deliver_before_timestamp, m.deliver_after_timestamp]
            .into_iter()
            .flatten()
            .map(|t| t.0)
            .collect(),
        _ => Vec::new(),
    }
}

fn wire_text(wire: &Wire) -> Result<&str, AdapterError> {
    wire.text
        .as_deref()
        .ok_or_else(|| setup_err("stimulus wire form without text"))
}

impl Adapter for KannelPpgAdapter {
    fn reset(&mut self, setup: &Setup) -> Result<(), AdapterError> {
        if setup.role != ROLE_PPG {
            return Err(setup_err(format!(
                "kannel:ppg plays role {ROLE_PPG}, not {}",
                setup.role
            )));
        }
        if !setup.config.is_null() {
            self.model = PpgModel {
                config: model_config(&setup.config).map_err(AdapterError::Setup)?,
            };
        }
        let serial = self.serial.fetch_add(1, Ordering::SeqCst) % MAX_SERIAL;
        self.prefix = push_id_prefix(&setup.vector_id, serial);
        self.numbers = (0..self.model.config.clients.len())
            .filter_map(|c| u8::try_from(c).ok())
            .map(|c| phone_number(serial, c))
            .collect();
        // Skip every SMS seen before this vector began (none is to its fresh numbers anyway).
        self.scanned = self.kannel.ota_messages().len();
        self.out.clear();
        self.capture_full = false;
        let now = i64::try_from(unix_now().as_secs()).unwrap_or(i64::MAX);
        self.start = now - 1;
        self.tick = 0;
        self.deadlines_sent.clear();
        Ok(())
    }

    fn stimulate(&mut self, msg: &Message) -> Result<Message, AdapterError> {
        let action: Action = serde_json::from_value(msg.action.clone())
            .map_err(|e| AdapterError::Unsupported(format!("not a PPG model action: {e}")))?;
        let wire = match &msg.wire {
            Some(w) => Some(w.clone()),
            None => PpgBinding.render(&self.model, 0, &action),
        };
        if !matches!(action, Action::Tick { .. }) && self.late(&self.deadlines_sent) {
            return Err(self.behind());
        }
        // What arrived over the air before this stimulus comes before its answer.
        self.poll_ota(None);
        let sent = match action {
            Action::Submit { clients, .. } => {
                let wire = wire.ok_or_else(|| setup_err("submit without a wire form"))?;
                let ct = wire.content_type.as_deref().unwrap_or_default();
                let sub = pap::multipart::parse(ct, wire_text(&wire)?.as_bytes())
                    .map_err(|e| setup_err(format!("stimulus submission does not decode: {e}")))?;
                let mut control = self.outbound(sub.control.clone());
                if self.late(&deadlines(&control)) {
                    if !self.deadlines_sent.is_empty() {
                        return Err(self.behind());
                    }
                    self.reanchor();
                    control = self.outbound(sub.control.clone());
                }
                self.deadlines_sent.extend(deadlines(&control));
                let sub = pap::PushSubmission { control, ..sub };
                let (header, body) = pap::multipart::write(&sub, KANNEL_BOUNDARY);
                let resp = self.post(&header, &body)?;
                let accepted = matches!(
                    self.answer(&resp),
                    Some(Action::PushResponse { code, .. })
                        if code == StatusCode::ACCEPTED_FOR_PROCESSING
                );
                if accepted {
                    // A push to several clients: waits for the first of them.
                    self.wait_ota(clients.iter().next(), OTA_AFTER_ACCEPT);
                }
                posted_wire(header, &body)
            }
            Action::SubmitBad { .. } => {
                let wire = wire.ok_or_else(|| setup_err("bad document without a wire form"))?;
                let text = self.outbound_text(wire_text(&wire)?);
                let (resp, sent) = self.post_wrapped(text.as_bytes())?;
                self.answer(&resp);
                sent
            }
            Action::Cancel { .. }
            | Action::StatusQuery { .. }
            | Action::Ccq { .. }
            | Action::ResultNotificationResponse { .. } => {
                let wire = wire.ok_or_else(|| setup_err("request without a wire form"))?;
                let doc = pap::parse(wire_text(&wire)?.as_bytes()).map_err(|e| {
                    setup_err(format!("stimulus PAP document does not decode: {e}"))
                })?;
                let (resp, sent) = self.post_wrapped(&pap::write(&self.outbound(doc)))?;
                self.answer(&resp);
                sent
            }
            Action::Tick { now } => {
                self.sleep_until_tick(now);
                self.tick = now;
                // Nothing crosses Kannel's boundary for a tick; the trace shows the wall-clock
                // time the vector's clock now stands at (the second of tick `now`), as the
                // binding shows the model time a tick moves the clock to.
                Wire {
                    kind: binding::kind::TIME.to_owned(),
                    content_type: None,
                    text: Some(Timestamp(self.clock_secs(now)).to_string()),
                    hex: None,
                }
            }
            Action::ReplyArrive { .. } => {
                return Err(AdapterError::Unsupported(
                    "a client's WSP acknowledgement cannot be sent through the fake SMSC"
                        .to_owned(),
                ));
            }
            other => {
                return Err(AdapterError::Unsupported(format!(
                    "{other:?} is not an input of the PPG"
                )));
            }
        };
        Ok(Message {
            action: msg.action.clone(),
            wire: Some(sent),
        })
    }

    fn collect(&mut self, timeout: Duration) -> Result<Vec<Message>, AdapterError> {
        if self.out.is_empty() {
            self.wait_ota(None, timeout.min(OTA_SETTLE));
        } else {
            self.poll_ota(None);
        }
        let mut messages = Vec::new();
        while let Some(result) = self.out.pop_front() {
            match result {
                Ok(m) => messages.push(m),
                Err(e) => {
                    // The runner takes an error as the end of the vector; what came before it
                    // is dropped with it, as the error names the first wrong output.
                    self.out.clear();
                    return Err(e);
                }
            }
        }
        Ok(messages)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a panic is the failure report
mod tests {
    use super::*;

    #[test]
    fn fnv1a32_matches_published_vectors() {
        // FNV-1a 32-bit test vectors (draft-eastlake-fnv, section "Test vectors").
        assert_eq!(fnv1a32(""), 0x811c_9dc5);
        assert_eq!(fnv1a32("a"), 0xe40c_292c);
        assert_eq!(fnv1a32("foobar"), 0xbf9c_f968);
    }

    #[test]
    fn numbers_are_unique_per_serial_and_client() {
        assert_eq!(phone_number(7, 1), "+199900007001");
        assert_eq!(
            kannel_address(&phone_number(7, 1)),
            "WAPPUSH=+199900007001/TYPE=PLMN@ppg.pushwake.test"
        );
        assert_ne!(phone_number(7, 1), phone_number(70, 0));
        assert_eq!(push_id_prefix("", 3), "v811c9dc5s3.");
    }

    #[test]
    fn parses_the_kannel_spec_and_refuses_other_roles_and_parameters() {
        use crate::iut::{IutError, factory, parse};
        let request = parse("kannel:ppg").expect("parses");
        assert_eq!((request.scheme, request.role), (KANNEL_SCHEME, ROLE_PPG));
        let config = serde_json::Value::Null;
        assert_eq!(
            factory(&crate::ppg::Ppg, "kannel:push-client", &config).err(),
            Some(IutError::UnknownRole {
                role: "push-client".into(),
                valid: "ppg".into()
            })
        );
        assert_eq!(
            factory(&crate::ppg::Ppg, "kannel:ppg?mutant=x", &config).err(),
            Some(IutError::UnknownParameter {
                name: "mutant".into(),
                valid: String::new(),
            })
        );
    }

    fn vector_of(actions: &[Action]) -> Vector {
        Vector {
            id: "v".into(),
            title: String::new(),
            purpose: String::new(),
            kind: crate::vector::VectorKind::Transition,
            requirements: Vec::new(),
            applicability: "true".into(),
            targets: Vec::new(),
            preamble: Vec::new(),
            body: actions
                .iter()
                .map(|a| Step::Stimulus {
                    action: serde_json::to_value(a).unwrap(),
                    wire: None,
                    requirement: String::new(),
                })
                .collect(),
            postamble: Vec::new(),
        }
    }

    /// The default vector timeout covers the wall-clock time of the last tick (5 s a tick, the
    /// tick after the horizon standing for `beyond + confirm_timeout` ticks), the steps, one PAP
    /// timeout and Kannel's start-up; the reference IUTs keep the in-process default.
    #[test]
    fn default_vector_timeout_follows_the_last_tick_and_the_steps() {
        let config = model::PpgConfig::default();
        let m = PpgModel {
            config: config.clone(),
        };
        let factory = KannelPpgFactory::new("kannel:ppg", config.clone());
        let fixed = TICK_MARGIN + PAP_TIMEOUT + KannelConfig::default().startup_timeout;
        let no_tick = vector_of(&[Action::Cancel { push: 0 }]);
        assert_eq!(
            factory.default_vector_timeout(&no_tick),
            fixed + STEP_ALLOWANCE
        );
        let one = vector_of(&[Action::Tick { now: 1 }, Action::Cancel { push: 0 }]);
        assert_eq!(
            factory.default_vector_timeout(&one),
            Duration::from_secs(5 + 2) + fixed + STEP_ALLOWANCE * 2
        );
        let beyond = config.horizon + 1;
        let ticks = u64::from(m.beyond()) + u64::from(config.confirm_timeout);
        let last = vector_of(&[Action::Tick { now: 1 }, Action::Tick { now: beyond }]);
        assert_eq!(
            factory.default_vector_timeout(&last),
            Duration::from_secs(ticks * 5 + 2) + fixed + STEP_ALLOWANCE * 2
        );
        let reference =
            crate::iut::factory(&crate::ppg::Ppg, "reference:ppg", &serde_json::Value::Null)
                .unwrap();
        assert_eq!(
            reference.default_vector_timeout(&last),
            crate::adapter::DEFAULT_VECTOR_TIMEOUT
        );
    }

    /// After the run (`finish`) the factory starts no Kannel any more, and its own scratch
    /// directory is gone.
    #[test]
    fn a_finished_factory_creates_nothing_and_leaves_no_scratch() {
        let factory = KannelPpgFactory::new("kannel:ppg", model::PpgConfig::default());
        std::fs::create_dir_all(factory.scratch()).unwrap();
        factory.finish();
        assert_eq!(
            factory.scratch().exists(),
            std::env::var(KEEP_SCRATCH_ENV).as_deref() == Ok("1")
        );
        match factory.create() {
            Err(AdapterError::Setup(e)) => assert!(e.contains("the run is over"), "{e}"),
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("created an adapter after finish"),
        }
    }

    #[test]
    fn wsp_push_type_is_read_after_the_tid() {
        assert_eq!(wsp_push_confirmed(&[0x00, 0x06, 0x0F]), Some(false));
        assert_eq!(wsp_push_confirmed(&[0x01, 0x07]), Some(true));
        assert_eq!(wsp_push_confirmed(&[0x06]), None);
        assert_eq!(wsp_push_confirmed(&[0x00, 0x40]), None);
    }
}
