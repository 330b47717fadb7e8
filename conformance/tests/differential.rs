//! Differential checks: the reference PPG (through `iut::reference::ReferencePpgAdapter` and the
//! wire binding) against the PPG model (through the runner's online oracle), on random sequences
//! of tester moves.
//!
//! A move is a PI request or clock tick the oracle allows (a stimulus, delivered to the reference
//! through its wire form), or a step of the bearer or the push client (an environment step,
//! applied to the oracle only). After each stimulus every output of the reference must be allowed
//! by the model, and the reference, once quiet, must owe nothing urgent (the runner's `fail`
//! rules). The correct reference never fails (a quickcheck property and a seeded search); every
//! built-in PPG mutant is killed by the seeded search (reproducible: splitmix64 seeds). The same
//! driver plays the reference push client (IUT role `push-client`); its observable mutants are
//! killed. Each policy in which the reference's defaults differ from the model is shown by a
//! failing sequence when the adapter does not derive it from the model configuration.

use pushwake_codecs::pap::StatusCode;
use pushwake_conformance::adapter::{Adapter, AdapterError, Message, Setup};
use pushwake_conformance::oracle::Oracle;
use pushwake_conformance::ppg::bind::PpgBinding;
use pushwake_conformance::ppg::iut::{
    ReferencePpgAdapter, ReferencePushClientAdapter, ppg_config_for,
};
use pushwake_conformance::ppg::mutants::{PpgMutant, PushClientMutant};
use pushwake_conformance::ppg::reference::ppg::{self as reference, StatusQueryCode};
use pushwake_model::ppg::{
    Action, BadDocument, CcqSupport, ClientConfig, Method, MsgState, PiExtra, PpgConfig,
    PpgFeatures, PpgModel, PushTemplate, Reply, Stage,
};
use pushwake_model::{Direction, LabelledModel};
use quickcheck::{QuickCheck, TestResult};
use std::collections::BTreeSet;
use std::time::Duration;

/// Moves per sequence in the seeded mutant search.
const MOVES: usize = 40;
/// Seeds tried per configuration and mutant before the mutant counts as surviving.
const SEEDS: u64 = 150;

/// The configurations the checks run on: the model's default, one with a push both held and
/// expiring, cancels of held pushes and more PI requests, one with cancel, status query
/// unimplemented and capability matching supported, and the named configurations `addresses`
/// (a push to two clients) and `applications` (a push for an application the client does not
/// register).
fn configs() -> Vec<PpgConfig> {
    let default = PpgConfig::default();
    let t = |client, method, notify, notes, before, after| PushTemplate {
        clients: vec![client],
        app: None,
        method,
        notify_requested: notify,
        progress_notes_requested: notes,
        deliver_before: before,
        deliver_after: after,
    };
    let wide = PpgConfig {
        pushes: vec![
            t(0, Method::Confirmed, true, true, Some(3), None),
            t(1, Method::Preferconfirmed, true, false, None, Some(1)),
            t(1, Method::Confirmed, true, false, None, None),
            t(0, Method::Unconfirmed, true, false, Some(1), Some(2)),
        ],
        horizon: 2,
        pi_requests: 3,
        abort_code: StatusCode(5026),
        pi_extra: vec![
            PiExtra::Resubmit { push: 0 },
            PiExtra::Cancel { push: 0 },
            PiExtra::Cancel { push: 1 },
            PiExtra::Cancel { push: 3 },
            PiExtra::StatusQuery { push: 0 },
            PiExtra::StatusQuery { push: 3 },
            PiExtra::Ccq { client: 1 },
            PiExtra::Bad {
                kind: BadDocument::Malformed,
            },
            PiExtra::Bad {
                kind: BadDocument::UnsupportedVersion,
            },
        ],
        ..default.clone()
    };
    let bare = PpgConfig {
        clients: vec![ClientConfig::new(true)],
        pushes: vec![
            t(0, Method::Confirmed, true, false, None, None),
            t(0, Method::Preferconfirmed, true, true, Some(2), Some(1)),
        ],
        horizon: 2,
        confirm_timeout: 2,
        pi_requests: 2,
        ccq: CcqSupport::Supported,
        features: PpgFeatures {
            cancel: false,
            status_query: false,
            multiple_addresses: true,
        },
        rn_failure_code: StatusCode::NOT_POSSIBLE,
        pi_extra: vec![
            PiExtra::Cancel { push: 0 },
            PiExtra::StatusQuery { push: 1 },
            PiExtra::Ccq { client: 0 },
            PiExtra::Resubmit { push: 1 },
        ],
        ..default.clone()
    };
    vec![
        default,
        wide,
        bare,
        PpgConfig::addresses(),
        PpgConfig::applications(),
    ]
}

/// splitmix64: a seeded choice stream, so the mutant search is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// How a sequence ended.
#[derive(Debug)]
enum Outcome {
    /// Every observation allowed; the action classes observed.
    Pass(BTreeSet<&'static str>),
    /// An observation the model forbids, an unmappable output, or quiet while owing.
    Fail { reason: String, trace: Vec<String> },
}

/// Every action of a configuration's vocabulary (the oracle says which are enabled, the role
/// which are the tester's to take).
fn vocabulary(model: &PpgModel) -> Vec<Action> {
    let config = &model.config;
    let mut out = Vec::new();
    for (i, t) in config.pushes.iter().enumerate() {
        let push = i as u8;
        out.extend(model.submit_action(i));
        out.push(Action::Cancel { push });
        out.push(Action::StatusQuery { push });
        out.push(Action::ResultNotificationResponse {
            push,
            code: StatusCode::OK,
        });
        for (code, progress_note) in [
            (StatusCode::ACCEPTED_FOR_PROCESSING, None),
            (StatusCode::ACCEPTED_FOR_PROCESSING, Some(Stage::Other)),
            (
                StatusCode::ACCEPTED_FOR_PROCESSING,
                Some(Stage::State(MsgState::Pending)),
            ),
            (StatusCode::DUPLICATE_PUSH_ID, None),
            (StatusCode::FORBIDDEN, None),
            (StatusCode::NOT_POSSIBLE, None),
            (StatusCode::DELIVERY_METHOD_NOT_POSSIBLE, None),
            (StatusCode::MULTIPLE_ADDRESSES_NOT_SUPPORTED, None),
        ] {
            out.push(Action::PushResponse {
                push,
                code,
                progress_note,
            });
        }
        for code in [
            StatusCode::OK,
            StatusCode::PUSH_ID_NOT_FOUND,
            StatusCode::CANCELLATION_NOT_POSSIBLE,
            StatusCode::NOT_IMPLEMENTED,
        ] {
            out.push(Action::CancelResponse { push, code });
        }
        for state in MsgState::ALL {
            out.push(Action::StatusQueryResponse {
                push,
                state,
                code: StatusCode::OK,
            });
        }
        for code in [StatusCode::PUSH_ID_NOT_FOUND, StatusCode::NOT_IMPLEMENTED] {
            out.push(Action::StatusQueryResponse {
                push,
                state: MsgState::Unknown,
                code,
            });
        }
        out.push(Action::Expire { push });
        let app = t.app;
        let replies = [
            Reply::Ack,
            Reply::Abort {
                code: config.abort_code,
            },
            Reply::Abort {
                code: config.unregistered_abort_code,
            },
        ];
        for &client in &t.clients {
            for state in MsgState::ALL {
                for reply in replies.iter().copied().map(Some).chain([None]) {
                    out.push(Action::ResultNotification {
                        client,
                        push,
                        state,
                        code: model.rn_code(state, reply),
                    });
                }
            }
            for confirmed in [false, true] {
                out.push(Action::OtaPush {
                    push,
                    client,
                    confirmed,
                    app,
                });
                out.push(Action::OtaDeliver {
                    push,
                    client,
                    confirmed,
                    app,
                });
            }
            out.push(Action::OtaLose { push, client });
            out.push(Action::OtaDuplicate { push, client });
            for reply in replies {
                out.push(Action::ClientReply {
                    push,
                    client,
                    reply,
                });
                out.push(Action::ReplyArrive {
                    push,
                    client,
                    reply,
                });
            }
            out.push(Action::ReplyLose { push, client });
            out.push(Action::ConfirmTimeout { push, client });
            out.push(Action::Undeliverable { push, client });
        }
    }
    for client in 0..config.clients.len() as u8 {
        out.push(Action::Ccq { client });
        for code in [
            StatusCode::OK,
            StatusCode::CAPABILITY_MATCHING_NOT_SUPPORTED,
        ] {
            out.push(Action::CcqResponse { client, code });
        }
    }
    for kind in [BadDocument::Malformed, BadDocument::UnsupportedVersion] {
        out.push(Action::SubmitBad { kind });
        out.push(Action::BadMessageResponse {
            code: kind.answer(),
        });
    }
    for now in 0..=model.beyond() {
        out.push(Action::Tick { now });
    }
    out
}

/// Plays the moves `choices` picks against the reference PPG (with `mutant`) and the model.
fn play(config: &PpgConfig, mutant: Option<PpgMutant>, choices: &[u64]) -> Outcome {
    let adapter = ReferencePpgAdapter::new(config.clone(), mutant);
    play_with(config, "ppg", Box::new(adapter), choices)
}

/// Plays the moves `choices` picks against the IUT behind `adapter`, playing `role`. A move is
/// an enabled input of the role or a clock tick (a stimulus), or an enabled step of another role
/// (an environment step, applied to the oracle only).
fn play_with(
    config: &PpgConfig,
    role: &str,
    mut adapter: Box<dyn Adapter>,
    choices: &[u64],
) -> Outcome {
    let model = PpgModel::new(config.clone()).expect("valid configuration");
    let mut oracle = Oracle::new(&model, role).expect("oracle");
    let mut classes = BTreeSet::new();
    adapter
        .reset(&Setup {
            model: "ppg".into(),
            role: role.into(),
            config: serde_json::to_value(config).expect("config serialises"),
            vector_id: "differential".into(),
        })
        .expect("reset");
    let env: Vec<Action> = vocabulary(&model)
        .into_iter()
        .filter(|a| model.label(a).role != role)
        .collect();
    let mut now = 0;
    let mut trace = Vec::new();
    for &choice in choices {
        let mut moves: Vec<Action> = oracle
            .enabled(Direction::Input)
            .iter()
            .map(|v| oracle.action(v).expect("model action"))
            .collect();
        moves.extend(env.iter().filter(|a| oracle.allows(a)).copied());
        if moves.is_empty() {
            break;
        }
        let Some(&action) = moves.get((choice % moves.len() as u64) as usize) else {
            break;
        };
        let label = model.label(&action);
        let stimulus = matches!(action, Action::Tick { .. })
            || (label.role == role && label.direction == Direction::Input);
        if !stimulus {
            trace.push(format!("env {action:?}"));
            assert!(oracle.apply(&action).expect("oracle"), "env move allowed");
            continue;
        }
        trace.push(format!("stimulus {action:?}"));
        let wire = PpgBinding.render(&model, now, &action);
        if let Action::Tick { now: t } = action {
            now = t;
        }
        let msg = Message {
            action: serde_json::to_value(action).expect("action serialises"),
            wire,
        };
        adapter
            .stimulate(&msg)
            .unwrap_or_else(|e| panic!("adapter refused {action:?}: {e}\n{trace:#?}"));
        assert!(oracle.apply(&action).expect("oracle"), "stimulus allowed");
        let observed = match adapter.collect(Duration::ZERO) {
            Ok(o) => o,
            Err(AdapterError::Unmappable { reason, .. }) => {
                return Outcome::Fail {
                    reason: format!("unmappable output: {reason}"),
                    trace,
                };
            }
            Err(e) => panic!("adapter error: {e}\n{trace:#?}"),
        };
        for m in observed {
            let a = oracle.action(&m.action).expect("model action");
            trace.push(format!("observed {a:?}"));
            classes.insert(model.label(&a).class);
            assert!(
                oracle.is_role(&a, Direction::Output),
                "an output of the PPG"
            );
            let allowed = oracle.enabled(Direction::Output);
            if !oracle.apply(&a).expect("oracle") {
                return Outcome::Fail {
                    reason: format!(
                        "forbidden {}; allowed {}",
                        m.action,
                        serde_json::Value::Array(allowed)
                    ),
                    trace,
                };
            }
        }
        if !oracle.settle_quiescent() {
            return Outcome::Fail {
                reason: format!("quiet but owes {}", serde_json::Value::Array(oracle.owed())),
                trace,
            };
        }
    }
    Outcome::Pass(classes)
}

fn seeded_choices(seed: u64, n: usize) -> Vec<u64> {
    let mut rng = Rng(seed);
    (0..n).map(|_| rng.next()).collect()
}

#[test]
fn reference_ppg_never_fails_on_random_sequences() {
    fn prop(config: u8, choices: Vec<u64>) -> TestResult {
        let configs = configs();
        let config = &configs[usize::from(config) % configs.len()];
        match play(config, None, &choices) {
            Outcome::Pass(_) => TestResult::passed(),
            Outcome::Fail { reason, trace } => {
                TestResult::error(format!("{reason}\n{}", trace.join("\n")))
            }
        }
    }
    QuickCheck::new()
        .tests(300)
        .quickcheck(prop as fn(u8, Vec<u64>) -> TestResult);
}

#[test]
fn reference_ppg_never_fails_on_seeded_sequences() {
    let mut classes = BTreeSet::new();
    for (c, config) in configs().iter().enumerate() {
        for seed in 0..SEEDS {
            match play(config, None, &seeded_choices(seed, MOVES)) {
                Outcome::Pass(seen) => classes.extend(seen),
                Outcome::Fail { reason, trace } => {
                    panic!("config {c} seed {seed}: {reason}\n{}", trace.join("\n"))
                }
            }
        }
    }
    // Not vacuous: every kind of PPG output was observed and judged.
    assert_eq!(
        classes.into_iter().collect::<Vec<_>>(),
        [
            "ppg.badmessage-response",
            "ppg.cancel-response",
            "ppg.ccq-response",
            "ppg.ota-push",
            "ppg.push-response",
            "ppg.result-notification",
            "ppg.statusquery-response",
        ]
    );
}

/// The first seed on which the reference PPG running `reference` (instead of the configuration
/// derived from the model) fails against configuration `config`.
fn disagreement(config: &PpgConfig, reference: reference::PpgConfig) -> Option<(u64, String)> {
    // Twenty times the usual seeds: a disagreement may need a long, specific sequence (e.g. a
    // resubmission after a final state for the retention knob), and the client's presentation
    // steps dilute the random choices.
    (0..20 * SEEDS).find_map(|seed| {
        let adapter =
            ReferencePpgAdapter::with_reference_config(config.clone(), reference.clone(), None);
        match play_with(
            config,
            "ppg",
            Box::new(adapter),
            &seeded_choices(seed, MOVES),
        ) {
            Outcome::Pass(_) => None,
            Outcome::Fail { reason, .. } => Some((seed, reason)),
        }
    })
}

/// Every policy in which the reference PPG's defaults and the model disagree, each shown by a
/// failing sequence when the adapter does not derive it from the model configuration.
#[test]
fn reference_defaults_that_disagree_with_the_model_fail() {
    let configs = configs();
    let derived = |c: usize| ppg_config_for(&configs[c]);
    let cases: Vec<(&str, usize, reference::PpgConfig)> = vec![
        // PAP-TS-BEFORE-EXPIRE: the reference kept a confirmed push in flight pending past
        // deliver-before and ended it in timeout.
        (
            "expire_in_flight",
            2,
            reference::PpgConfig {
                expire_in_flight: false,
                ..derived(2)
            },
        ),
        // PAP-STATUS-QUERY: 1001 with a pending state instead of 1000.
        (
            "status_query_code",
            0,
            reference::PpgConfig {
                status_query_code: StatusQueryCode::State,
                ..derived(0)
            },
        ),
        // The code of expired / timeout / undeliverable (model: rn_failure_code).
        (
            "failure_code",
            2,
            reference::PpgConfig {
                failure_code: StatusCode::SERVICE_FAILURE,
                ..derived(2)
            },
        ),
        // PAP-DM-PREFERCONFIRMED per client: a client that cannot acknowledge.
        (
            "unconfirmed_only_addresses",
            0,
            reference::PpgConfig {
                unconfirmed_only_addresses: Vec::new(),
                ..derived(0)
            },
        ),
        // Cancel and status query not implemented: 3001.
        (
            "cancel_supported / status_query_supported",
            2,
            reference::PpgConfig {
                cancel_supported: true,
                status_query_supported: true,
                ..derived(2)
            },
        ),
        // PAP-CCQ: capability matching supported.
        (
            "capability_matching",
            2,
            reference::PpgConfig {
                capability_matching: false,
                ..derived(2)
            },
        ),
        // PAP-PUSHID-DUP: the model holds every push-id for the whole run.
        (
            "retention_secs",
            1,
            reference::PpgConfig {
                retention_secs: reference::DEFAULT_RETENTION_SECS,
                ..derived(1)
            },
        ),
        // PAP-DM-CONFIRMED-TIMEOUT: the acknowledgement wait is the model's confirm_timeout.
        (
            "ack_timeout_secs",
            2,
            reference::PpgConfig {
                ack_timeout_secs: reference::DEFAULT_ACK_TIMEOUT_SECS,
                ..derived(2)
            },
        ),
        // Retransmission timed by the reference's own timer (one tick per attempt, the last
        // attempt timing out at the model's confirm_timeout). The model forbids a retransmission
        // once the acknowledgement deadline has come (beyond the horizon every deadline comes at
        // once, but the reference's timer still retransmits first) and while the bearer holds
        // max_in_flight copies; the adapter therefore configures no retransmission.
        (
            "max_retransmissions",
            2,
            reference::PpgConfig {
                ack_timeout_secs: 60,
                max_retransmissions: 1,
                ..derived(2)
            },
        ),
    ];
    let mut agreeing = Vec::new();
    for (knob, c, reference) in cases {
        match disagreement(&configs[c], reference) {
            Some((seed, reason)) => eprintln!("{knob} (config {c}, seed {seed}): {reason}"),
            None => agreeing.push(knob),
        }
    }
    assert_eq!(agreeing, Vec::<&str>::new());
}

/// The first (configuration, seed) on which `mutant` fails, if any.
fn kill(mutant: PpgMutant) -> Option<(usize, u64, String)> {
    let configs = configs();
    for seed in 0..SEEDS {
        for (c, config) in configs.iter().enumerate() {
            if let Outcome::Fail { reason, .. } =
                play(config, Some(mutant), &seeded_choices(seed, MOVES))
            {
                return Some((c, seed, reason));
            }
        }
    }
    None
}

#[test]
fn random_search_kills_the_ppg_mutants() {
    let mut killed = Vec::new();
    let mut survived = Vec::new();
    for &mutant in PpgMutant::ALL {
        match kill(mutant) {
            Some((c, seed, reason)) => {
                eprintln!(
                    "killed {} (config {c}, seed {seed}): {reason}",
                    mutant.name()
                );
                killed.push(mutant.name());
            }
            None => {
                eprintln!("survived {}", mutant.name());
                survived.push(mutant.name());
            }
        }
    }
    // `never-notifies` breaks a liveness requirement (PAP-LIVE-RN) with an output that is never
    // urgent: no single observation is forbidden, and this search judges quiet only against
    // urgent owed outputs. The runner's verdict on quiescence beyond every deadline kills it
    // (`tests/selftest.rs`); this search has none.
    assert_eq!(survived, ["never-notifies"], "killed: {killed:?}");
}

/// Plays the push client (with `mutant`) against the model.
fn play_client(config: &PpgConfig, mutant: Option<PushClientMutant>, choices: &[u64]) -> Outcome {
    let adapter = ReferencePushClientAdapter::new(config.clone(), mutant);
    play_with(config, "push-client", Box::new(adapter), choices)
}

#[test]
fn reference_push_client_never_fails_on_seeded_sequences() {
    let mut classes = BTreeSet::new();
    for (c, config) in configs().iter().enumerate() {
        for seed in 0..SEEDS {
            match play_client(config, None, &seeded_choices(seed, MOVES)) {
                Outcome::Pass(seen) => classes.extend(seen),
                Outcome::Fail { reason, trace } => {
                    panic!("config {c} seed {seed}: {reason}\n{}", trace.join("\n"))
                }
            }
        }
    }
    assert_eq!(
        classes.into_iter().collect::<Vec<_>>(),
        ["push-client.present", "push-client.reply"]
    );
}

/// The push-client mutants the search kills: all of them. `presents-duplicates` is killed
/// through the model's `Present` output (OTA-DUPLICATE); `acks-unregistered-app` in
/// [`PpgConfig::applications`], whose client does not register the application of a confirmed
/// push (PUSH-APP-UNREGISTERED).
#[test]
fn random_search_kills_the_observable_push_client_mutants() {
    let mut killed = Vec::new();
    for &mutant in PushClientMutant::ALL {
        let hit = (0..SEEDS).find_map(|seed| {
            configs().iter().enumerate().find_map(|(c, config)| {
                match play_client(config, Some(mutant), &seeded_choices(seed, MOVES)) {
                    Outcome::Fail { reason, .. } => Some((c, seed, reason)),
                    Outcome::Pass(_) => None,
                }
            })
        });
        if let Some((c, seed, reason)) = hit {
            eprintln!(
                "killed {} (config {c}, seed {seed}): {reason}",
                mutant.name()
            );
            killed.push(mutant.name());
        }
    }
    assert_eq!(
        killed,
        [
            "never-acks",
            "presents-duplicates",
            "acks-unregistered-app",
            "duplicate-not-reacked"
        ]
    );
}
