//! The adapter trait: the one seam between the runner and an implementation under test.
//!
//! An adapter does three things: reset the IUT into a vector's initial configuration, deliver one
//! stimulus, and collect what the IUT emits until it is quiescent or a timeout passes. It translates
//! between the abstract messages of the model (JSON) and the IUT's own interface (an in-process
//! state machine, PAP over HTTP, APDUs, a child process speaking JSON lines). The runner holds no
//! protocol knowledge: all of that lives in adapters and the wire bindings they use.
//!
//! Adapters are made per vector by an [`AdapterFactory`], so vectors can run in parallel and a
//! crashed or hung IUT takes only its own vector down (verdict `error`).

use crate::vector::{Vector, Wire};
use std::time::Duration;

/// The per-vector timeout of in-process IUTs, which are quiescent as soon as a call returns: a
/// vector that runs longer than this has hung.
pub const DEFAULT_VECTOR_TIMEOUT: Duration = Duration::from_secs(10);

/// What the runner tells the adapter before a vector's first step.
#[derive(Clone, Debug)]
pub struct Setup {
    /// The model the vector comes from (`"ppg"`).
    pub model: String,
    /// The IUT's role (`"ppg"`, `"push-client"`).
    pub role: String,
    /// The model configuration the suite was generated for.
    pub config: serde_json::Value,
    /// The vector's id (adapters may use it to make identifiers unique per vector).
    pub vector_id: String,
}

/// One message crossing the IUT's boundary: the abstract model action, and its wire form where the
/// adapter has one.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// The model action, as the model serialises it.
    pub action: serde_json::Value,
    /// The bytes that went over the IUT's interface, where there are any.
    pub wire: Option<Wire>,
}

/// Why an adapter could not do what it was asked: the harness or the IUT broke (verdict `error`),
/// never evidence about conformance.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AdapterError {
    /// The IUT or its connection failed (crash, refused connection, broken pipe).
    #[error("implementation under test failed: {0}")]
    Iut(String),
    /// The IUT sent something the adapter cannot map to a model action at all (e.g. bytes that do
    /// not decode). This is reported as `fail` evidence by the runner when the wire form is given.
    #[error("unmappable output from the implementation under test: {reason}")]
    Unmappable {
        /// Why it could not be mapped.
        reason: String,
        /// What was received.
        wire: Option<Wire>,
    },
    /// The IUT sent a message of the protocol that no state of the model allows, and the binding
    /// can tell which requirement it breaks without the model (e.g. a DM notification whose digest
    /// does not verify, DMNOTI-DIGEST). Reported as `fail` evidence naming `requirement`.
    #[error("forbidden output from the implementation under test: {reason} ({requirement})")]
    Forbidden {
        /// What is wrong with it.
        reason: String,
        /// The requirement registry id it breaks.
        requirement: &'static str,
        /// What was received (boxed: keeps every `Result<_, AdapterError>` small).
        wire: Option<Box<Wire>>,
    },
    /// The adapter cannot express this stimulus for this IUT (e.g. a role it does not play).
    #[error("adapter cannot deliver this stimulus: {0}")]
    Unsupported(String),
    /// Configuration or set-up problem.
    #[error("adapter set-up failed: {0}")]
    Setup(String),
}

/// The adapter contract. Implementations must be deterministic for in-process IUTs.
pub trait Adapter: Send {
    /// Put the IUT into the vector's initial configuration (a fresh instance, or a reset).
    fn reset(&mut self, setup: &Setup) -> Result<(), AdapterError>;

    /// Deliver one stimulus (an input of the IUT's role, or an advance of its clock), and return
    /// the message that actually crossed the IUT's boundary: the same abstract action, with the
    /// wire form as sent (an adapter that rewrites identifiers, timestamps or framing returns the
    /// rewritten bytes, so that the report shows what the IUT received).
    fn stimulate(&mut self, stimulus: &Message) -> Result<Message, AdapterError>;

    /// Everything the IUT emits, in order, until it is quiescent or `timeout` passes.
    /// An in-process IUT is quiescent as soon as its output queue is empty.
    fn collect(&mut self, timeout: Duration) -> Result<Vec<Message>, AdapterError>;
}

/// Makes one adapter per vector.
pub trait AdapterFactory: Send + Sync {
    /// The IUT spec string this factory was made from (e.g. `reference:ppg?mutant=dup-accept`).
    fn spec(&self) -> &str;
    /// The role the IUT plays.
    fn role(&self) -> &str;
    /// A fresh adapter.
    fn create(&self) -> Result<Box<dyn Adapter>, AdapterError>;
    /// How long one run of `vector` may take against this IUT before the runner abandons it as
    /// hung (verdict `error`), when the user sets no timeout. The default,
    /// [`DEFAULT_VECTOR_TIMEOUT`], suits in-process IUTs; an adapter that works in real time
    /// (wall-clock ticks, start-up of a real implementation, network round trips) derives it from
    /// what the vector will make it wait, so that a vector that merely takes its time is never
    /// reported as hung.
    fn default_vector_timeout(&self, vector: &Vector) -> Duration {
        let _ = vector;
        DEFAULT_VECTOR_TIMEOUT
    }
    /// The run is over: release what the factory holds for it (stop an external IUT, remove its
    /// files), also while adapters of vectors the runner gave up on still exist, and while vector
    /// threads still hold clones of the factory (dropping it then may come too late, at process
    /// exit). Called once by [`crate::suites::run`]; the default does nothing.
    fn finish(&self) {}
}
