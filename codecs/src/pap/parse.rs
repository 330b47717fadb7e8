//! Strict PAP 2.0 parser (WAP-247-PAP, the PAP 2.0 DTD `pap_2.0.dtd`).
//!
//! Two passes. The first drives quick-xml as a tokenizer only and builds a small element tree under
//! hard caps ([`MAX_DOCUMENT_BYTES`], [`MAX_DEPTH`], [`MAX_NODES`], [`MAX_ATTRIBUTES`],
//! [`MAX_ATTRIBUTE_BYTES`], [`MAX_MISC_BYTES`], [`MAX_DOCTYPE_BYTES`]); it owns every XML decision
//! itself: the XML declaration, the DOCTYPE (accepted, never fetched; an internal subset is
//! refused), entity and character references in attribute values (only the five predefined
//! entities and character references), attribute-value normalisation (XML 1.0 section 3.3.3) and
//! the XML 1.0 `Char` production. The second pass maps the tree onto [`PapDocument`] and checks the
//! content models and attribute lists of the DTD.
//!
//! Encodings (XML 1.0 section 4.3.3, Appendix F): UTF-8, with or without a byte order mark, and
//! UTF-16 in either byte order with its byte order mark (`FF FE` / `FE FF`), which is transcoded to
//! UTF-8 first (under the same [`MAX_DOCUMENT_BYTES`] cap on the input) and parsed as the same
//! document; every error offset is mapped back to the byte offset in the UTF-16 input. An odd
//! UTF-16 length is `Truncated` and an unpaired surrogate `Syntax`, both in the structure
//! `UTF-16LE text` / `UTF-16BE text`. The XML declaration, if it names an encoding, must name the
//! one the document was read in (`UTF-8` or `US-ASCII`; `UTF-16`).
//!
//! Error mapping: ill-formed XML -> [`ErrorKind::Syntax`]; an element or attribute the DTD does
//! not allow there -> [`ErrorKind::Unexpected`]; a `#REQUIRED` attribute or a mandatory child
//! missing -> [`ErrorKind::MissingMandatory`]; a bad enumerated, boolean, timestamp or code value ->
//! [`ErrorKind::InvalidValue`]; entity declarations and other DTD internals ->
//! [`ErrorKind::Forbidden`]; a cap exceeded -> [`ErrorKind::TooLong`] / [`ErrorKind::TooDeep`].

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::types::*;
use crate::error::{DecodeError, DecodeResult, ErrorKind};

/// Cap on a whole PAP control document. A push-message to a few hundred multicast addresses is
/// well under 32 KiB; 64 KiB leaves room and bounds every later allocation.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024;
/// Cap on element nesting. The DTD's deepest path is 4 (`pap/cancel-response/cancel-result/
/// address`); twice that stops a deep-nesting attack before the content models are checked.
pub const MAX_DEPTH: usize = 8;
/// Cap on the number of elements. Bounds the tree; 1024 addresses is more than any PPG accepts
/// in one multicast (Kannel accepts one).
pub const MAX_NODES: usize = 1024;
/// Cap on attributes per element. The longest attribute list in the DTD
/// (`resultnotification-message`) has 8.
pub const MAX_ATTRIBUTES: usize = 16;
/// Cap on one attribute value in raw bytes. Addresses, push ids, URLs and `bad-message-fragment`
/// fit comfortably; a huge attribute is an attack, not a PAP message.
pub const MAX_ATTRIBUTE_BYTES: usize = 4096;
/// Cap on one text run (whitespace between elements), comment or processing instruction.
pub const MAX_MISC_BYTES: usize = 4096;
/// Cap on the DOCTYPE declaration. The PAP 2.0 one is 91 bytes.
pub const MAX_DOCTYPE_BYTES: usize = 1024;

/// Structure name for errors that belong to the document as a whole.
const DOC: &str = "XML document";
/// Structure name for XML declaration errors.
const DECL: &str = "XML declaration";
/// Structure name for DOCTYPE errors.
const DOCTYPE: &str = "DOCTYPE";

/// PAP public identifiers accepted in the DOCTYPE (pap-ppg.md, verified; WAP-247-PAP, WAP-164-PAP).
///
/// `-//WAPFORUM//DTD PAP//EN` is the PAP 1.0 identifier without a version number, with the
/// system literal `http://www.wapforum.org/DTD/pap_1.0.dtd`: Kannel's PPG test client
/// (`test_ppg`'s built-in control document) and its sample control documents
/// (`smstestppg.txt`, `iptestppg.txt` in Debian's kannel-extras 1.4.5) send it. Kannel's own
/// answers carry `-//WAPFORUM//DTD PAP 1.0//EN` (seen in the wapbox 1.4.5 binary's strings).
pub const PAP_PUBLIC_IDS: [&str; 4] = [
    "-//WAPFORUM//DTD PAP 2.0//EN",
    "-//WAPFORUM//DTD PAP 2.1//EN",
    "-//WAPFORUM//DTD PAP 1.0//EN",
    "-//WAPFORUM//DTD PAP//EN",
];

/// Every element of the PAP 2.0 DTD. Errors name elements by these static strings.
const ELEMENTS: [&str; 18] = [
    "pap",
    "push-message",
    "address",
    "quality-of-service",
    "push-response",
    "progress-note",
    "response-result",
    "cancel-message",
    "cancel-response",
    "cancel-result",
    "statusquery-message",
    "statusquery-response",
    "statusquery-result",
    "resultnotification-message",
    "resultnotification-response",
    "ccq-message",
    "ccq-response",
    "badmessage-response",
];

fn known_element(name: &str) -> Option<&'static str> {
    ELEMENTS.iter().copied().find(|&e| e == name)
}

/// Parses one PAP document (the control entity of a submission, or a whole plain PAP body).
pub fn parse(input: &[u8]) -> DecodeResult<PapDocument> {
    parse_at(input, 0)
}

/// [`parse`] with every error offset shifted by `base` (for a PAP part inside a multipart body).
pub(crate) fn parse_at(input: &[u8], base: usize) -> DecodeResult<PapDocument> {
    if input.len() > MAX_DOCUMENT_BYTES {
        return Err(DecodeError::new(
            ErrorKind::TooLong,
            DOC,
            base + MAX_DOCUMENT_BYTES,
        ));
    }
    match Encoding::sniff(input) {
        Encoding::Utf8 => {
            let text = core::str::from_utf8(input)
                .map_err(|e| DecodeError::new(ErrorKind::Syntax, DOC, base + e.valid_up_to()))?;
            Tree::build(text, base, Encoding::Utf8)?.document()
        }
        enc => {
            // The document is parsed as its UTF-8 transcoding; every error offset is then mapped
            // back to the byte offset of the same character in the UTF-16 input.
            let text = utf16_to_string(input, enc, base)?;
            Tree::build(&text, 0, enc)
                .and_then(|t| t.document())
                .map_err(|e| DecodeError {
                    offset: base.saturating_add(utf16_offset(&text, e.offset)),
                    ..e
                })
        }
    }
}

/// The encoding of a PAP document (XML 1.0 section 4.3.3 and Appendix F): UTF-8 (with or without
/// a byte order mark), or UTF-16 with its byte order mark, which XML 1.0 requires of UTF-16
/// entities (`FF FE` little endian, `FE FF` big endian). UTF-16 without a byte order mark is
/// read as UTF-8 and fails at its first NUL byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    fn sniff(input: &[u8]) -> Self {
        match input {
            [0xFF, 0xFE, ..] => Self::Utf16Le,
            [0xFE, 0xFF, ..] => Self::Utf16Be,
            _ => Self::Utf8,
        }
    }

    /// The structure named by errors in the encoded text itself.
    fn text_structure(self) -> &'static str {
        match self {
            Self::Utf8 => DOC,
            Self::Utf16Le => "UTF-16LE text",
            Self::Utf16Be => "UTF-16BE text",
        }
    }

    /// Whether an XML declaration's `encoding="..."` matches how the document was read
    /// (XML 1.0 section 4.3.3: a declaration naming another encoding is a fatal error). A UTF-16
    /// document with a byte order mark is declared `UTF-16` (RFC 2781: the `UTF-16LE` and
    /// `UTF-16BE` labels are for text without one).
    fn declared_as(self, name: &str) -> bool {
        match self {
            Self::Utf8 => {
                name.eq_ignore_ascii_case("UTF-8") || name.eq_ignore_ascii_case("US-ASCII")
            }
            Self::Utf16Le | Self::Utf16Be => name.eq_ignore_ascii_case("UTF-16"),
        }
    }
}

/// UTF-16 (byte order mark included, kept as U+FEFF) to a `String`. The input is already capped
/// at [`MAX_DOCUMENT_BYTES`], so the result is at most one and a half times that. Errors: an odd
/// length is `Truncated` at the last byte; an unpaired surrogate is `Syntax` at its first byte.
fn utf16_to_string(input: &[u8], enc: Encoding, base: usize) -> DecodeResult<String> {
    let structure = enc.text_structure();
    let (pairs, odd) = input.as_chunks::<2>();
    let units = pairs.iter().map(|&p| match enc {
        Encoding::Utf16Be => u16::from_be_bytes(p),
        _ => u16::from_le_bytes(p),
    });
    let mut text = String::with_capacity(input.len().saturating_mul(3) / 2);
    let mut done = 0usize; // code units decoded so far
    for c in char::decode_utf16(units) {
        let c = c.map_err(|_| DecodeError::new(ErrorKind::Syntax, structure, base + 2 * done))?;
        text.push(c);
        done += c.len_utf16();
    }
    if !odd.is_empty() {
        return Err(DecodeError::new(
            ErrorKind::Truncated,
            structure,
            base + input.len() - 1,
        ));
    }
    Ok(text)
}

/// The byte offset in the UTF-16 input of the character at `utf8_offset` in its transcoding.
fn utf16_offset(text: &str, utf8_offset: usize) -> usize {
    text.char_indices()
        .take_while(|&(i, _)| i < utf8_offset)
        .map(|(_, c)| 2 * c.len_utf16())
        .sum()
}

// ---------------------------------------------------------------------------------------------
// Pass 1: tokens -> element tree

#[derive(Debug)]
struct Attr<'a> {
    name: &'a str,
    /// Value after reference expansion and attribute-value normalisation.
    value: String,
    /// Offset of the first byte of the raw value (after the quote).
    offset: usize,
}

#[derive(Debug)]
struct Node<'a> {
    name: &'static str,
    offset: usize,
    attrs: Vec<Attr<'a>>,
    children: Vec<usize>,
}

#[derive(Debug)]
struct Tree<'a> {
    nodes: Vec<Node<'a>>,
}

impl<'a> Tree<'a> {
    /// `text` is the whole document as read in `encoding` (its size already capped).
    fn build(text: &'a str, base: usize, encoding: Encoding) -> DecodeResult<Self> {
        // XML 1.0 section 2.2, Char: no C0 controls except TAB, LF, CR; no U+FFFE / U+FFFF.
        if let Some((i, _)) = text.char_indices().find(|&(_, c)| !is_xml_char(c)) {
            return Err(DecodeError::new(ErrorKind::Syntax, DOC, base + i));
        }
        // A byte order mark is allowed before the XML declaration (XML 1.0 section 4.3.3).
        let (text, base) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (rest, base + '\u{feff}'.len_utf8()),
            None => (text, base),
        };
        let mut b = Builder {
            text,
            base,
            encoding,
            nodes: Vec::new(),
            stack: Vec::new(),
            root_done: false,
            seen_doctype: false,
            seen_any: false,
        };
        b.run()?;
        Ok(Self { nodes: b.nodes })
    }
}

/// XML 1.0 `Char` (Rust strings already exclude surrogates).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

struct Builder<'a> {
    text: &'a str,
    base: usize,
    /// How the document was read; the XML declaration must agree.
    encoding: Encoding,
    nodes: Vec<Node<'a>>,
    stack: Vec<usize>,
    root_done: bool,
    seen_doctype: bool,
    /// Whether any event has been seen (the XML declaration must be first).
    seen_any: bool,
}

impl<'a> Builder<'a> {
    fn run(&mut self) -> DecodeResult<()> {
        let mut reader = Reader::from_str(self.text);
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        cfg.check_comments = true;
        cfg.expand_empty_elements = false;
        cfg.trim_text(false);
        loop {
            let at = self.base + pos(reader.buffer_position());
            let ev = reader.read_event().map_err(|_| {
                DecodeError::new(
                    ErrorKind::Syntax,
                    DOC,
                    self.base + pos(reader.error_position()),
                )
            })?;
            let end = self.base + pos(reader.buffer_position());
            let first = !self.seen_any;
            self.seen_any = true;
            match ev {
                Event::Decl(d) => {
                    if !first || at != self.base {
                        // A declaration anywhere but the very start is a reserved-name PI.
                        return Err(DecodeError::new(ErrorKind::Syntax, DECL, at));
                    }
                    self.decl(&d, at)?;
                }
                Event::DocType(t) => {
                    if self.seen_doctype || !self.nodes.is_empty() {
                        return Err(DecodeError::new(ErrorKind::Syntax, DOCTYPE, at));
                    }
                    self.seen_doctype = true;
                    self.doctype(&t, at)?;
                }
                Event::Start(e) => {
                    self.open(&e, at)?;
                }
                Event::Empty(e) => {
                    self.open(&e, at)?;
                    self.close();
                }
                Event::End(_) => {
                    // quick-xml checked that the name matches (check_end_names) and that an
                    // element is open; an empty stack here is still refused, not assumed away.
                    if self.stack.is_empty() {
                        return Err(DecodeError::new(ErrorKind::Syntax, DOC, at));
                    }
                    self.close();
                }
                Event::Text(t) => {
                    let t: &str = &t;
                    if t.len() > MAX_MISC_BYTES {
                        return Err(DecodeError::new(ErrorKind::TooLong, self.here(), at));
                    }
                    if let Some(i) = t.find(|c: char| !matches!(c, ' ' | '\t' | '\n' | '\r')) {
                        let kind = if self.stack.is_empty() {
                            ErrorKind::Syntax
                        } else {
                            // PAP elements are EMPTY or element-only: no character data.
                            ErrorKind::Unexpected
                        };
                        return Err(DecodeError::new(kind, self.here(), at + i));
                    }
                }
                Event::GeneralRef(_) | Event::CData(_) => {
                    let kind = if self.stack.is_empty() {
                        ErrorKind::Syntax
                    } else {
                        ErrorKind::Unexpected
                    };
                    return Err(DecodeError::new(kind, self.here(), at));
                }
                Event::Comment(_) | Event::PI(_) => {
                    if end.saturating_sub(at) > MAX_MISC_BYTES {
                        return Err(DecodeError::new(ErrorKind::TooLong, self.here(), at));
                    }
                    if let Event::PI(p) = &ev {
                        let target: &str = p.target();
                        if target.eq_ignore_ascii_case("xml") {
                            return Err(DecodeError::new(ErrorKind::Syntax, DECL, at));
                        }
                    }
                }
                Event::Eof => break,
            }
        }
        if !self.stack.is_empty() || !self.root_done {
            return Err(DecodeError::new(
                ErrorKind::Syntax,
                DOC,
                self.base + self.text.len(),
            ));
        }
        Ok(())
    }

    /// The structure name for an error at the current position: the open element, or the document.
    fn here(&self) -> &'static str {
        self.stack
            .last()
            .and_then(|&i| self.nodes.get(i))
            .map_or(DOC, |n| n.name)
    }

    fn decl(&self, d: &quick_xml::events::BytesDecl<'_>, at: usize) -> DecodeResult<()> {
        let err = |k| DecodeError::new(k, DECL, at);
        let version = d.version().map_err(|_| err(ErrorKind::Syntax))?;
        if &*version != "1.0" {
            return Err(err(ErrorKind::InvalidValue));
        }
        if let Some(enc) = d.encoding() {
            let enc = enc.map_err(|_| err(ErrorKind::Syntax))?;
            // We read UTF-8 (US-ASCII is a subset) and UTF-16 with a byte order mark. A document
            // declaring any other encoding would be misread, so it is refused rather than guessed.
            if !self.encoding.declared_as(&enc) {
                return Err(err(ErrorKind::InvalidValue));
            }
        }
        if let Some(sa) = d.standalone() {
            let sa = sa.map_err(|_| err(ErrorKind::Syntax))?;
            if &*sa != "yes" && &*sa != "no" {
                return Err(err(ErrorKind::InvalidValue));
            }
        }
        Ok(())
    }

    /// `<!DOCTYPE pap PUBLIC "-//WAPFORUM//DTD PAP 2.0//EN" "...">`: accepted, never fetched.
    /// `t` is the text between `<!DOCTYPE` and the closing `>`.
    fn doctype(&self, t: &str, at: usize) -> DecodeResult<()> {
        // quick-xml hands over the text after `<!DOCTYPE` and its whitespace, borrowed from the
        // input, so its offset is known; the fallback (never taken for a borrowed text) is the `<`.
        let inner = self.offset_of(t).unwrap_or(at);
        let err = |k, i: usize| DecodeError::new(k, DOCTYPE, inner + i);
        if t.len() > MAX_DOCTYPE_BYTES {
            return Err(err(ErrorKind::TooLong, 0));
        }
        let mut cur = Cursor { s: t, i: 0 };
        cur.skip_ws();
        let name_at = cur.i;
        let name = cur.word();
        if name != "pap" {
            return Err(err(ErrorKind::InvalidValue, name_at));
        }
        cur.skip_ws();
        let kw_at = cur.i;
        match cur.word() {
            "PUBLIC" => {
                cur.skip_ws();
                let id_at = cur.i;
                let id = cur.quoted().ok_or(err(ErrorKind::Syntax, id_at))?;
                if !PAP_PUBLIC_IDS.contains(&id) {
                    return Err(err(ErrorKind::InvalidValue, id_at + 1));
                }
                cur.skip_ws();
                let sys_at = cur.i;
                // The system literal is required after a public id (XML 1.0 production 75);
                // its value is never fetched and not checked.
                cur.quoted().ok_or(err(ErrorKind::Syntax, sys_at))?;
            }
            "SYSTEM" => {
                // A system identifier without the PAP public identifier names some other DTD
                // (e.g. SYSTEM "file:///etc/passwd"): we never fetch DTDs, and cannot know the
                // document type, so it is refused.
                return Err(err(ErrorKind::Forbidden, kw_at));
            }
            "" => {}
            _ => return Err(err(ErrorKind::Syntax, kw_at)),
        }
        cur.skip_ws();
        if cur.rest().starts_with('[') {
            // The internal subset may carry processing instructions, notably PAP's version
            // negotiation `<?wap-pap-ver supported-versions="2.0"?>` (WAP-247-PAP; BlackBerry's
            // PAP documentation shows it in the DOCTYPE, one source), and comments. Any markup declaration
            // (`<!ENTITY` for billion laughs or external entities, `<!ATTLIST` defaults that change
            // the document's meaning) or parameter-entity reference is refused.
            cur.i += 1;
            loop {
                cur.skip_ws();
                let r = cur.rest();
                let end = if r.starts_with(']') {
                    cur.i += 1;
                    break;
                } else if r.starts_with("<?") {
                    r.find("?>").map(|e| e + 2)
                } else if r.starts_with("<!--") {
                    r.get(4..).and_then(|b| b.find("-->")).map(|e| e + 7)
                } else {
                    return Err(err(ErrorKind::Forbidden, cur.i));
                };
                cur.i += end.ok_or(err(ErrorKind::Syntax, cur.i))?;
            }
            cur.skip_ws();
        }
        if !cur.rest().is_empty() {
            return Err(err(ErrorKind::Syntax, cur.i));
        }
        Ok(())
    }

    fn open(&mut self, e: &BytesStart<'_>, at: usize) -> DecodeResult<()> {
        if self.root_done {
            // A second root element (XML 1.0 production 1, `document`).
            return Err(DecodeError::new(ErrorKind::Syntax, DOC, at));
        }
        let raw_name: &str = e.name().0;
        let parent = self.here();
        let name = match known_element(raw_name) {
            Some(n) => n,
            None => return Err(DecodeError::new(ErrorKind::Unexpected, parent, at)),
        };
        if self.stack.is_empty() && name != "pap" {
            return Err(DecodeError::new(ErrorKind::Unexpected, DOC, at));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(DecodeError::new(ErrorKind::TooDeep, name, at));
        }
        if self.nodes.len() >= MAX_NODES {
            return Err(DecodeError::new(ErrorKind::TooLong, name, at));
        }
        let mut attrs = Vec::new();
        for a in e.attributes().with_checks(true) {
            let a = a.map_err(|_| DecodeError::new(ErrorKind::Syntax, name, at))?;
            if attrs.len() >= MAX_ATTRIBUTES {
                return Err(DecodeError::new(ErrorKind::TooLong, name, at));
            }
            let raw: &str = &a.value;
            let offset = self.offset_of(raw).unwrap_or(at);
            if raw.len() > MAX_ATTRIBUTE_BYTES {
                return Err(DecodeError::new(ErrorKind::TooLong, name, offset));
            }
            let value = attr_value(raw, name, offset)?;
            let key = self.borrow_key(a.key.0).unwrap_or("");
            attrs.push(Attr {
                name: key,
                value,
                offset,
            });
        }
        let id = self.nodes.len();
        self.nodes.push(Node {
            name,
            offset: at,
            attrs,
            children: Vec::new(),
        });
        if let Some(parent) = self.stack.last().and_then(|&p| self.nodes.get_mut(p)) {
            parent.children.push(id);
        }
        self.stack.push(id);
        Ok(())
    }

    fn close(&mut self) {
        self.stack.pop();
        if self.stack.is_empty() {
            self.root_done = true;
        }
    }

    /// Offset in the outermost input of a slice borrowed from `self.text`, if it is one.
    fn offset_of(&self, s: &str) -> Option<usize> {
        let start = self.text.as_ptr() as usize;
        let off = (s.as_ptr() as usize).checked_sub(start)?;
        (off <= self.text.len()).then_some(self.base + off)
    }

    /// Re-borrows an attribute name from the input (so the tree can outlive the event).
    fn borrow_key(&self, k: &str) -> Option<&'a str> {
        let off = (k.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize)?;
        self.text.get(off..off.checked_add(k.len())?)
    }
}

fn pos(p: u64) -> usize {
    usize::try_from(p).unwrap_or(usize::MAX)
}

/// Expands references in a raw attribute value and normalises it (XML 1.0 section 3.3.3 for CDATA:
/// each literal TAB, LF, CR becomes a space, CR LF counting as one; characters from character
/// references are kept). Only `&lt; &gt; &amp; &apos; &quot;` and `&#N;` / `&#xH;` are expanded:
/// there are no declared entities (the internal subset is refused), so any other name is an
/// undeclared entity, a well-formedness error (XML 1.0 WFC: Entity Declared).
fn attr_value(raw: &str, elem: &'static str, offset: usize) -> DecodeResult<String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    let mut at = offset;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => return Err(DecodeError::new(ErrorKind::Syntax, elem, at)),
            '&' => {
                let semi = rest
                    .find(';')
                    .ok_or(DecodeError::new(ErrorKind::Syntax, elem, at))?;
                let name = rest.get(1..semi).unwrap_or("");
                let ch = match name {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "apos" => '\'',
                    "quot" => '"',
                    _ => char_ref(name).ok_or(DecodeError::new(ErrorKind::Syntax, elem, at))?,
                };
                out.push(ch);
                rest = rest.get(semi + 1..).unwrap_or("");
                at += semi + 1;
                continue;
            }
            '\r' => {
                out.push(' ');
                if rest.as_bytes().get(1) == Some(&b'\n') {
                    rest = rest.get(2..).unwrap_or("");
                    at += 2;
                    continue;
                }
            }
            '\t' | '\n' => out.push(' '),
            c => out.push(c),
        }
        rest = rest.get(c.len_utf8()..).unwrap_or("");
        at += c.len_utf8();
    }
    Ok(out)
}

/// `#N` or `#xH` (XML 1.0 production 66), yielding a `Char`.
fn char_ref(name: &str) -> Option<char> {
    let n = if let Some(hex) = name.strip_prefix("#x") {
        if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(hex, 16).ok()?
    } else if let Some(dec) = name.strip_prefix('#') {
        if dec.is_empty() || !dec.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        dec.parse::<u32>().ok()?
    } else {
        return None;
    };
    char::from_u32(n).filter(|&c| is_xml_char(c))
}

/// A tiny cursor over the DOCTYPE text.
struct Cursor<'s> {
    s: &'s str,
    i: usize,
}

impl<'s> Cursor<'s> {
    fn rest(&self) -> &'s str {
        self.s.get(self.i..).unwrap_or("")
    }
    fn skip_ws(&mut self) -> usize {
        let r = self.rest();
        let n = r.len() - r.trim_start_matches([' ', '\t', '\r', '\n']).len();
        self.i += n;
        n
    }
    fn word(&mut self) -> &'s str {
        let r = self.rest();
        let n = r
            .find([' ', '\t', '\r', '\n', '[', '"', '\''])
            .unwrap_or(r.len());
        self.i += n;
        r.get(..n).unwrap_or("")
    }
    fn quoted(&mut self) -> Option<&'s str> {
        let r = self.rest();
        let q = r.chars().next().filter(|&c| c == '"' || c == '\'')?;
        let body = r.get(1..)?;
        let end = body.find(q)?;
        self.i += end + 2;
        body.get(..end)
    }
}

// ---------------------------------------------------------------------------------------------
// Pass 2: element tree -> typed PAP message (content models and attribute lists of the DTD)

/// The attributes of one element, consumed as they are read.
struct Attrs<'t, 'a> {
    node: &'t Node<'a>,
}

impl<'t, 'a> Attrs<'t, 'a> {
    /// Checks that every attribute is one the DTD lists for this element.
    fn new(node: &'t Node<'a>, allowed: &[&str]) -> DecodeResult<Self> {
        if let Some(a) = node.attrs.iter().find(|a| !allowed.contains(&a.name)) {
            return Err(DecodeError::new(ErrorKind::Unexpected, node.name, a.offset));
        }
        Ok(Self { node })
    }
    fn opt(&self, name: &str) -> Option<&'t Attr<'a>> {
        self.node.attrs.iter().find(|a| a.name == name)
    }
    fn string(&self, name: &str) -> Option<String> {
        self.opt(name).map(|a| a.value.clone())
    }
    fn required(&self, name: &str) -> DecodeResult<&'t Attr<'a>> {
        self.opt(name).ok_or(DecodeError::new(
            ErrorKind::MissingMandatory,
            self.node.name,
            self.node.offset,
        ))
    }
    fn req_string(&self, name: &str) -> DecodeResult<String> {
        self.required(name).map(|a| a.value.clone())
    }
    fn invalid(&self, a: &Attr<'_>) -> DecodeError {
        DecodeError::new(ErrorKind::InvalidValue, self.node.name, a.offset)
    }
    fn boolean(&self, name: &str) -> DecodeResult<Option<bool>> {
        self.opt(name)
            .map(|a| match a.value.as_str() {
                "true" => Ok(true),
                "false" => Ok(false),
                _ => Err(self.invalid(a)),
            })
            .transpose()
    }
    fn timestamp(&self, name: &str) -> DecodeResult<Option<Timestamp>> {
        self.opt(name)
            .map(|a| {
                // Offsets inside the normalised value equal offsets in the raw value for a valid
                // timestamp (ASCII, no references), so the error points at the offending digit.
                Timestamp::parse_at(&a.value, a.offset)
            })
            .transpose()
    }
    /// `%Code;`: four ASCII digits, 1000..=5999 (WAP-247-PAP status code classes 1 to 5).
    fn code(&self, name: &str) -> DecodeResult<StatusCode> {
        let a = self.required(name)?;
        let v = a.value.as_str();
        if v.len() != 4 || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.invalid(a));
        }
        match v.parse::<u16>() {
            Ok(n) if (1000..=5999).contains(&n) => Ok(StatusCode(n)),
            _ => Err(self.invalid(a)),
        }
    }
    fn message_state(&self, name: &str) -> DecodeResult<MessageState> {
        let a = self.required(name)?;
        MessageState::from_wire(&a.value).ok_or(self.invalid(a))
    }
}

/// The children of one element, consumed in DTD order.
struct Children<'t, 'a> {
    tree: &'t Tree<'a>,
    parent: &'t Node<'a>,
    pos: usize,
}

impl<'t, 'a> Children<'t, 'a> {
    fn new(tree: &'t Tree<'a>, parent: &'t Node<'a>) -> Self {
        Self {
            tree,
            parent,
            pos: 0,
        }
    }
    fn peek(&self) -> Option<&'t Node<'a>> {
        let id = *self.parent.children.get(self.pos)?;
        self.tree.nodes.get(id)
    }
    fn opt(&mut self, name: &str) -> Option<&'t Node<'a>> {
        let n = self.peek().filter(|n| n.name == name)?;
        self.pos += 1;
        Some(n)
    }
    fn many(&mut self, name: &str) -> Vec<&'t Node<'a>> {
        let mut v = Vec::new();
        while let Some(n) = self.opt(name) {
            v.push(n);
        }
        v
    }
    /// Exactly one `name`: a different element there is Unexpected, none at all is missing.
    fn one(&mut self, name: &'static str) -> DecodeResult<&'t Node<'a>> {
        match self.peek() {
            Some(n) if n.name == name => {
                self.pos += 1;
                Ok(n)
            }
            Some(n) => Err(DecodeError::new(
                ErrorKind::Unexpected,
                self.parent.name,
                n.offset,
            )),
            None => Err(DecodeError::new(
                ErrorKind::MissingMandatory,
                name,
                self.parent.offset,
            )),
        }
    }
    fn at_least_one(&mut self, name: &'static str) -> DecodeResult<Vec<&'t Node<'a>>> {
        let first = self.one(name)?;
        let mut v = vec![first];
        v.extend(self.many(name));
        Ok(v)
    }
    fn finish(self) -> DecodeResult<()> {
        match self.peek() {
            Some(n) => Err(DecodeError::new(
                ErrorKind::Unexpected,
                self.parent.name,
                n.offset,
            )),
            None => Ok(()),
        }
    }
}

impl Tree<'_> {
    fn document(&self) -> DecodeResult<PapDocument> {
        // Pass 1 guarantees a root named `pap` at index 0.
        let root = self
            .nodes
            .first()
            .ok_or(DecodeError::new(ErrorKind::Syntax, DOC, 0))?;
        let attrs = Attrs::new(root, &["product-name"])?;
        let product_name = attrs.string("product-name");
        let mut ch = Children::new(self, root);
        let msg = match ch.peek() {
            Some(n) => n,
            None => {
                return Err(DecodeError::new(
                    ErrorKind::MissingMandatory,
                    "pap",
                    root.offset,
                ));
            }
        };
        ch.pos = 1;
        let message = match msg.name {
            "push-message" => PapMessage::PushMessage(self.push_message(msg)?),
            "push-response" => PapMessage::PushResponse(self.push_response(msg)?),
            "cancel-message" => PapMessage::CancelMessage(self.cancel_message(msg)?),
            "cancel-response" => PapMessage::CancelResponse(self.cancel_response(msg)?),
            "statusquery-message" => PapMessage::StatusqueryMessage(self.statusquery_message(msg)?),
            "statusquery-response" => {
                PapMessage::StatusqueryResponse(self.statusquery_response(msg)?)
            }
            "resultnotification-message" => {
                PapMessage::ResultnotificationMessage(self.resultnotification_message(msg)?)
            }
            "resultnotification-response" => {
                PapMessage::ResultnotificationResponse(self.resultnotification_response(msg)?)
            }
            "ccq-message" => PapMessage::CcqMessage(self.ccq_message(msg)?),
            "ccq-response" => PapMessage::CcqResponse(self.ccq_response(msg)?),
            "badmessage-response" => PapMessage::BadmessageResponse(self.badmessage_response(msg)?),
            _ => return Err(DecodeError::new(ErrorKind::Unexpected, "pap", msg.offset)),
        };
        ch.finish()?;
        Ok(PapDocument {
            product_name,
            message,
        })
    }

    fn empty(&self, n: &Node<'_>) -> DecodeResult<()> {
        Children::new(self, n).finish()
    }

    fn address(&self, n: &Node<'_>) -> DecodeResult<Address> {
        let a = Attrs::new(n, &["address-value"])?;
        let address_value = a.req_string("address-value")?;
        self.empty(n)?;
        Ok(Address { address_value })
    }

    fn addresses(&self, nodes: &[&Node<'_>]) -> DecodeResult<Vec<Address>> {
        nodes.iter().map(|n| self.address(n)).collect()
    }

    fn push_message(&self, n: &Node<'_>) -> DecodeResult<PushMessage> {
        let a = Attrs::new(
            n,
            &[
                "push-id",
                "deliver-before-timestamp",
                "deliver-after-timestamp",
                "source-reference",
                "ppg-notify-requested-to",
                "progress-notes-requested",
                "replace-push-id",
                "replace-method",
            ],
        )?;
        let push_id = a.req_string("push-id")?;
        let replace_method = match a.opt("replace-method") {
            Some(r) if r.value == "all" || r.value == "pending-only" => Some(r.value.clone()),
            Some(r) => return Err(a.invalid(r)),
            None => None,
        };
        let msg = PushMessage {
            push_id,
            deliver_before_timestamp: a.timestamp("deliver-before-timestamp")?,
            deliver_after_timestamp: a.timestamp("deliver-after-timestamp")?,
            source_reference: a.string("source-reference"),
            ppg_notify_requested_to: a.string("ppg-notify-requested-to"),
            progress_notes_requested: a.boolean("progress-notes-requested")?,
            replace_push_id: a.string("replace-push-id"),
            replace_method,
            addresses: Vec::new(),
            quality_of_service: None,
        };
        let mut ch = Children::new(self, n);
        let addresses = self.addresses(&ch.at_least_one("address")?)?;
        let quality_of_service = ch
            .opt("quality-of-service")
            .map(|q| self.qos(q))
            .transpose()?;
        ch.finish()?;
        Ok(PushMessage {
            addresses,
            quality_of_service,
            ..msg
        })
    }

    fn qos(&self, n: &Node<'_>) -> DecodeResult<QualityOfService> {
        let a = Attrs::new(
            n,
            &[
                "priority",
                "delivery-method",
                "network",
                "network-required",
                "bearer",
                "bearer-required",
            ],
        )?;
        let priority = a
            .opt("priority")
            .map(|p| Priority::from_wire(&p.value).ok_or(a.invalid(p)))
            .transpose()?;
        let delivery_method = a
            .opt("delivery-method")
            .map(|p| DeliveryMethod::from_wire(&p.value).ok_or(a.invalid(p)))
            .transpose()?;
        let q = QualityOfService {
            priority,
            delivery_method,
            network: a.string("network"),
            network_required: a.boolean("network-required")?,
            bearer: a.string("bearer"),
            bearer_required: a.boolean("bearer-required")?,
        };
        self.empty(n)?;
        Ok(q)
    }

    fn push_response(&self, n: &Node<'_>) -> DecodeResult<PushResponse> {
        let a = Attrs::new(
            n,
            &["push-id", "sender-address", "sender-name", "reply-time"],
        )?;
        let push_id = a.req_string("push-id")?;
        let sender_address = a.string("sender-address");
        let sender_name = a.string("sender-name");
        let reply_time = a.timestamp("reply-time")?;
        let mut ch = Children::new(self, n);
        let progress_notes = ch
            .many("progress-note")
            .into_iter()
            .map(|p| self.progress_note(p))
            .collect::<DecodeResult<_>>()?;
        let r = ch.one("response-result")?;
        let result = self.result(r)?;
        ch.finish()?;
        Ok(PushResponse {
            push_id,
            sender_address,
            sender_name,
            reply_time,
            progress_notes,
            result,
        })
    }

    fn progress_note(&self, n: &Node<'_>) -> DecodeResult<ProgressNote> {
        let a = Attrs::new(n, &["stage", "note", "time"])?;
        let p = ProgressNote {
            stage: a.req_string("stage")?,
            note: a.string("note"),
            time: a.timestamp("time")?,
        };
        self.empty(n)?;
        Ok(p)
    }

    fn result(&self, n: &Node<'_>) -> DecodeResult<ResponseResult> {
        let a = Attrs::new(n, &["code", "desc"])?;
        let r = ResponseResult {
            code: a.code("code")?,
            desc: a.string("desc"),
        };
        self.empty(n)?;
        Ok(r)
    }

    fn cancel_message(&self, n: &Node<'_>) -> DecodeResult<CancelMessage> {
        let a = Attrs::new(n, &["push-id"])?;
        let push_id = a.req_string("push-id")?;
        let mut ch = Children::new(self, n);
        let addresses = self.addresses(&ch.many("address"))?;
        ch.finish()?;
        Ok(CancelMessage { push_id, addresses })
    }

    fn cancel_response(&self, n: &Node<'_>) -> DecodeResult<CancelResponse> {
        let a = Attrs::new(n, &["push-id"])?;
        let push_id = a.req_string("push-id")?;
        let mut ch = Children::new(self, n);
        let results = ch
            .at_least_one("cancel-result")?
            .into_iter()
            .map(|r| {
                let a = Attrs::new(r, &["code", "desc"])?;
                let code = a.code("code")?;
                let desc = a.string("desc");
                let mut rc = Children::new(self, r);
                let addresses = self.addresses(&rc.many("address"))?;
                rc.finish()?;
                Ok(CancelResult {
                    code,
                    desc,
                    addresses,
                })
            })
            .collect::<DecodeResult<_>>()?;
        ch.finish()?;
        Ok(CancelResponse { push_id, results })
    }

    fn statusquery_message(&self, n: &Node<'_>) -> DecodeResult<StatusQueryMessage> {
        let a = Attrs::new(n, &["push-id"])?;
        let push_id = a.req_string("push-id")?;
        let mut ch = Children::new(self, n);
        let addresses = self.addresses(&ch.many("address"))?;
        ch.finish()?;
        Ok(StatusQueryMessage { push_id, addresses })
    }

    fn statusquery_response(&self, n: &Node<'_>) -> DecodeResult<StatusQueryResponse> {
        let a = Attrs::new(n, &["push-id"])?;
        let push_id = a.req_string("push-id")?;
        let mut ch = Children::new(self, n);
        let results = ch
            .at_least_one("statusquery-result")?
            .into_iter()
            .map(|r| {
                let a = Attrs::new(r, &["message-state", "code", "desc", "event-time"])?;
                let message_state = a.message_state("message-state")?;
                let code = a.code("code")?;
                let desc = a.string("desc");
                let event_time = a.timestamp("event-time")?;
                let mut rc = Children::new(self, r);
                let addresses = self.addresses(&rc.many("address"))?;
                // UNVERIFIED: the PAP 2.0 DTD may allow `quality-of-service?` after the
                // addresses here; StatusQueryResult has no field for it, so it is refused
                // (Unexpected) rather than silently dropped.
                rc.finish()?;
                Ok(StatusQueryResult {
                    message_state,
                    code,
                    desc,
                    event_time,
                    addresses,
                })
            })
            .collect::<DecodeResult<_>>()?;
        ch.finish()?;
        Ok(StatusQueryResponse { push_id, results })
    }

    fn resultnotification_message(&self, n: &Node<'_>) -> DecodeResult<ResultNotificationMessage> {
        let a = Attrs::new(
            n,
            &[
                "push-id",
                "message-state",
                "code",
                "desc",
                "sender-address",
                "sender-name",
                "received-time",
                "event-time",
            ],
        )?;
        let push_id = a.req_string("push-id")?;
        let message_state = a.message_state("message-state")?;
        let code = a.code("code")?;
        let desc = a.string("desc");
        let sender_address = a.string("sender-address");
        let sender_name = a.string("sender-name");
        let received_time = a.timestamp("received-time")?;
        let event_time = a.timestamp("event-time")?;
        let mut ch = Children::new(self, n);
        let address = self.address(ch.one("address")?)?;
        // UNVERIFIED: as for statusquery-result, a `quality-of-service?` child is refused.
        ch.finish()?;
        Ok(ResultNotificationMessage {
            push_id,
            message_state,
            code,
            desc,
            sender_address,
            sender_name,
            received_time,
            event_time,
            address,
        })
    }

    fn resultnotification_response(
        &self,
        n: &Node<'_>,
    ) -> DecodeResult<ResultNotificationResponse> {
        let a = Attrs::new(n, &["push-id", "code", "desc"])?;
        let push_id = a.req_string("push-id")?;
        let code = a.code("code")?;
        let desc = a.string("desc");
        let mut ch = Children::new(self, n);
        let address = ch.opt("address").map(|x| self.address(x)).transpose()?;
        ch.finish()?;
        Ok(ResultNotificationResponse {
            push_id,
            code,
            desc,
            address,
        })
    }

    fn ccq_message(&self, n: &Node<'_>) -> DecodeResult<CcqMessage> {
        let a = Attrs::new(n, &["query-id", "app-id"])?;
        let query_id = a.req_string("query-id")?;
        let app_id = a.string("app-id");
        let mut ch = Children::new(self, n);
        let address = self.address(ch.one("address")?)?;
        ch.finish()?;
        Ok(CcqMessage {
            query_id,
            app_id,
            address,
        })
    }

    fn ccq_response(&self, n: &Node<'_>) -> DecodeResult<CcqResponse> {
        let a = Attrs::new(n, &["query-id", "code", "desc"])?;
        let query_id = a.req_string("query-id")?;
        let code = a.code("code")?;
        let desc = a.string("desc");
        let mut ch = Children::new(self, n);
        let address = self.address(ch.one("address")?)?;
        ch.finish()?;
        Ok(CcqResponse {
            query_id,
            code,
            desc,
            address,
        })
    }

    fn badmessage_response(&self, n: &Node<'_>) -> DecodeResult<BadMessageResponse> {
        let a = Attrs::new(n, &["code", "desc", "bad-message-fragment"])?;
        let r = BadMessageResponse {
            code: a.code("code")?,
            desc: a.string("desc"),
            bad_message_fragment: a.string("bad-message-fragment"),
        };
        self.empty(n)?;
        Ok(r)
    }
}
