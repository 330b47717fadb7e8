//! The [`Reporter`] trait, [`Fanout`], and [`write_all_reports`].

use std::path::{Path, PathBuf};

use crate::atomic::write_atomic;
use crate::error::ReportError;
use crate::events::RunEvent;
use crate::html::render_html;
use crate::json::render_json;
use crate::junit::render_junit;
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

/// File name of the JSON report written by [`DirectoryReporter`] and [`write_all_reports`].
pub const JSON_FILE_NAME: &str = "run.json";
/// File name of the JUnit report written by [`DirectoryReporter`] and [`write_all_reports`].
pub const JUNIT_FILE_NAME: &str = "junit.xml";
/// File name of the HTML report written by [`DirectoryReporter`] and [`write_all_reports`].
pub const HTML_FILE_NAME: &str = "report.html";

/// The files a [`DirectoryReporter`] (or [`write_all_reports`]) writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportPaths {
    /// `dir/run.json`.
    pub json: PathBuf,
    /// `dir/junit.xml`.
    pub junit: PathBuf,
    /// `dir/report.html`.
    pub html: PathBuf,
}

/// Writes the JSON, JUnit and HTML reports of a run into one directory, from one shared record
/// of the events (a run's traces are kept once, not once per format). Each file is written
/// atomically when the run finishes, or, marked incomplete, at [`Reporter::finish`] if it never
/// did. The runner typically puts this and a [`crate::TerminalReporter`] in a [`Fanout`].
#[derive(Debug)]
pub struct DirectoryReporter {
    paths: ReportPaths,
    record: RunRecord,
    written: bool,
}

impl DirectoryReporter {
    /// A reporter writing [`JSON_FILE_NAME`], [`JUNIT_FILE_NAME`] and [`HTML_FILE_NAME`] into
    /// `dir` (which must exist by the time the run finishes).
    pub fn new(dir: &Path) -> DirectoryReporter {
        DirectoryReporter {
            paths: ReportPaths {
                json: dir.join(JSON_FILE_NAME),
                junit: dir.join(JUNIT_FILE_NAME),
                html: dir.join(HTML_FILE_NAME),
            },
            record: RunRecord::new(),
            written: false,
        }
    }

    /// The files this reporter writes.
    pub fn paths(&self) -> &ReportPaths {
        &self.paths
    }

    /// Renders all three documents first, then writes them, so a rendering error leaves every
    /// previous file in place.
    fn write(&mut self) -> Result<(), ReportError> {
        let json = render_json(&self.record)?;
        let junit = render_junit(&self.record)?;
        let html = render_html(&self.record)?;
        write_atomic(&self.paths.json, json.as_bytes())?;
        write_atomic(&self.paths.junit, junit.as_bytes())?;
        write_atomic(&self.paths.html, html.as_bytes())?;
        self.written = true;
        Ok(())
    }
}

impl Reporter for DirectoryReporter {
    fn handle(&mut self, event: &RunEvent) -> Result<(), ReportError> {
        self.record.apply(event)?;
        if self.record.is_complete() && !self.written {
            self.write()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), ReportError> {
        if self.written {
            return Ok(());
        }
        self.record.started_info()?;
        self.write()
    }
}

/// Writes the JSON, JUnit and HTML reports of `events` into `dir` (which must exist), each
/// atomically, under [`JSON_FILE_NAME`], [`JUNIT_FILE_NAME`] and [`HTML_FILE_NAME`]; a
/// [`DirectoryReporter`] fed `events` then finished. The events are checked against the order
/// contract before anything is written.
pub fn write_all_reports(dir: &Path, events: &[RunEvent]) -> Result<ReportPaths, ReportError> {
    let mut reporter = DirectoryReporter::new(dir);
    for e in events {
        reporter.record.apply(e)?;
    }
    reporter.write()?;
    Ok(reporter.paths)
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
        write_atomic(&self.path, text.as_bytes())?;
        self.written = true;
        Ok(())
    }
}
