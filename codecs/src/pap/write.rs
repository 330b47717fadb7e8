//! PAP 2.0 writer: one canonical byte form per [`PapDocument`].
//!
//! The canonical form: `<?xml version="1.0" encoding="UTF-8"?>`, LF, the PAP 2.0 DOCTYPE, LF, then
//! one element per line indented by two spaces per level, empty elements as `<x .../>`, attributes
//! in the order of the DTD's attribute list, values in double quotes, and a final LF.
//!
//! Escaping (XML 1.0 sections 2.4, 3.3.3): `&` `<` `>` `"` become `&amp;` `&lt;` `&gt;` `&quot;`;
//! TAB, LF and CR become `&#9;` `&#10;` `&#13;` so that attribute-value normalisation on the
//! reading side does not turn them into spaces.
//!
//! Strings XML 1.0 cannot carry: a character outside the XML 1.0 `Char` production (the C0
//! controls other than TAB/LF/CR, U+FFFE, U+FFFF) has no representation at all, not even as a
//! character reference. `write` replaces each such character with U+FFFD REPLACEMENT CHARACTER,
//! so it never fails and never emits an ill-formed document; [`is_canonical`] says whether a
//! document is free of them (and of every other value `parse` would refuse), which is the domain
//! on which `parse(write(d)) == d` holds.
//!
//! Every other value is written faithfully even if `parse` would refuse it (a status code of
//! 7000, an `Other("")` priority, a timestamp in year 10000): test vectors need such documents.

use core::fmt::Write as _;

use super::parse::{MAX_ATTRIBUTE_BYTES, MAX_DOCUMENT_BYTES, MAX_NODES, is_xml_char};
use super::types::*;

/// The PAP 2.0 DOCTYPE (pap-ppg.md, verified).
pub const PAP_2_0_DOCTYPE: &str = "<!DOCTYPE pap PUBLIC \"-//WAPFORUM//DTD PAP 2.0//EN\" \
                                   \"http://www.wapforum.org/DTD/pap_2.0.dtd\">";

/// The XML declaration written before every document.
pub const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

/// Writes a PAP document in its canonical form.
pub fn write(doc: &PapDocument) -> Vec<u8> {
    let mut w = Writer::default();
    w.out.push_str(XML_DECLARATION);
    w.out.push('\n');
    w.out.push_str(PAP_2_0_DOCTYPE);
    w.out.push('\n');
    let mut pap = w.open("pap", 0);
    pap.opt("product-name", doc.product_name.as_deref());
    pap.children();
    message(&mut w, &doc.message);
    w.close("pap", 0);
    w.out.into_bytes()
}

#[derive(Default)]
struct Writer {
    out: String,
}

/// An element whose start tag is being written.
struct Tag<'w> {
    w: &'w mut Writer,
}

impl Writer {
    fn open(&mut self, name: &str, depth: usize) -> Tag<'_> {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
        self.out.push('<');
        self.out.push_str(name);
        Tag { w: self }
    }
    fn close(&mut self, name: &str, depth: usize) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }
    fn address(&mut self, a: &Address, depth: usize) {
        let mut t = self.open("address", depth);
        t.attr("address-value", &a.address_value);
        t.empty();
    }
    fn addresses(&mut self, v: &[Address], depth: usize) {
        for a in v {
            self.address(a, depth);
        }
    }
}

impl Tag<'_> {
    fn attr(&mut self, name: &str, value: &str) {
        let out = &mut self.w.out;
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        for c in value.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\t' => out.push_str("&#9;"),
                '\n' => out.push_str("&#10;"),
                '\r' => out.push_str("&#13;"),
                c if is_xml_char(c) => out.push(c),
                _ => out.push('\u{FFFD}'),
            }
        }
        out.push('"');
    }
    fn opt(&mut self, name: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.attr(name, v);
        }
    }
    fn time(&mut self, name: &str, t: Option<Timestamp>) {
        if let Some(t) = t {
            self.attr(name, &t.to_string());
        }
    }
    fn boolean(&mut self, name: &str, b: Option<bool>) {
        if let Some(b) = b {
            self.attr(name, if b { "true" } else { "false" });
        }
    }
    fn code(&mut self, name: &str, c: StatusCode) {
        let mut s = String::new();
        // Writing to a String cannot fail.
        let _ = write!(s, "{}", c.0);
        self.attr(name, &s);
    }
    fn empty(self) {
        self.w.out.push_str("/>\n");
    }
    fn children(self) {
        self.w.out.push_str(">\n");
    }
}

fn message(w: &mut Writer, m: &PapMessage) {
    const D: usize = 1;
    match m {
        PapMessage::PushMessage(p) => {
            let mut t = w.open("push-message", D);
            t.attr("push-id", &p.push_id);
            t.opt("replace-push-id", p.replace_push_id.as_deref());
            t.opt("replace-method", p.replace_method.as_deref());
            t.time("deliver-before-timestamp", p.deliver_before_timestamp);
            t.time("deliver-after-timestamp", p.deliver_after_timestamp);
            t.opt("source-reference", p.source_reference.as_deref());
            t.opt(
                "ppg-notify-requested-to",
                p.ppg_notify_requested_to.as_deref(),
            );
            t.boolean("progress-notes-requested", p.progress_notes_requested);
            if p.addresses.is_empty() && p.quality_of_service.is_none() {
                return t.empty();
            }
            t.children();
            w.addresses(&p.addresses, D + 1);
            if let Some(q) = &p.quality_of_service {
                let mut t = w.open("quality-of-service", D + 1);
                t.opt("priority", q.priority.as_ref().map(Priority::as_wire));
                t.opt(
                    "delivery-method",
                    q.delivery_method.as_ref().map(DeliveryMethod::as_wire),
                );
                t.opt("network", q.network.as_deref());
                t.boolean("network-required", q.network_required);
                t.opt("bearer", q.bearer.as_deref());
                t.boolean("bearer-required", q.bearer_required);
                t.empty();
            }
            w.close("push-message", D);
        }
        PapMessage::PushResponse(p) => {
            let mut t = w.open("push-response", D);
            t.attr("push-id", &p.push_id);
            t.opt("sender-address", p.sender_address.as_deref());
            t.opt("sender-name", p.sender_name.as_deref());
            t.time("reply-time", p.reply_time);
            t.children();
            for n in &p.progress_notes {
                let mut t = w.open("progress-note", D + 1);
                t.attr("stage", &n.stage);
                t.opt("note", n.note.as_deref());
                t.time("time", n.time);
                t.empty();
            }
            let mut t = w.open("response-result", D + 1);
            t.code("code", p.result.code);
            t.opt("desc", p.result.desc.as_deref());
            t.empty();
            w.close("push-response", D);
        }
        PapMessage::CancelMessage(c) => {
            let mut t = w.open("cancel-message", D);
            t.attr("push-id", &c.push_id);
            if c.addresses.is_empty() {
                return t.empty();
            }
            t.children();
            w.addresses(&c.addresses, D + 1);
            w.close("cancel-message", D);
        }
        PapMessage::CancelResponse(c) => {
            let mut t = w.open("cancel-response", D);
            t.attr("push-id", &c.push_id);
            if c.results.is_empty() {
                return t.empty();
            }
            t.children();
            for r in &c.results {
                let mut t = w.open("cancel-result", D + 1);
                t.code("code", r.code);
                t.opt("desc", r.desc.as_deref());
                if r.addresses.is_empty() {
                    t.empty();
                } else {
                    t.children();
                    w.addresses(&r.addresses, D + 2);
                    w.close("cancel-result", D + 1);
                }
            }
            w.close("cancel-response", D);
        }
        PapMessage::StatusqueryMessage(s) => {
            let mut t = w.open("statusquery-message", D);
            t.attr("push-id", &s.push_id);
            if s.addresses.is_empty() {
                return t.empty();
            }
            t.children();
            w.addresses(&s.addresses, D + 1);
            w.close("statusquery-message", D);
        }
        PapMessage::StatusqueryResponse(s) => {
            let mut t = w.open("statusquery-response", D);
            t.attr("push-id", &s.push_id);
            if s.results.is_empty() {
                return t.empty();
            }
            t.children();
            for r in &s.results {
                let mut t = w.open("statusquery-result", D + 1);
                t.time("event-time", r.event_time);
                t.attr("message-state", r.message_state.as_wire());
                t.code("code", r.code);
                t.opt("desc", r.desc.as_deref());
                if r.addresses.is_empty() {
                    t.empty();
                } else {
                    t.children();
                    w.addresses(&r.addresses, D + 2);
                    w.close("statusquery-result", D + 1);
                }
            }
            w.close("statusquery-response", D);
        }
        PapMessage::ResultnotificationMessage(r) => {
            let mut t = w.open("resultnotification-message", D);
            t.attr("push-id", &r.push_id);
            t.opt("sender-address", r.sender_address.as_deref());
            t.opt("sender-name", r.sender_name.as_deref());
            t.time("received-time", r.received_time);
            t.time("event-time", r.event_time);
            t.attr("message-state", r.message_state.as_wire());
            t.code("code", r.code);
            t.opt("desc", r.desc.as_deref());
            t.children();
            w.address(&r.address, D + 1);
            w.close("resultnotification-message", D);
        }
        PapMessage::ResultnotificationResponse(r) => {
            let mut t = w.open("resultnotification-response", D);
            t.attr("push-id", &r.push_id);
            t.code("code", r.code);
            t.opt("desc", r.desc.as_deref());
            match &r.address {
                None => t.empty(),
                Some(a) => {
                    t.children();
                    w.address(a, D + 1);
                    w.close("resultnotification-response", D);
                }
            }
        }
        PapMessage::CcqMessage(c) => {
            let mut t = w.open("ccq-message", D);
            t.attr("query-id", &c.query_id);
            t.opt("app-id", c.app_id.as_deref());
            t.children();
            w.address(&c.address, D + 1);
            w.close("ccq-message", D);
        }
        PapMessage::CcqResponse(c) => {
            let mut t = w.open("ccq-response", D);
            t.attr("query-id", &c.query_id);
            t.code("code", c.code);
            t.opt("desc", c.desc.as_deref());
            t.children();
            w.address(&c.address, D + 1);
            w.close("ccq-response", D);
        }
        PapMessage::BadmessageResponse(b) => {
            let mut t = w.open("badmessage-response", D);
            t.code("code", b.code);
            t.opt("desc", b.desc.as_deref());
            t.opt("bad-message-fragment", b.bad_message_fragment.as_deref());
            t.empty();
        }
    }
}

/// Whether `parse(write(doc)) == doc` holds for this document: every string is made of XML 1.0
/// characters and, escaped, fits [`MAX_ATTRIBUTE_BYTES`]; the written document fits
/// [`MAX_DOCUMENT_BYTES`] and [`MAX_NODES`]; every code is 1000..=5999, every timestamp is in years 0001..=9999, every
/// enumerated value is one the DTD lists, and every `+` list is non-empty. Returns the name of
/// the first offending structure.
pub fn is_canonical(doc: &PapDocument) -> Result<(), &'static str> {
    let s = |v: &str, what: &'static str| {
        if v.chars().all(is_xml_char) && escaped_len(v) <= MAX_ATTRIBUTE_BYTES {
            Ok(())
        } else {
            Err(what)
        }
    };
    let o = |v: &Option<String>, what: &'static str| v.as_deref().map_or(Ok(()), |v| s(v, what));
    let t = |v: Option<Timestamp>| match v {
        Some(t) if !t.is_representable() => Err("PAP timestamp"),
        _ => Ok(()),
    };
    let c = |c: StatusCode, what: &'static str| {
        if (1000..=5999).contains(&c.0) {
            Ok(())
        } else {
            Err(what)
        }
    };
    let st = |m: &MessageState, what: &'static str| match m {
        MessageState::Other(_) => Err(what),
        _ => Ok(()),
    };
    let addrs = |v: &[Address]| v.iter().try_for_each(|a| s(&a.address_value, "address"));
    o(&doc.product_name, "pap")?;
    if element_count(&doc.message) + 1 > MAX_NODES {
        return Err("pap");
    }
    if write(doc).len() > MAX_DOCUMENT_BYTES {
        return Err("XML document");
    }
    match &doc.message {
        PapMessage::PushMessage(p) => {
            const E: &str = "push-message";
            s(&p.push_id, E)?;
            t(p.deliver_before_timestamp)?;
            t(p.deliver_after_timestamp)?;
            o(&p.source_reference, E)?;
            o(&p.ppg_notify_requested_to, E)?;
            o(&p.replace_push_id, E)?;
            match p.replace_method.as_deref() {
                None | Some("all" | "pending-only") => {}
                Some(_) => return Err(E),
            }
            if p.addresses.is_empty() {
                return Err("address");
            }
            addrs(&p.addresses)?;
            if let Some(q) = &p.quality_of_service {
                const Q: &str = "quality-of-service";
                if matches!(q.priority, Some(Priority::Other(_)))
                    || matches!(q.delivery_method, Some(DeliveryMethod::Other(_)))
                {
                    return Err(Q);
                }
                o(&q.network, Q)?;
                o(&q.bearer, Q)?;
            }
        }
        PapMessage::PushResponse(p) => {
            const E: &str = "push-response";
            s(&p.push_id, E)?;
            o(&p.sender_address, E)?;
            o(&p.sender_name, E)?;
            t(p.reply_time)?;
            for n in &p.progress_notes {
                s(&n.stage, "progress-note")?;
                o(&n.note, "progress-note")?;
                t(n.time)?;
            }
            c(p.result.code, "response-result")?;
            o(&p.result.desc, "response-result")?;
        }
        PapMessage::CancelMessage(m) => {
            s(&m.push_id, "cancel-message")?;
            addrs(&m.addresses)?;
        }
        PapMessage::CancelResponse(m) => {
            s(&m.push_id, "cancel-response")?;
            if m.results.is_empty() {
                return Err("cancel-result");
            }
            for r in &m.results {
                c(r.code, "cancel-result")?;
                o(&r.desc, "cancel-result")?;
                addrs(&r.addresses)?;
            }
        }
        PapMessage::StatusqueryMessage(m) => {
            s(&m.push_id, "statusquery-message")?;
            addrs(&m.addresses)?;
        }
        PapMessage::StatusqueryResponse(m) => {
            s(&m.push_id, "statusquery-response")?;
            if m.results.is_empty() {
                return Err("statusquery-result");
            }
            for r in &m.results {
                const E: &str = "statusquery-result";
                st(&r.message_state, E)?;
                c(r.code, E)?;
                o(&r.desc, E)?;
                t(r.event_time)?;
                addrs(&r.addresses)?;
            }
        }
        PapMessage::ResultnotificationMessage(m) => {
            const E: &str = "resultnotification-message";
            s(&m.push_id, E)?;
            st(&m.message_state, E)?;
            c(m.code, E)?;
            o(&m.desc, E)?;
            o(&m.sender_address, E)?;
            o(&m.sender_name, E)?;
            t(m.received_time)?;
            t(m.event_time)?;
            addrs(core::slice::from_ref(&m.address))?;
        }
        PapMessage::ResultnotificationResponse(m) => {
            const E: &str = "resultnotification-response";
            s(&m.push_id, E)?;
            c(m.code, E)?;
            o(&m.desc, E)?;
            addrs(m.address.as_slice())?;
        }
        PapMessage::CcqMessage(m) => {
            s(&m.query_id, "ccq-message")?;
            o(&m.app_id, "ccq-message")?;
            addrs(core::slice::from_ref(&m.address))?;
        }
        PapMessage::CcqResponse(m) => {
            s(&m.query_id, "ccq-response")?;
            c(m.code, "ccq-response")?;
            o(&m.desc, "ccq-response")?;
            addrs(core::slice::from_ref(&m.address))?;
        }
        PapMessage::BadmessageResponse(m) => {
            c(m.code, "badmessage-response")?;
            o(&m.desc, "badmessage-response")?;
            o(&m.bad_message_fragment, "badmessage-response")?;
        }
    }
    Ok(())
}

/// Length of a value once escaped by [`write`] (the parse-side attribute cap applies to it).
fn escaped_len(v: &str) -> usize {
    v.chars()
        .map(|c| match c {
            '&' | '\n' | '\r' => 5,
            '<' | '>' | '\t' => 4,
            '"' => 6,
            c => c.len_utf8(),
        })
        .sum()
}

/// Elements below `pap` that [`write`] emits for this message.
fn element_count(m: &PapMessage) -> usize {
    1 + match m {
        PapMessage::PushMessage(p) => {
            p.addresses.len() + usize::from(p.quality_of_service.is_some())
        }
        PapMessage::PushResponse(p) => p.progress_notes.len() + 1,
        PapMessage::CancelMessage(c) => c.addresses.len(),
        PapMessage::CancelResponse(c) => c.results.iter().map(|r| 1 + r.addresses.len()).sum(),
        PapMessage::StatusqueryMessage(s) => s.addresses.len(),
        PapMessage::StatusqueryResponse(s) => s.results.iter().map(|r| 1 + r.addresses.len()).sum(),
        PapMessage::ResultnotificationMessage(_)
        | PapMessage::CcqMessage(_)
        | PapMessage::CcqResponse(_) => 1,
        PapMessage::ResultnotificationResponse(r) => usize::from(r.address.is_some()),
        PapMessage::BadmessageResponse(_) => 0,
    }
}
