//! The PPG model's action metadata, declared once.
//!
//! Every fact the rest of pushwake needs about an action (its role and direction, the role at the
//! other end, its class, whether it is urgent, weakly fair or a step of the clock, the ICS item it
//! needs, whether it is negative, the requirement it implements) is written here and nowhere else:
//! [`Class::meta`] is the table of the facts fixed per class, [`Class::of`] puts every action in
//! its class (an exhaustive match: a new action without a class does not compile), and the few
//! facts that depend on an action's values (which status code, which options) are the functions
//! below it. [`PpgModel::label`](crate::LabelledModel::label), the liveness properties' fairness,
//! the conformance binding's ICS items and negative flags all derive from this file.

use super::{Action, Method, PAST_DEADLINE_CODES, Reply, Stage, UNREGISTERED_ABORT_CODE, req};
use crate::{ActionLabel, Direction, IcsItem};
use pushwake_codecs::pap::StatusCode;

/// The roles of the PPG model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The Push Initiator (always played by the tester).
    Pi,
    /// The Push Proxy Gateway.
    Ppg,
    /// The device's push client.
    PushClient,
    /// The over-the-air bearer (always simulated).
    Bearer,
    /// The model clock.
    Clock,
}

impl Role {
    /// Every role, in a fixed order.
    pub const ALL: [Role; 5] = [
        Role::Pi,
        Role::Ppg,
        Role::PushClient,
        Role::Bearer,
        Role::Clock,
    ];

    /// The roles an implementation under test can play.
    pub const IUT: [Role; 2] = [Role::Ppg, Role::PushClient];

    /// Its name in labels, suites and IUT specs.
    pub const fn name(self) -> &'static str {
        match self {
            Role::Pi => "pi",
            Role::Ppg => "ppg",
            Role::PushClient => "push-client",
            Role::Bearer => "bearer",
            Role::Clock => "clock",
        }
    }

    /// What the role does, for `pushwake list roles`.
    pub const fn description(self) -> &'static str {
        match self {
            Role::Pi => {
                "the Push Initiator: PAP 2.0 requests in, answers and result notifications out"
            }
            Role::Ppg => {
                "the Push Proxy Gateway: PAP 2.0 in, OTA push and result notifications out"
            }
            Role::PushClient => {
                "the device's push client: OTA push in, presentation, acknowledgements and aborts out"
            }
            Role::Bearer => "the over-the-air bearer: delivers, loses or duplicates copies",
            Role::Clock => "the model clock",
        }
    }

    /// The role named `name`.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// The PPG model's ICS items: optional features of a PPG (WAP-247-PAP and WAP-249-PPGService let
/// a PPG leave them out). A push client has none: it must offer unconfirmed and confirmed
/// delivery (SIPPUSH-REQ7 / REQ8 are MUSTs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ics {
    Confirmed,
    ResultNotification,
    ProgressNotes,
    DeliverAfter,
    DeliverBefore,
    Cancel,
    StatusQuery,
    Ccq,
    MultipleAddresses,
}

/// The ICS items, in bit order (item `k` is bit `k` of [`ActionLabel::ics`]).
pub const ICS_ITEMS: [IcsItem; 9] = [
    IcsItem {
        name: "PPG-CONFIRMED",
        role: "ppg",
        description: "confirmed delivery (quality-of-service delivery-method confirmed / preferconfirmed), WAP-247-PAP",
    },
    IcsItem {
        name: "PPG-RESULT-NOTIFICATION",
        role: "ppg",
        description: "result notifications to ppg-notify-requested-to, WAP-247-PAP resultnotification-message",
    },
    IcsItem {
        name: "PPG-PROGRESS-NOTES",
        role: "ppg",
        description: "progress-note elements when progress-notes-requested, WAP-247-PAP push-response",
    },
    IcsItem {
        name: "PPG-DELIVER-AFTER",
        role: "ppg",
        description: "deliver-after-timestamp honoured (push held until then), WAP-247-PAP push-message",
    },
    IcsItem {
        name: "PPG-DELIVER-BEFORE",
        role: "ppg",
        description: "deliver-before-timestamp honoured (push expires then), WAP-247-PAP push-message",
    },
    IcsItem {
        name: "PPG-CANCEL",
        role: "ppg",
        description: "cancel-message / cancel-response, WAP-247-PAP",
    },
    IcsItem {
        name: "PPG-STATUS-QUERY",
        role: "ppg",
        description: "statusquery-message / statusquery-response, WAP-247-PAP",
    },
    IcsItem {
        name: "PPG-CCQ",
        role: "ppg",
        description: "client capabilities query (ccq-message / ccq-response), WAP-247-PAP",
    },
    IcsItem {
        name: "PPG-MULTIPLE-ADDRESSES",
        role: "ppg",
        description: "a push-message naming several addresses, delivered to each (not refused 3005), WAP-247-PAP",
    },
];

impl Ics {
    /// Its bit in [`ActionLabel::ics`].
    pub const fn bit(self) -> u32 {
        1 << (self as u32)
    }

    /// Its name in ICS files.
    pub const fn name(self) -> &'static str {
        ICS_ITEMS[self as usize].name
    }
}

/// The facts fixed for every action of a class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClassMeta {
    /// The class name (`<role>.<what>`), as labels, coverage and reports show it.
    pub name: &'static str,
    /// The role the action belongs to.
    pub role: Role,
    /// Input to, output of, or internal to `role`.
    pub direction: Direction,
    /// Who sends an input, who receives an output (`role` itself for an internal step).
    pub peer: Role,
    /// Owed now (see [`ActionLabel::urgent`]).
    pub urgent: bool,
    /// Weakly fair for the liveness properties: the PPG's and the bearer's progress, and the
    /// clock (time does not stop).
    pub fair: bool,
    /// A step of the clock.
    pub time: bool,
    /// The ICS item every action of the class needs, if any.
    pub ics: Option<Ics>,
}

/// The action classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    PiSubmit,
    PiSubmitBad,
    PiCancel,
    PiStatusQuery,
    PiCcq,
    PiRnResponse,
    PushResponse,
    BadMessageResponse,
    CancelResponse,
    StatusQueryResponse,
    CcqResponse,
    ResultNotification,
    OtaPush,
    Expire,
    ConfirmTimeout,
    Undeliverable,
    BearerDeliver,
    BearerLose,
    BearerDuplicate,
    BearerDeliverReply,
    BearerLoseReply,
    ClientPresent,
    ClientReply,
    ClockTick,
}

impl Class {
    /// Every class, in declaration order.
    pub const ALL: [Class; 24] = [
        Class::PiSubmit,
        Class::PiSubmitBad,
        Class::PiCancel,
        Class::PiStatusQuery,
        Class::PiCcq,
        Class::PiRnResponse,
        Class::PushResponse,
        Class::BadMessageResponse,
        Class::CancelResponse,
        Class::StatusQueryResponse,
        Class::CcqResponse,
        Class::ResultNotification,
        Class::OtaPush,
        Class::Expire,
        Class::ConfirmTimeout,
        Class::Undeliverable,
        Class::BearerDeliver,
        Class::BearerLose,
        Class::BearerDuplicate,
        Class::BearerDeliverReply,
        Class::BearerLoseReply,
        Class::ClientPresent,
        Class::ClientReply,
        Class::ClockTick,
    ];

    /// The table: the facts fixed for each class.
    pub const fn meta(self) -> ClassMeta {
        use Direction::{Input, Internal, Output};
        const fn c(
            name: &'static str,
            role: Role,
            direction: Direction,
            peer: Role,
            urgent: bool,
            fair: bool,
            ics: Option<Ics>,
        ) -> ClassMeta {
            ClassMeta {
                name,
                role,
                direction,
                peer,
                urgent,
                fair,
                time: false,
                ics,
            }
        }
        const U: bool = true; // urgent
        const F: bool = true; // fair
        const N: bool = false;
        match self {
            // PI -> PPG: the tester's requests; not fair (the PI may stop asking).
            Class::PiSubmit => c("pi.submit", Role::Ppg, Input, Role::Pi, N, N, None),
            Class::PiSubmitBad => c("pi.submit-bad", Role::Ppg, Input, Role::Pi, N, N, None),
            Class::PiCancel => c(
                "pi.cancel",
                Role::Ppg,
                Input,
                Role::Pi,
                N,
                N,
                Some(Ics::Cancel),
            ),
            Class::PiStatusQuery => c(
                "pi.status-query",
                Role::Ppg,
                Input,
                Role::Pi,
                N,
                N,
                Some(Ics::StatusQuery),
            ),
            Class::PiCcq => c("pi.ccq", Role::Ppg, Input, Role::Pi, N, N, Some(Ics::Ccq)),
            Class::PiRnResponse => c(
                "pi.rn-response",
                Role::Ppg,
                Input,
                Role::Pi,
                N,
                N,
                Some(Ics::ResultNotification),
            ),
            // PPG -> PI: every request is answered now (urgent).
            Class::PushResponse => c("ppg.push-response", Role::Ppg, Output, Role::Pi, U, F, None),
            Class::BadMessageResponse => c(
                "ppg.badmessage-response",
                Role::Ppg,
                Output,
                Role::Pi,
                U,
                F,
                None,
            ),
            Class::CancelResponse => c(
                "ppg.cancel-response",
                Role::Ppg,
                Output,
                Role::Pi,
                U,
                F,
                Some(Ics::Cancel),
            ),
            Class::StatusQueryResponse => c(
                "ppg.statusquery-response",
                Role::Ppg,
                Output,
                Role::Pi,
                U,
                F,
                Some(Ics::StatusQuery),
            ),
            Class::CcqResponse => c(
                "ppg.ccq-response",
                Role::Ppg,
                Output,
                Role::Pi,
                U,
                F,
                Some(Ics::Ccq),
            ),
            // Not urgent: the PPG sends it when it likes, but eventually (PAP-LIVE-RN).
            Class::ResultNotification => c(
                "ppg.result-notification",
                Role::Ppg,
                Output,
                Role::Pi,
                N,
                F,
                Some(Ics::ResultNotification),
            ),
            // Not urgent: the PPG may hold a push, but eventually sends it (PAP-LIVE-FINAL).
            Class::OtaPush => c("ppg.ota-push", Role::Ppg, Output, Role::Bearer, N, F, None),
            Class::Expire => c(
                "ppg.expire",
                Role::Ppg,
                Internal,
                Role::Ppg,
                U,
                F,
                Some(Ics::DeliverBefore),
            ),
            Class::ConfirmTimeout => c(
                "ppg.confirm-timeout",
                Role::Ppg,
                Internal,
                Role::Ppg,
                U,
                F,
                Some(Ics::Confirmed),
            ),
            Class::Undeliverable => c(
                "ppg.undeliverable",
                Role::Ppg,
                Internal,
                Role::Ppg,
                U,
                F,
                Some(Ics::Confirmed),
            ),
            // The bearer: delivery is fair, loss and duplication are not (they may stop).
            Class::BearerDeliver => c(
                "bearer.deliver",
                Role::PushClient,
                Input,
                Role::Bearer,
                N,
                F,
                None,
            ),
            Class::BearerLose => c(
                "bearer.lose",
                Role::Bearer,
                Internal,
                Role::Bearer,
                N,
                N,
                None,
            ),
            Class::BearerDuplicate => c(
                "bearer.duplicate",
                Role::Bearer,
                Internal,
                Role::Bearer,
                N,
                N,
                None,
            ),
            Class::BearerDeliverReply => c(
                "bearer.deliver-reply",
                Role::Ppg,
                Input,
                Role::Bearer,
                N,
                F,
                Some(Ics::Confirmed),
            ),
            Class::BearerLoseReply => c(
                "bearer.lose-reply",
                Role::Bearer,
                Internal,
                Role::Bearer,
                N,
                N,
                None,
            ),
            // The push client answers at once (urgent); not among the liveness fairness classes
            // (its replies are the bearer's to deliver or lose).
            Class::ClientPresent => c(
                "push-client.present",
                Role::PushClient,
                Output,
                Role::PushClient,
                U,
                N,
                None,
            ),
            Class::ClientReply => c(
                "push-client.reply",
                Role::PushClient,
                Output,
                Role::Bearer,
                U,
                N,
                None,
            ),
            Class::ClockTick => ClassMeta {
                time: true,
                ..c("clock.tick", Role::Clock, Internal, Role::Clock, N, F, None)
            },
        }
    }

    /// The class of `action`.
    pub const fn of(action: &Action) -> Class {
        match action {
            Action::Submit { .. } => Class::PiSubmit,
            Action::SubmitBad { .. } => Class::PiSubmitBad,
            Action::Cancel { .. } => Class::PiCancel,
            Action::StatusQuery { .. } => Class::PiStatusQuery,
            Action::Ccq { .. } => Class::PiCcq,
            Action::ResultNotificationResponse { .. } => Class::PiRnResponse,
            Action::PushResponse { .. } => Class::PushResponse,
            Action::BadMessageResponse { .. } => Class::BadMessageResponse,
            Action::CancelResponse { .. } => Class::CancelResponse,
            Action::StatusQueryResponse { .. } => Class::StatusQueryResponse,
            Action::CcqResponse { .. } => Class::CcqResponse,
            Action::ResultNotification { .. } => Class::ResultNotification,
            Action::OtaPush { .. } => Class::OtaPush,
            Action::OtaDeliver { .. } => Class::BearerDeliver,
            Action::OtaLose { .. } => Class::BearerLose,
            Action::OtaDuplicate { .. } => Class::BearerDuplicate,
            Action::Present { .. } => Class::ClientPresent,
            Action::ClientReply { .. } => Class::ClientReply,
            Action::ReplyArrive { .. } => Class::BearerDeliverReply,
            Action::ReplyLose { .. } => Class::BearerLoseReply,
            Action::Expire { .. } => Class::Expire,
            Action::ConfirmTimeout { .. } => Class::ConfirmTimeout,
            Action::Undeliverable { .. } => Class::Undeliverable,
            Action::Tick { .. } => Class::ClockTick,
        }
    }
}

/// The requirement `action` implements (value dependent: which answer code, which method).
pub fn requirement(action: &Action) -> &'static str {
    match *action {
        Action::Submit { clients, app, .. } => {
            if clients.len() > 1 {
                req::MULTI_ADDRESS
            } else if app.is_some() {
                req::SIPPUSH_REQ9
            } else {
                req::SUBMIT_ACCEPT
            }
        }
        Action::SubmitBad { .. } | Action::BadMessageResponse { .. } => req::SUBMIT_BADMSG,
        Action::Cancel { .. } => req::CANCEL_PENDING,
        Action::StatusQuery { .. } | Action::StatusQueryResponse { .. } => req::STATUS_QUERY,
        Action::Ccq { .. } | Action::CcqResponse { .. } => req::CCQ,
        Action::ResultNotificationResponse { .. } => req::RN_RESPONSE,
        Action::PushResponse {
            code,
            progress_note,
            ..
        } => match code {
            StatusCode::ACCEPTED_FOR_PROCESSING => match progress_note {
                None => req::SUBMIT_ACCEPT,
                Some(Stage::Other) => req::PROGRESS_NOTE,
                Some(Stage::State(_)) => req::PROGRESS_STAGE,
            },
            StatusCode::MULTIPLE_ADDRESSES_NOT_SUPPORTED => req::MULTI_ADDRESS,
            StatusCode::DUPLICATE_PUSH_ID => req::PUSHID_DUP,
            StatusCode::DELIVERY_METHOD_NOT_POSSIBLE => req::DM_CONFIRMED_IMPOSSIBLE,
            c if PAST_DEADLINE_CODES.contains(&c) => req::TS_BEFORE_PAST,
            _ => req::SUBMIT_REFUSE,
        },
        Action::CancelResponse { code, .. } => match code {
            StatusCode::CANCELLATION_NOT_POSSIBLE => req::CANCEL_NOT_PENDING,
            StatusCode::PUSH_ID_NOT_FOUND => req::CANCEL_UNKNOWN,
            _ => req::CANCEL_PENDING,
        },
        Action::ResultNotification { .. } => req::RN_ONCE,
        Action::OtaPush { confirmed, .. } => {
            if confirmed {
                req::DM_CONFIRMED
            } else {
                req::DM_UNCONFIRMED
            }
        }
        Action::OtaDeliver { confirmed, .. } => {
            if confirmed {
                req::SIPPUSH_REQ8
            } else {
                req::SIPPUSH_REQ7
            }
        }
        Action::OtaLose { .. } | Action::ReplyLose { .. } | Action::ConfirmTimeout { .. } => {
            req::DM_CONFIRMED_TIMEOUT
        }
        Action::OtaDuplicate { .. } | Action::Present { .. } => req::OTA_DUPLICATE,
        Action::ClientReply { reply, .. } => match reply {
            Reply::Ack => req::SIPPUSH_REQ8,
            // The abort a client gives a push for an application it does not have (by its
            // default code; a configuration may choose another).
            Reply::Abort { code } if code == UNREGISTERED_ABORT_CODE => req::APP_UNREGISTERED,
            Reply::Abort { .. } => req::CLIENT_ABORT,
        },
        Action::ReplyArrive { reply, .. } => match reply {
            Reply::Ack => req::DM_CONFIRMED,
            Reply::Abort { .. } => req::CLIENT_ABORT,
        },
        Action::Expire { .. } => req::TS_BEFORE_EXPIRE,
        Action::Undeliverable { .. } => req::DM_CONFIRMED_IMPOSSIBLE,
        Action::Tick { .. } => req::TS_AFTER_HOLD,
    }
}

/// Whether `action` is negative: a bad document and the badmessage-response to it; a submission
/// whose deliver-before is tick 0 (past whenever it is sent); and the answers that show a request
/// was negative (an unknown, no-longer-pending or duplicate push-id, a deadline in the past):
/// cancel-response 2004 / 2008, statusquery-response 2004, push-response 2007 and the
/// deliver-before-past codes (PAP-TS-BEFORE-PAST).
pub fn negative(action: &Action) -> bool {
    match *action {
        Action::SubmitBad { .. } | Action::BadMessageResponse { .. } => true,
        Action::Submit { deliver_before, .. } => deliver_before == Some(0),
        Action::CancelResponse { code, .. } => {
            code == StatusCode::PUSH_ID_NOT_FOUND || code == StatusCode::CANCELLATION_NOT_POSSIBLE
        }
        Action::StatusQueryResponse { code, .. } => code == StatusCode::PUSH_ID_NOT_FOUND,
        Action::PushResponse { code, .. } => {
            code == StatusCode::DUPLICATE_PUSH_ID || PAST_DEADLINE_CODES.contains(&code)
        }
        _ => false,
    }
}

/// The ICS items `action` needs: its class's, and those its options ask for.
pub fn ics(action: &Action) -> u32 {
    let class = Class::of(action).meta().ics.map_or(0, Ics::bit);
    let options = match *action {
        Action::Submit {
            clients,
            method,
            notify_requested,
            progress_notes_requested,
            deliver_before,
            deliver_after,
            ..
        } => {
            let mut bits = 0;
            let mut set = |on: bool, item: Ics| {
                if on {
                    bits |= item.bit();
                }
            };
            set(method == Method::Confirmed, Ics::Confirmed);
            set(notify_requested, Ics::ResultNotification);
            set(progress_notes_requested, Ics::ProgressNotes);
            set(deliver_after.is_some(), Ics::DeliverAfter);
            set(deliver_before.is_some(), Ics::DeliverBefore);
            set(clients.len() > 1, Ics::MultipleAddresses);
            bits
        }
        Action::PushResponse {
            progress_note: Some(_),
            ..
        } => Ics::ProgressNotes.bit(),
        Action::OtaPush {
            confirmed: true, ..
        } => Ics::Confirmed.bit(),
        _ => 0,
    };
    class | options
}

/// The label of `action`, from the table and the functions above.
pub fn label(action: &Action) -> ActionLabel {
    let m = Class::of(action).meta();
    ActionLabel {
        role: m.role.name(),
        direction: m.direction,
        class: m.name,
        requirement: requirement(action),
        urgent: m.urgent,
        peer: m.peer.name(),
        fair: m.fair,
        time: m.time,
        negative: negative(action),
        // Each item names its role (all are the PPG's): a push client under test needs none.
        ics: ics(action),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_are_unique_and_start_with_their_actor() {
        let mut names: Vec<&str> = Class::ALL.iter().map(|c| c.meta().name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Class::ALL.len());
        for c in Class::ALL {
            let m = c.meta();
            let (actor, _) = m.name.split_once('.').expect("<actor>.<what>");
            // The actor is whoever takes the step: the role for outputs and internal steps, the
            // peer for inputs.
            let taker = if m.direction == Direction::Input {
                m.peer
            } else {
                m.role
            };
            assert_eq!(actor, taker.name(), "{c:?}");
            assert!(!(m.urgent && m.direction == Direction::Input), "{c:?}");
        }
    }

    #[test]
    fn every_class_is_listed_once_in_all() {
        for (k, c) in Class::ALL.iter().enumerate() {
            assert_eq!(*c as usize, k);
        }
    }

    #[test]
    fn ics_item_bits_match_the_list() {
        for (k, item) in ICS_ITEMS.iter().enumerate() {
            assert!(k < 32, "{}", item.name);
        }
        assert_eq!(Ics::Ccq.name(), "PPG-CCQ");
        assert_eq!(Ics::Confirmed.bit(), 1);
    }
}
