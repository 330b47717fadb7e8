//! The [`Reporter`] trait, [`Fanout`], and [`write_all_reports`].

use std::path::{Path, PathBuf};

use crate::error::ReportError;
use crate::events::RunEvent;
use crate::html::HtmlReporter;
use crate::json::JsonReporter;
use crate::junit::JunitReporter;
use crate::record::RunRecord;

/// A sink for run events. Reporters consume events; they never drive the run.
///
/// The runner calls [`Reporter::handle`] for every event, in order, then [`Reporter::finish`]
/// once, also when the run was interrupted before `RunFinished` (file reporters then write a
/// report marked incomplete).
pub trait Reporter {
    /// Takes one event. An error means this reporter could not record or write it; the runner
    /// should carry on with the run and report the error at the end.
    fn handle(&mut self, event: &RunEvent) -> Result<(), ReportError>;

    /// The run is over: flush and write whatever is not written yet.
    fn finish(&mut self) -> Result<(), ReportError>;
}

/// Sends every event to several reporters. One reporter failing never stops the others from
/// getting the event; the errors are returned together ([`ReportError::Several`], or the error
/// itself when only one failed).
#[derive(Default)]
pub struct Fanout {
    reporters: Vec<Box<dyn Reporter + Send>>,
}

impl std::fmt::Debug for Fanout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fanout")
            .field("reporters", &self.reporters.len())
            .finish()
    }
}

impl Fanout {
    /// A fanout with no reporters.
    pub fn new() -> Fanout {
        Fanout::default()
    }

    /// Adds a reporter; events go to reporters in the order they were added.
    pub fn push(&mut self, reporter: Box<dyn Reporter + Send>) -> &mut Fanout {
        self.reporters.push(reporter);
        self
    }

    /// Number of reporters.
    pub fn len(&self) -> usize {
        self.reporters.len()
    }

    /// Whether there are no reporters.
    pub fn is_empty(&self) -> bool {
        self.reporters.is_empty()
    }

    fn each(
        &mut self,
        mut f: impl FnMut(&mut dyn Reporter) -> Result<(), ReportError>,
    ) -> Result<(), ReportError> {
        let mut errors: Vec<ReportError> = Vec::new();
        for r in &mut self.reporters {
            if let Err(e) = f(r.as_mut()) {
                errors.push(e);
            }
        }
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(ReportError::Several(errors)),
        }
    }
}

impl Reporter for Fanout {
    fn handle(&mut self, event: &RunEvent) -> Result<(), ReportError> {
        self.each(|r| r.handle(event))
    }

    fn finish(&mut self) -> Result<(), ReportError> {
        self.each(|r| r.finish())
    }
}

/// File name of the JSON report written by [`write_all_reports`].
pub const JSON_FILE_NAME: &str = "run.json";
/// File name of the JUnit report written by [`write_all_reports`].
pub const JUNIT_FILE_NAME: &str = "junit.xml";
/// File name of the HTML report written by [`write_all_reports`].
pub const HTML_FILE_NAME: &str = "report.html";

/// The files [`write_all_reports`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportPaths {
    /// `dir/run.json`.
    pub json: PathBuf,
    /// `dir/junit.xml`.
    pub junit: PathBuf,
    /// `dir/report.html`.
    pub html: PathBuf,
}

/// Writes the JSON, JUnit and HTML reports of `events` into `dir` (which must exist), each
/// atomically, under [`JSON_FILE_NAME`], [`JUNIT_FILE_NAME`] and [`HTML_FILE_NAME`].
///
/// The events are checked once against the order contract before anything is written.
pub fn write_all_reports(dir: &Path, events: &[RunEvent]) -> Result<ReportPaths, ReportError> {
    let mut check = RunRecord::new();
    for e in events {
        check.apply(e)?;
    }
    let paths = ReportPaths {
        json: dir.join(JSON_FILE_NAME),
        junit: dir.join(JUNIT_FILE_NAME),
        html: dir.join(HTML_FILE_NAME),
    };
    let mut fanout = Fanout::new();
    fanout
        .push(Box::new(JsonReporter::new(&paths.json)))
        .push(Box::new(JunitReporter::new(&paths.junit)))
        .push(Box::new(HtmlReporter::new(&paths.html)));
    for e in events {
        fanout.handle(e)?;
    }
    fanout.finish()?;
    Ok(paths)
}

/// What the file reporters share: the record of the run, the target path, and whether the
/// document was written already (at `RunFinished`; `finish` then has nothing left to do).
#[derive(Debug)]
pub(crate) struct FileSink {
    path: PathBuf,
    record: RunRecord,
    written: bool,
}

impl FileSink {
    pub(crate) fn new(path: PathBuf) -> FileSink {
        FileSink {
            path,
            record: RunRecord::new(),
            written: false,
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Records the event; on `RunFinished` renders and writes the document.
    pub(crate) fn handle(
        &mut self,
        event: &RunEvent,
        render: impl FnOnce(&RunRecord) -> Result<String, ReportError>,
    ) -> Result<(), ReportError> {
        self.record.apply(event)?;
        if self.record.is_complete() && !self.written {
            self.write(render)?;
        }
        Ok(())
    }

    /// Writes the document if `RunFinished` never came (an incomplete report).
    pub(crate) fn finish(
        &mut self,
        render: impl FnOnce(&RunRecord) -> Result<String, ReportError>,
    ) -> Result<(), ReportError> {
        if self.written {
            return Ok(());
        }
        self.record.started_info()?;
        self.write(render)
    }

    fn write(
        &mut self,
        render: impl FnOnce(&RunRecord) -> Result<String, ReportError>,
    ) -> Result<(), ReportError> {
        let text = render(&self.record)?;
        crate::atomic::write_atomic(&self.path, text.as_bytes())?;
        self.written = true;
        Ok(())
    }
}
