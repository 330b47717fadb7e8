//! [`TerminalReporter`]: a progress bar while the run goes, then a plain-text summary.
//!
//! The progress bar (indicatif) is drawn on stderr, and only when stderr is a terminal and the
//! caller did not ask for it hidden. The summary goes to the writer given to
//! [`TerminalReporter::new`] (stdout for [`TerminalReporter::stdout`]); [`render_summary`] gives the
//! same text as a `String`. Text that may come from the IUT (reasons, titles) is printed with its
//! control characters escaped, so an IUT cannot move the cursor or recolour the terminal.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::error::ReportError;
use crate::events::{RunEvent, Verdict};
use crate::record::RunRecord;
use crate::reporter::Reporter;
use crate::text::one_line;

/// Whether to draw the progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgressMode {
    /// Draw it when stderr is a terminal.
    Auto,
    /// Never draw it (e.g. `--no-progress`, or output captured by CI).
    Hidden,
}

/// The progress bar's template: position, bar, count, current vector id.
const PROGRESS_TEMPLATE: &str = "{elapsed_precise} [{bar:40}] {pos}/{len} {msg}";

/// Progress bar while running, summary at the end.
pub struct TerminalReporter {
    out: Box<dyn Write + Send>,
    bar: ProgressBar,
    record: RunRecord,
    summary_written: bool,
}

impl std::fmt::Debug for TerminalReporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TerminalReporter")
            .field("bar_hidden", &self.bar.is_hidden())
            .field("record", &self.record)
            .field("summary_written", &self.summary_written)
            .finish_non_exhaustive()
    }
}

impl TerminalReporter {
    /// A reporter writing its summary to `out`, with a progress bar on stderr per `progress`.
    pub fn new(out: Box<dyn Write + Send>, progress: ProgressMode) -> TerminalReporter {
        let target = match progress {
            ProgressMode::Auto if std::io::stderr().is_terminal() => ProgressDrawTarget::stderr(),
            ProgressMode::Auto | ProgressMode::Hidden => ProgressDrawTarget::hidden(),
        };
        let bar = ProgressBar::with_draw_target(None, target);
        // The template is a constant; if indicatif ever rejected it, the default style still
        // shows progress, so the error is not worth failing a run for.
        if let Ok(style) = ProgressStyle::with_template(PROGRESS_TEMPLATE) {
            bar.set_style(style.progress_chars("=> "));
        }
        TerminalReporter {
            out,
            bar,
            record: RunRecord::new(),
            summary_written: false,
        }
    }

    /// A reporter writing its summary to stdout.
    pub fn stdout(progress: ProgressMode) -> TerminalReporter {
        TerminalReporter::new(Box::new(std::io::stdout()), progress)
    }

    fn write_summary(&mut self) -> Result<(), ReportError> {
        self.bar.finish_and_clear();
        let text = render_summary(&self.record);
        self.out
            .write_all(text.as_bytes())
            .and_then(|()| self.out.flush())
            .map_err(ReportError::Terminal)?;
        self.summary_written = true;
        Ok(())
    }
}

impl Reporter for TerminalReporter {
    fn handle(&mut self, event: &RunEvent) -> Result<(), ReportError> {
        self.record.apply(event)?;
        match event {
            RunEvent::RunStarted(info) => self.bar.set_length(info.vector_count),
            RunEvent::VectorStarted { id, .. } => self.bar.set_message(one_line(id)),
            RunEvent::VectorFinished(_) => self.bar.inc(1),
            RunEvent::RunFinished(_) => self.write_summary()?,
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), ReportError> {
        if self.summary_written {
            return Ok(());
        }
        self.record.started_info()?;
        self.write_summary()
    }
}

/// The summary as text: what ran against what (and with which ICS), counts per verdict, the overall verdict, every
/// non-pass vector (index, verdict, id, title, reason and, for a fail, the requirement it
/// breaks), and the requirements nothing covers.
pub fn render_summary(record: &RunRecord) -> String {
    let mut s = String::new();
    let Some(info) = record.info() else {
        s.push_str("pushwake: the run did not start\n");
        return s;
    };
    let _ = writeln!(
        s,
        "pushwake: suite {} ({}) against {} as {}, model {}, seed {}",
        one_line(&info.suite_name),
        one_line(&info.suite_id),
        one_line(&info.iut),
        one_line(&info.iut_role),
        one_line(&info.model),
        info.seed
    );
    match &info.ics {
        Some(ics) => {
            let _ = writeln!(
                s,
                "ICS: {} ({})",
                one_line(ics.source_text()),
                one_line(&ics.short_digest())
            );
        }
        None => s.push_str("ICS: not recorded\n"),
    }
    let finished = record.vectors().len();
    match record.summary() {
        None => {
            let _ = writeln!(
                s,
                "INCOMPLETE: the run did not finish; {finished} of {} vectors finished",
                info.vector_count
            );
        }
        Some(summary) => {
            let _ = writeln!(s, "{finished} of {} vectors finished", info.vector_count);
            let _ = writeln!(s, "  {:<8} {:>8}", "verdict", "vectors");
            for v in Verdict::ALL {
                let _ = writeln!(s, "  {:<8} {:>8}", v.as_str(), summary.counts.count(v));
            }
            let _ = writeln!(s, "  {:<8} {:>8}", "total", summary.counts.total());
            let _ = writeln!(
                s,
                "overall verdict: {} ({} ms)",
                summary.verdict, summary.duration_ms
            );
        }
    }
    let non_pass: Vec<_> = record
        .vectors()
        .filter(|v| v.verdict != Verdict::Pass)
        .collect();
    if non_pass.is_empty() {
        s.push_str("no non-pass vectors\n");
    } else {
        let _ = writeln!(s, "non-pass vectors ({}):", non_pass.len());
        for v in non_pass {
            let _ = writeln!(
                s,
                "  #{:<4} {:<6} {}  {}",
                v.index,
                v.verdict.as_str(),
                one_line(&v.id),
                one_line(&v.title)
            );
            if let Some(req) = v.fail_credited_to() {
                let _ = writeln!(
                    s,
                    "         breaks {}: {}",
                    one_line(req),
                    one_line(&v.reason)
                );
            } else {
                let _ = writeln!(s, "         {}", one_line(&v.reason));
            }
        }
    }
    if let Some(summary) = record.summary() {
        let uncovered = summary.uncovered();
        if uncovered.is_empty() {
            s.push_str("every requirement is covered\n");
        } else {
            let ids: Vec<String> = uncovered.iter().map(|id| one_line(id)).collect();
            let _ = writeln!(
                s,
                "requirements covered by nothing ({}): {}",
                ids.len(),
                ids.join(", ")
            );
        }
    }
    s
}
