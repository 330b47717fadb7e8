//! Plain-text renderings shared by the JUnit and HTML reporters and the terminal summary.

use crate::canonical;
use crate::error::ReportError;
use crate::events::TraceEntry;

/// Longest wire text (in characters) shown inline in the JUnit and HTML reports. Wire text comes
/// from the IUT and may be large (a vendor's PPG can answer with any body); the JSON report always
/// keeps all of it, the human-facing reports show this much and say how much was cut.
pub const MAX_WIRE_DISPLAY_CHARS: usize = 16 * 1024;

/// `wire`, cut to [`MAX_WIRE_DISPLAY_CHARS`] characters with a note saying how long it was.
pub(crate) fn display_wire(wire: &str) -> String {
    match wire.char_indices().nth(MAX_WIRE_DISPLAY_CHARS) {
        None => wire.to_owned(),
        Some((cut, _)) => format!(
            "{}... [truncated: {} bytes in total; the JSON report has all of it]",
            &wire[..cut],
            wire.len()
        ),
    }
}

/// Characters shown as `\u{XX}` escapes rather than as themselves in every human-facing report:
/// control characters (line breaks and ANSI escapes included) and the Unicode bidirectional
/// controls, with which an IUT could make text read differently from what it sent
/// (CVE-2021-42574, "Trojan Source").
pub(crate) fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` made safe for one terminal line: every control character (line breaks and ANSI
/// escapes included; the text may come from the IUT) shown as `\u{XX}`.
pub(crate) fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hidden(c) {
            out.push_str(&format!("\\u{{{:02x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` with every control character except tab and line feed shown as `\u{XX}`: for
/// multi-line text (wire XML) in reports whose format cannot carry the raw character (XML 1.0
/// forbids most C0 controls, and quick-junit would silently drop them).
pub(crate) fn visible_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hidden(c) && c != '\n' && c != '\t' {
            out.push_str(&format!("\\u{{{:02x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// The trace as text, one entry a line, then indented lines for what the model allowed, the
/// requirement and the wire text when there are any:
/// ```text
/// step 6 observation ppg -> pi: push-response 1001 (accepted) for push 1 {"code":1001} => fail
///     allowed: [{"code":2001}]
///     requirement: PAP-9.3
///     wire: <pap>...</pap>
///     decoded: 91 1A (proactive command pending, 26 bytes)
/// ```
pub(crate) fn trace_text(trace: &[TraceEntry]) -> Result<String, ReportError> {
    let mut out = String::new();
    for entry in trace {
        out.push_str(&format!("step {} {}", entry.step, entry.kind));
        if entry.from.is_some() || entry.to.is_some() {
            out.push_str(&format!(
                " {} -> {}",
                one_line(entry.from.as_deref().unwrap_or("?")),
                one_line(entry.to.as_deref().unwrap_or("?"))
            ));
        }
        if let Some(label) = &entry.label {
            out.push_str(&format!(": {}", one_line(label)));
        }
        out.push(' ');
        out.push_str(&canonical::to_compact(&entry.r#abstract)?);
        if let Some(v) = entry.verdict_effect {
            out.push_str(&format!(" => {v}"));
        }
        out.push('\n');
        if !entry.allowed.is_empty() {
            out.push_str("    allowed: ");
            out.push_str(&canonical::to_compact(&serde_json::Value::Array(
                entry.allowed.clone(),
            ))?);
            out.push('\n');
        }
        if let Some(req) = &entry.requirement {
            out.push_str(&format!("    requirement: {}\n", one_line(req)));
        }
        if let Some(wire) = &entry.wire {
            out.push_str("    wire: ");
            out.push_str(&visible_controls(&display_wire(wire)));
            out.push('\n');
        }
        if let Some(d) = &entry.decoded {
            out.push_str(&format!("    decoded: {}\n", one_line(&d.line)));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_shows_control_characters_as_escapes() {
        assert_eq!(one_line("a\nb\u{1b}[31mc"), "a\\u{0a}b\\u{1b}[31mc");
        assert_eq!(one_line("ok\u{202e}kcab"), "ok\\u{202e}kcab");
    }

    #[test]
    fn visible_controls_keeps_line_breaks_and_tabs() {
        assert_eq!(visible_controls("a\n\tb\r\u{0}c"), "a\n\tb\\u{0d}\\u{00}c");
    }

    #[test]
    fn cuts_long_wire_and_says_how_long_it_was() {
        let long = "x".repeat(MAX_WIRE_DISPLAY_CHARS + 5);
        let shown = display_wire(&long);
        assert!(shown.starts_with(&"x".repeat(MAX_WIRE_DISPLAY_CHARS)));
        assert!(shown.ends_with(&format!(
            "... [truncated: {} bytes in total; the JSON report has all of it]",
            MAX_WIRE_DISPLAY_CHARS + 5
        )));
        let exact = "é".repeat(MAX_WIRE_DISPLAY_CHARS);
        assert_eq!(display_wire(&exact), exact);
    }
}
