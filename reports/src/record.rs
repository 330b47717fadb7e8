//! [`RunRecord`]: the events of one run, checked against the order contract and kept for the
//! reporters that write one document at the end (JSON, JUnit, HTML, the terminal summary).

use std::collections::BTreeMap;

use crate::error::ReportError;
use crate::events::{RunEvent, RunInfo, RunSummary, VectorResult, VerdictCounts};

/// The events of one run so far.
///
/// Vectors are kept by index, so reports list them in index order whatever order they finished
/// in. Only `VectorFinished` results are kept; `VectorStarted` is progress only.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunRecord {
    info: Option<RunInfo>,
    vectors: BTreeMap<u64, VectorResult>,
    summary: Option<RunSummary>,
}

impl RunRecord {
    /// An empty record, waiting for `RunStarted`.
    pub fn new() -> RunRecord {
        RunRecord::default()
    }

    /// Records `event`, or says how it breaks the order contract (the record is then unchanged).
    pub fn apply(&mut self, event: &RunEvent) -> Result<(), ReportError> {
        match event {
            RunEvent::RunStarted(info) => {
                if self.info.is_some() {
                    return Err(order("run_started", "after the run already started"));
                }
                self.info = Some(info.clone());
            }
            RunEvent::VectorStarted { .. } => {
                self.check_running("vector_started")?;
            }
            RunEvent::VectorFinished(result) => {
                self.check_running("vector_finished")?;
                if self.vectors.contains_key(&result.index) {
                    return Err(ReportError::DuplicateVector {
                        index: result.index,
                    });
                }
                self.vectors.insert(result.index, result.clone());
            }
            RunEvent::RunFinished(summary) => {
                self.check_running("run_finished")?;
                let computed = VerdictCounts::of(self.vectors.values());
                if computed != summary.counts {
                    return Err(ReportError::SummaryMismatch {
                        computed,
                        reported: summary.counts,
                    });
                }
                self.summary = Some(summary.clone());
            }
        }
        Ok(())
    }

    fn check_running(&self, event: &'static str) -> Result<(), ReportError> {
        if self.info.is_none() {
            return Err(order(event, "before run_started"));
        }
        if self.summary.is_some() {
            return Err(order(event, "after run_finished"));
        }
        Ok(())
    }

    /// The run's description, once `RunStarted` came.
    pub fn info(&self) -> Option<&RunInfo> {
        self.info.as_ref()
    }

    /// The finished vectors, in index order.
    pub fn vectors(&self) -> impl ExactSizeIterator<Item = &VectorResult> + Clone {
        self.vectors.values()
    }

    /// The summary, once `RunFinished` came.
    pub fn summary(&self) -> Option<&RunSummary> {
        self.summary.as_ref()
    }

    /// Whether `RunFinished` came. A report of an incomplete run says so.
    pub fn is_complete(&self) -> bool {
        self.summary.is_some()
    }

    /// The run's description, or the error `finish()` gives when the run never started.
    pub(crate) fn started_info(&self) -> Result<&RunInfo, ReportError> {
        self.info
            .as_ref()
            .ok_or_else(|| order("finish", "before run_started: nothing to report"))
    }
}

fn order(event: &'static str, problem: &'static str) -> ReportError {
    ReportError::EventOrder { event, problem }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Verdict;

    fn info() -> RunInfo {
        RunInfo {
            tool_version: "0".into(),
            suite_id: "s".into(),
            suite_name: "s.json".into(),
            model: "ppg".into(),
            model_config: serde_json::Value::Null,
            iut_role: "ppg".into(),
            iut: "reference:ppg".into(),
            generator_version: "0".into(),
            seed: 1,
            vector_count: 2,
            partition: None,
            started_at: "2026-01-01T00:00:00Z".into(),
            ics: None,
        }
    }

    fn finished(index: u64, verdict: Verdict) -> RunEvent {
        RunEvent::VectorFinished(VectorResult {
            index,
            id: format!("v{index}"),
            title: String::new(),
            requirements: Vec::new(),
            verdict,
            reason: String::new(),
            trace: Vec::new(),
            duration_ms: 0,
            purpose: String::new(),
            kind: String::new(),
            failed_requirement: None,
        })
    }

    #[test]
    fn rejects_vector_before_run_started() {
        let mut r = RunRecord::new();
        let err = r.apply(&finished(0, Verdict::Pass)).unwrap_err();
        assert!(matches!(
            err,
            ReportError::EventOrder {
                event: "vector_finished",
                problem: "before run_started"
            }
        ));
    }

    #[test]
    fn rejects_second_run_started_and_events_after_run_finished() {
        let mut r = RunRecord::new();
        r.apply(&RunEvent::RunStarted(info())).unwrap();
        assert!(matches!(
            r.apply(&RunEvent::RunStarted(info())).unwrap_err(),
            ReportError::EventOrder {
                event: "run_started",
                ..
            }
        ));
        r.apply(&RunEvent::RunFinished(RunSummary::from_results(
            &[],
            Vec::new(),
            0,
        )))
        .unwrap();
        assert!(matches!(
            r.apply(&finished(0, Verdict::Pass)).unwrap_err(),
            ReportError::EventOrder {
                event: "vector_finished",
                problem: "after run_finished"
            }
        ));
    }

    #[test]
    fn rejects_duplicate_vector_index() {
        let mut r = RunRecord::new();
        r.apply(&RunEvent::RunStarted(info())).unwrap();
        r.apply(&finished(3, Verdict::Pass)).unwrap();
        assert!(matches!(
            r.apply(&finished(3, Verdict::Fail)).unwrap_err(),
            ReportError::DuplicateVector { index: 3 }
        ));
    }

    #[test]
    fn rejects_summary_that_disagrees_with_vectors() {
        let mut r = RunRecord::new();
        r.apply(&RunEvent::RunStarted(info())).unwrap();
        r.apply(&finished(0, Verdict::Fail)).unwrap();
        let mut summary = RunSummary::from_results(&[], Vec::new(), 0);
        summary.counts.pass = 1;
        let err = r.apply(&RunEvent::RunFinished(summary)).unwrap_err();
        let ReportError::SummaryMismatch { computed, reported } = err else {
            panic!("wrong error {err}");
        };
        assert_eq!(computed.fail, 1);
        assert_eq!(reported.pass, 1);
        assert!(!r.is_complete());
    }

    #[test]
    fn keeps_vectors_in_index_order() {
        let mut r = RunRecord::new();
        r.apply(&RunEvent::RunStarted(info())).unwrap();
        r.apply(&finished(1, Verdict::Pass)).unwrap();
        r.apply(&finished(0, Verdict::Pass)).unwrap();
        let idx: Vec<u64> = r.vectors().map(|v| v.index).collect();
        assert_eq!(idx, [0, 1]);
    }
}
