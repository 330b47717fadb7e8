//! The wake-up model's safety properties and witnesses, each naming its requirement (a
//! property's name starts with its requirement id).

use super::{Capdu, Env, Link, Monitor, Outcome, Rapdu, Scenario, State, WakeupModel};
use stateright::{Expectation, Property};

/// One row of [`table`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PropertyInfo {
    /// The stateright property name (starts with the requirement id).
    pub name: &'static str,
    /// The requirement registry id.
    pub requirement: &'static str,
    /// `always`, `sometimes` or `liveness`.
    pub kind: &'static str,
}

const SAFETY: [(Monitor, &str); 13] = [
    (
        Monitor::ProfileFirst,
        "CAT-PROFILE: the terminal sends TERMINAL PROFILE before any other command",
    ),
    (
        Monitor::FetchPending,
        "CAT-FETCH-PENDING: no proactive command without a pending 91xx; FETCH only after 91xx",
    ),
    (
        Monitor::TrOnce,
        "CAT-TR-ONCE: one TERMINAL RESPONSE per fetched command, none without one",
    ),
    (
        Monitor::EventList,
        "CAT-EVENT-LIST: event download only for registered events",
    ),
    (
        Monitor::UiccFacility,
        "CAT-PROFILE: the UICC uses no facility the terminal profile lacks",
    ),
    (
        Monitor::Timer,
        "CAT-TIMER: TIMER EXPIRATION only for a started timer that ran out",
    ),
    (
        Monitor::Result,
        "CAT-TR-RESULT: the general result is the one the command calls for (30, 31, 32, 36)",
    ),
    (
        Monitor::ApduError,
        "CAT-APDU-ERROR: an unparsable ENVELOPE or a stray FETCH is answered with an error",
    ),
    (
        Monitor::CallControl,
        "CAT-CALL-CONTROL: CALL CONTROL only for a call the user dialled",
    ),
    (
        Monitor::ResultNotUnderstood,
        "CAT-NOT-UNDERSTOOD: malformed command data or an unknown CR object is answered 32",
    ),
    (
        Monitor::ResultMissing,
        "CAT-MISSING: a command missing a mandatory object is answered 36",
    ),
    (
        Monitor::ResultTypeUnknown,
        "CAT-TYPE-UNKNOWN: a command of an unknown type is answered 31",
    ),
    (
        Monitor::ResultBeyond,
        "CAT-PROFILE: a command beyond the terminal profile is answered 30",
    ),
];

/// Name of the STATUS witness.
pub const STATUS_WITNESS: &str = "CAT-STATUS: an idle STATUS is answered 91 xx";
/// Name of the location status witness.
pub const LOCATION_WITNESS: &str =
    "CAT-LOCATION-STATUS: a location change is downloaded to the UICC as a location status event";

/// Names of the witnesses, per scenario.
const WITNESSES: [(Scenario, &str); 5] = [
    (
        Scenario::PowerOn,
        "DMSC-6-WAKEUP: a power-on wake-up reaches its trigger",
    ),
    (
        Scenario::Timer,
        "DMSC-6-WAKEUP: a timer-expiration wake-up reaches its trigger",
    ),
    (
        Scenario::Status,
        "DMSC-6-WAKEUP: a STATUS wake-up reaches its trigger",
    ),
    (
        Scenario::CallControl,
        "DMSC-6-WAKEUP: a customer-care call wake-up reaches its trigger",
    ),
    (
        Scenario::Location,
        "DMSC-6-WAKEUP: a roaming wake-up reaches its trigger",
    ),
];

/// Name of the busy witness.
pub const BUSY_WITNESS: &str = "CAT-BUSY: an ENVELOPE answered 93 00 is retried";
/// Name of the reported-failure witness.
pub const FAILED_WITNESS: &str = "DMSC-7-NOTIFY: a wake-up ends in a reported failure";

fn monitor_clear(m: Monitor) -> fn(&WakeupModel, &State) -> bool {
    macro_rules! clear {
        ($($m:ident),*) => {
            match m {
                $(Monitor::$m => |_, s| !Monitor::$m.fired(s),)*
            }
        };
    }
    clear!(
        ProfileFirst,
        FetchPending,
        TrOnce,
        EventList,
        UiccFacility,
        Timer,
        Result,
        ApduError,
        CallControl,
        ResultNotUnderstood,
        ResultMissing,
        ResultTypeUnknown,
        ResultBeyond
    )
}

fn triggered(s: Scenario) -> fn(&WakeupModel, &State) -> bool {
    match s {
        Scenario::PowerOn => |_, st| st.uicc.triggered & (1 << Scenario::PowerOn as u8) != 0,
        Scenario::Timer => |_, st| st.uicc.triggered & (1 << Scenario::Timer as u8) != 0,
        Scenario::Status => |_, st| st.uicc.triggered & (1 << Scenario::Status as u8) != 0,
        Scenario::CallControl => {
            |_, st| st.uicc.triggered & (1 << Scenario::CallControl as u8) != 0
        }
        Scenario::Location => |_, st| st.uicc.triggered & (1 << Scenario::Location as u8) != 0,
    }
}

/// Whether configuration `m` can witness a wake-up by `s` (the profile offers what it needs, the
/// environment's budget reaches it, and a trigger facility exists).
fn reachable(m: &WakeupModel, s: Scenario) -> bool {
    let c = &m.config;
    let p = c.profile;
    let trigger = p.open_channel || p.send_sms;
    // The power-on wake-up takes the first of the budget; the others need one more.
    let others = c.wakes >= if c.wake_on.power_on { 2 } else { 1 };
    trigger
        && match s {
            Scenario::PowerOn => c.wake_on.power_on && c.wakes >= 1,
            Scenario::Timer => c.wake_on.timer && p.timer && c.ticks >= 1 && others,
            Scenario::Status => c.wake_on.status && c.ticks >= 1 && others,
            Scenario::CallControl => {
                c.wake_on.call_control && p.call_control && c.calls >= 1 && others
            }
            Scenario::Location => {
                c.wake_on.location && p.location_status && c.location_changes >= 1 && others
            }
        }
}

/// Every stateright property of configuration `m`: the safety properties, and the witnesses the
/// configuration can reach.
pub fn all(m: &WakeupModel) -> Vec<Property<WakeupModel>> {
    let mut out: Vec<Property<WakeupModel>> = SAFETY
        .iter()
        .map(|(mon, name)| Property::always(name, monitor_clear(*mon)))
        .collect();
    for (s, name) in WITNESSES {
        if reachable(m, s) {
            out.push(Property::sometimes(name, triggered(s)));
        }
    }
    if m.config.ticks > 0 && m.config.wake_on.status && reachable(m, Scenario::Status) {
        out.push(Property::sometimes(STATUS_WITNESS, |_, s: &State| {
            s.link == Link::Response(Capdu::Status, Rapdu::Pending)
        }));
    }
    if m.config.location_changes > 0
        && m.config.profile.location_status
        && m.config.wake_on.location
    {
        out.push(Property::sometimes(LOCATION_WITNESS, |_, s: &State| {
            matches!(
                s.link,
                Link::AtUicc(Capdu::Envelope(Env::LocationStatus { .. }))
            )
        }));
    }
    if m.config.busy > 0 && m.config.wakes > 0 {
        out.push(Property::sometimes(BUSY_WITNESS, |_, s: &State| {
            s.terminal.retry
        }));
    }
    if m.config.profile.open_channel || m.config.profile.send_sms {
        out.push(Property::sometimes(FAILED_WITNESS, |_, s: &State| {
            s.uicc.last_outcome == Some(Outcome::Failed)
        }));
    }
    out
}

/// Name, requirement and kind of every property of `m`, liveness included.
pub fn table(m: &WakeupModel) -> Vec<PropertyInfo> {
    use crate::explorer::LivenessModel;
    let mut t: Vec<PropertyInfo> = all(m)
        .iter()
        .map(|p| PropertyInfo {
            name: p.name,
            requirement: requirement_of(p.name),
            kind: match p.expectation {
                Expectation::Always => "always",
                Expectation::Sometimes => "sometimes",
                Expectation::Eventually => "eventually",
            },
        })
        .collect();
    for l in m.liveness() {
        t.push(PropertyInfo {
            name: l.name,
            requirement: l.requirement,
            kind: "liveness",
        });
    }
    t
}

/// The requirement id a property name starts with.
fn requirement_of(name: &'static str) -> &'static str {
    name.split_once(':').map_or(name, |(id, _)| id)
}
