//! A blocking PAP-over-HTTP client for a Push Initiator talking to a real PPG.
//!
//! PAP 2.0 (WAP-247-PAP) section 8: a push submission is one HTTP POST whose body is
//! `multipart/related; type="application/xml"` (part 1 the PAP control document, part 2 the
//! content); the other PAP messages (cancel, status query, client capability query) are a plain
//! `application/xml` body. The PPG answers in the HTTP response body.
//!
//! This is a minimal HTTP/1.1 client written for that one exchange (one request per connection,
//! `Connection: close`, a `Content-Length` request body, a bounded response read), so that the
//! same code runs over a plain TCP connection or over a socket opened inside the PPG's network
//! namespace (see [`crate::wire::netns`]). It is not a general HTTP client: no redirects, no TLS,
//! no chunked request bodies. A chunked *response* is refused with an error rather than
//! misread, since Kannel 1.4.5 always answers with `Content-Length` (conformance/kannel/NOTES.md).
//!
//! The multipart writer here ([`multipart_related`]) is a stop-gap with a fixed boundary; it
//! should be replaced by the PAP codec's multipart writer in `pushwake_codecs::pap` once that
//! lands (the lead swaps it in at [`PapHttpClient::submit_push`]).

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use pushwake_codecs::DecodeError;
use pushwake_codecs::error::ErrorKind;

use super::netns::NetNs;

/// The fixed multipart boundary used by [`multipart_related`]. RFC 2046 5.1.1 allows 1..70
/// characters from `bchars`; this one is 26. It must not occur in any part (checked).
pub const PAP_BOUNDARY: &str = "pushwake-pap-7d3f9a0c21e4b";

/// Cap on the response status line plus headers. Kannel's PPG answers with five short headers
/// (about 150 bytes); 16 KiB leaves room for any sane server while bounding a hostile one.
pub const MAX_RESPONSE_HEAD: usize = 16 * 1024;

/// Cap on the response body. A PAP response is small, but Kannel echoes the whole offending
/// document in `bad-message-fragment`, so the body can be as large as what we sent; our
/// submissions are far below 1 MiB.
pub const MAX_RESPONSE_BODY: usize = 1024 * 1024;

/// Cap on the number of response header fields kept (Kannel sends 5).
pub const MAX_RESPONSE_HEADERS: usize = 64;

/// The default per-request timeout (connect, write and read each).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the client opens its TCP connections.
#[derive(Clone, Debug)]
enum Connector {
    /// A plain connection from the calling process's network namespace.
    Direct(SocketAddr),
    /// A connection opened from inside another network namespace.
    InNamespace(Arc<NetNs>, SocketAddr),
}

impl Connector {
    fn connect(&self, timeout: Duration) -> io::Result<TcpStream> {
        match self {
            Self::Direct(addr) => TcpStream::connect_timeout(addr, timeout),
            Self::InNamespace(ns, addr) => ns.connect(*addr, timeout),
        }
    }

    fn addr(&self) -> SocketAddr {
        match self {
            Self::Direct(addr) | Self::InNamespace(_, addr) => *addr,
        }
    }
}

/// A Push Initiator's HTTP client for one PPG URL (`http://ADDR/PATH`).
#[derive(Clone, Debug)]
pub struct PapHttpClient {
    connector: Connector,
    path: String,
    timeout: Duration,
}

/// What the PPG answered: the HTTP status, the header fields in order, and the body bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PapHttpResponse {
    /// HTTP status code (Kannel answers every PAP request with 202).
    pub status: u16,
    /// The reason phrase as sent.
    pub reason: String,
    /// Header fields in the order received (name as sent, value trimmed).
    pub headers: Vec<(String, String)>,
    /// The body (a PAP response document for a PPG).
    pub body: Vec<u8>,
}

impl PapHttpResponse {
    /// The first header with this name (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as UTF-8 text, lossily (for reports and notes).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Why a PAP HTTP exchange failed.
#[derive(Debug, thiserror::Error)]
pub enum PapHttpError {
    /// Connecting, writing or reading failed (a timeout shows as `TimedOut`/`WouldBlock`).
    #[error("PAP HTTP {stage} to {addr} failed: {source}")]
    Io {
        /// `connect`, `write` or `read`.
        stage: &'static str,
        /// The PPG's address.
        addr: SocketAddr,
        /// The OS error.
        #[source]
        source: io::Error,
    },
    /// The whole exchange took longer than the timeout.
    #[error("PAP HTTP exchange with {addr} exceeded {timeout:?}")]
    Timeout {
        /// The PPG's address.
        addr: SocketAddr,
        /// The configured timeout.
        timeout: Duration,
    },
    /// The response is not a well-formed HTTP/1.x response within our caps.
    #[error("malformed HTTP response: {0}")]
    Response(#[from] DecodeError),
    /// The multipart boundary occurs inside a part, so the body cannot be framed.
    #[error("the multipart boundary {PAP_BOUNDARY:?} occurs inside part {part}")]
    BoundaryInPart {
        /// 1 for the control document, 2 for the content.
        part: u8,
    },
    /// A header value that would break the request framing (CR or LF in it).
    #[error("header value for {0} contains CR or LF")]
    BadHeaderValue(&'static str),
}

impl PapHttpClient {
    /// A client that connects directly to `addr` and POSTs to `path` (e.g. `/wappush`).
    pub fn new(addr: SocketAddr, path: &str) -> Self {
        Self {
            connector: Connector::Direct(addr),
            path: path.to_owned(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// A client whose connections are opened inside the network namespace `ns`.
    pub fn in_namespace(ns: Arc<NetNs>, addr: SocketAddr, path: &str) -> Self {
        Self {
            connector: Connector::InNamespace(ns, addr),
            path: path.to_owned(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// The same client with another per-exchange timeout.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The PPG URL this client posts to.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.connector.addr(), self.path)
    }

    /// Submits a push (PAP 2.0 section 8): `control_xml` as part 1, `content` with
    /// `content_type` as part 2, in a `multipart/related; type="application/xml"` body.
    ///
    /// Swap point: when `pushwake_codecs::pap` has its multipart writer, build the body there
    /// and call [`Self::post`] with its content type.
    pub fn submit_push(
        &self,
        control_xml: &[u8],
        content_type: &str,
        content: &[u8],
    ) -> Result<PapHttpResponse, PapHttpError> {
        let body = multipart_related(control_xml, content_type, content)?;
        self.post(&multipart_content_type(), &body)
    }

    /// Sends a plain PAP document (cancel, status query, client capability query) as
    /// `application/xml` (PAP 2.0 section 8).
    pub fn send_document(&self, xml: &[u8]) -> Result<PapHttpResponse, PapHttpError> {
        self.post("application/xml", xml)
    }

    /// POSTs `body` with `content_type` and reads the whole response.
    pub fn post(&self, content_type: &str, body: &[u8]) -> Result<PapHttpResponse, PapHttpError> {
        if content_type.contains(['\r', '\n']) {
            return Err(PapHttpError::BadHeaderValue("Content-Type"));
        }
        if self.path.contains(['\r', '\n', ' ']) {
            return Err(PapHttpError::BadHeaderValue("request path"));
        }
        let addr = self.connector.addr();
        let deadline = super::deadline_after(Instant::now(), self.timeout);
        let io_err = |stage| {
            move |source| PapHttpError::Io {
                stage,
                addr,
                source,
            }
        };

        let mut stream = self
            .connector
            .connect(self.timeout)
            .map_err(io_err("connect"))?;
        stream
            .set_write_timeout(Some(self.timeout))
            .map_err(io_err("write"))?;
        let mut request = format!(
            "POST {} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: pushwake\r\n\
             Content-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.path,
            body.len()
        )
        .into_bytes();
        request.extend_from_slice(body);
        stream.write_all(&request).map_err(io_err("write"))?;
        stream.flush().map_err(io_err("write"))?;

        read_response(&mut stream, deadline, addr, self.timeout)
    }
}

/// The `Content-Type` of a push submission built by [`multipart_related`] (PAP 2.0 section 8:
/// `multipart/related` with `type="application/xml"`).
pub fn multipart_content_type() -> String {
    format!("multipart/related; boundary={PAP_BOUNDARY}; type=\"application/xml\"")
}

/// A `multipart/related` body (RFC 2046 5.1, RFC 2387) with the PAP control document as the
/// first part and the content as the second, CRLF line endings throughout.
///
/// Kannel 1.4.5's MIME parser (`gw/wap_push_pap_mime.c`) requires CRLF after every delimiter;
/// a body with bare LF is answered with a 2000 badmessage-response (observed, NOTES.md).
pub fn multipart_related(
    control_xml: &[u8],
    content_type: &str,
    content: &[u8],
) -> Result<Vec<u8>, PapHttpError> {
    if content_type.contains(['\r', '\n']) {
        return Err(PapHttpError::BadHeaderValue("content part Content-Type"));
    }
    let boundary = PAP_BOUNDARY.as_bytes();
    if contains(control_xml, boundary) {
        return Err(PapHttpError::BoundaryInPart { part: 1 });
    }
    if contains(content, boundary) {
        return Err(PapHttpError::BoundaryInPart { part: 2 });
    }
    let mut body = Vec::with_capacity(control_xml.len() + content.len() + 256);
    body.extend_from_slice(format!("--{PAP_BOUNDARY}\r\n").as_bytes());
    body.extend_from_slice(b"Content-Type: application/xml\r\n\r\n");
    body.extend_from_slice(control_xml);
    body.extend_from_slice(format!("\r\n--{PAP_BOUNDARY}\r\n").as_bytes());
    body.extend_from_slice(format!("Content-Type: {content_type}\r\n\r\n").as_bytes());
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{PAP_BOUNDARY}--\r\n").as_bytes());
    Ok(body)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Reads one response: the head up to CRLFCRLF (capped), then `Content-Length` bytes, or up to
/// EOF when there is no `Content-Length` (capped).
fn read_response(
    stream: &mut TcpStream,
    deadline: Instant,
    addr: SocketAddr,
    timeout: Duration,
) -> Result<PapHttpResponse, PapHttpError> {
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let mut head: Option<ResponseHead> = None;
    loop {
        if let Some(h) = &head
            && let Some(len) = h.content_length
            && buf.len().saturating_sub(h.body_start) >= len
        {
            break;
        }
        let now = Instant::now();
        let Some(left) = deadline
            .checked_duration_since(now)
            .filter(|d| !d.is_zero())
        else {
            return Err(PapHttpError::Timeout { addr, timeout });
        };
        stream
            .set_read_timeout(Some(left))
            .map_err(|source| PapHttpError::Io {
                stage: "read",
                addr,
                source,
            })?;
        let n = match stream.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(PapHttpError::Timeout { addr, timeout });
            }
            Err(source) => {
                return Err(PapHttpError::Io {
                    stage: "read",
                    addr,
                    source,
                });
            }
        };
        if n == 0 {
            break;
        }
        buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
        if head.is_none() {
            if let Some(end) = find(&buf, b"\r\n\r\n") {
                head = Some(parse_head(&buf, end)?);
            } else if buf.len() > MAX_RESPONSE_HEAD {
                return Err(DecodeError::new(
                    ErrorKind::TooLong,
                    "HTTP response head",
                    MAX_RESPONSE_HEAD,
                )
                .into());
            }
        }
        let body_start = head.as_ref().map_or(0, |h| h.body_start);
        if buf.len().saturating_sub(body_start) > MAX_RESPONSE_BODY {
            return Err(DecodeError::new(
                ErrorKind::TooLong,
                "HTTP response body",
                body_start + MAX_RESPONSE_BODY,
            )
            .into());
        }
    }
    let Some(head) = head else {
        return Err(DecodeError::new(ErrorKind::Truncated, "HTTP response head", buf.len()).into());
    };
    let rest = buf.get(head.body_start..).unwrap_or_default();
    let body = match head.content_length {
        Some(len) => match rest.get(..len) {
            Some(b) => b.to_vec(),
            None => {
                return Err(DecodeError::new(
                    ErrorKind::Truncated,
                    "HTTP response body",
                    buf.len(),
                )
                .into());
            }
        },
        None => rest.to_vec(),
    };
    Ok(PapHttpResponse {
        status: head.status,
        reason: head.reason,
        headers: head.headers,
        body,
    })
}

#[derive(Debug)]
struct ResponseHead {
    status: u16,
    reason: String,
    headers: Vec<(String, String)>,
    content_length: Option<usize>,
    body_start: usize,
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Parses `HTTP/1.x SP 3DIGIT SP reason CRLF *(field CRLF)` (RFC 9112 sections 4 and 5);
/// `end` is the offset of the CRLFCRLF that ends the head.
fn parse_head(buf: &[u8], end: usize) -> Result<ResponseHead, DecodeError> {
    let syntax = |structure, offset| DecodeError::new(ErrorKind::Syntax, structure, offset);
    if end > MAX_RESPONSE_HEAD {
        return Err(DecodeError::new(
            ErrorKind::TooLong,
            "HTTP response head",
            MAX_RESPONSE_HEAD,
        ));
    }
    let head = buf.get(..end).ok_or(syntax("HTTP response head", 0))?;
    let mut lines = head.split(|&b| b == b'\n');
    let status_line = lines.next().ok_or(syntax("HTTP status line", 0))?;
    let status_line = status_line.strip_suffix(b"\r").unwrap_or(status_line);
    let (version, rest) = split_once(status_line, b' ').ok_or(syntax("HTTP status line", 0))?;
    if version != b"HTTP/1.1" && version != b"HTTP/1.0" {
        return Err(DecodeError::new(ErrorKind::InvalidValue, "HTTP version", 0));
    }
    let code_at = version.len() + 1;
    let (code, reason) = split_once(rest, b' ').unwrap_or((rest, b""));
    let status = match code {
        [a, b, c] if code.iter().all(u8::is_ascii_digit) => {
            u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0')
        }
        _ => return Err(syntax("HTTP status code", code_at)),
    };
    let mut offset = status_line.len() + 2;
    let mut headers = Vec::new();
    let mut content_length = None;
    for line in lines {
        let line_at = offset;
        offset += line.len() + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        if headers.len() >= MAX_RESPONSE_HEADERS {
            return Err(DecodeError::new(
                ErrorKind::TooLong,
                "HTTP header fields",
                line_at,
            ));
        }
        let (name, value) = split_once(line, b':').ok_or(syntax("HTTP header field", line_at))?;
        if name.is_empty() || name.iter().any(|b| !b.is_ascii_graphic()) {
            return Err(syntax("HTTP header name", line_at));
        }
        let name = String::from_utf8_lossy(name).into_owned();
        let value = String::from_utf8_lossy(value).trim().to_owned();
        if name.eq_ignore_ascii_case("Transfer-Encoding") {
            // Not needed for Kannel; refusing beats misreading a chunked body.
            return Err(DecodeError::new(
                ErrorKind::Unexpected,
                "HTTP Transfer-Encoding",
                line_at,
            ));
        }
        if name.eq_ignore_ascii_case("Content-Length") {
            let len: usize = value.parse().map_err(|_| {
                DecodeError::new(ErrorKind::InvalidValue, "HTTP Content-Length", line_at)
            })?;
            if len > MAX_RESPONSE_BODY {
                return Err(DecodeError::new(
                    ErrorKind::TooLong,
                    "HTTP Content-Length",
                    line_at,
                ));
            }
            content_length = Some(len);
        }
        headers.push((name, value));
    }
    Ok(ResponseHead {
        status,
        reason: String::from_utf8_lossy(reason).into_owned(),
        headers,
        content_length,
        body_start: end + 4,
    })
}

fn split_once(s: &[u8], sep: u8) -> Option<(&[u8], &[u8])> {
    let i = s.iter().position(|&b| b == sep)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

impl fmt::Display for PapHttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "HTTP {} {}", self.status, self.reason)?;
        for (n, v) in &self.headers {
            writeln!(f, "{n}: {v}")?;
        }
        writeln!(f)?;
        f.write_str(&self.body_text())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a panic is the failure report
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::thread;

    #[test]
    fn multipart_body_has_crlf_delimiters_and_both_parts() {
        let body = multipart_related(b"<pap/>", "text/plain", b"hello").unwrap();
        let expected = format!(
            "--{b}\r\nContent-Type: application/xml\r\n\r\n<pap/>\r\n--{b}\r\n\
             Content-Type: text/plain\r\n\r\nhello\r\n--{b}--\r\n",
            b = PAP_BOUNDARY
        );
        assert_eq!(body, expected.into_bytes());
        assert_eq!(
            multipart_content_type(),
            "multipart/related; boundary=pushwake-pap-7d3f9a0c21e4b; type=\"application/xml\""
        );
    }

    #[test]
    fn multipart_rejects_boundary_inside_a_part() {
        let evil = format!("x--{PAP_BOUNDARY}y");
        assert!(matches!(
            multipart_related(evil.as_bytes(), "text/plain", b""),
            Err(PapHttpError::BoundaryInPart { part: 1 })
        ));
        assert!(matches!(
            multipart_related(b"<pap/>", "text/plain", evil.as_bytes()),
            Err(PapHttpError::BoundaryInPart { part: 2 })
        ));
    }

    #[test]
    fn parses_kannel_style_head() {
        let raw = b"HTTP/1.1 202 Accepted\r\nServer: Kannel/1.4.5\r\nContent-Length: 5\r\n\
                    Connection: Keep-Alive\r\nContent-Type: application/xml\r\n\r\nhello";
        let end = find(raw, b"\r\n\r\n").unwrap();
        let head = parse_head(raw, end).unwrap();
        assert_eq!(head.status, 202);
        assert_eq!(head.reason, "Accepted");
        assert_eq!(head.content_length, Some(5));
        assert_eq!(head.headers.len(), 4);
        assert_eq!(head.body_start, raw.len() - 5);
    }

    #[test]
    fn rejects_non_numeric_status_code_with_offset() {
        let raw = b"HTTP/1.1 2x2 Accepted\r\n\r\n";
        assert_eq!(
            parse_head(raw, raw.len() - 4).unwrap_err(),
            DecodeError::new(ErrorKind::Syntax, "HTTP status code", 9)
        );
    }

    #[test]
    fn rejects_content_length_over_cap() {
        let raw = format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n",
            MAX_RESPONSE_BODY + 1
        );
        let raw = raw.as_bytes();
        assert_eq!(
            parse_head(raw, raw.len() - 4).unwrap_err(),
            DecodeError::new(ErrorKind::TooLong, "HTTP Content-Length", 17)
        );
    }

    #[test]
    fn rejects_chunked_response() {
        let raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_eq!(
            parse_head(raw, raw.len() - 4).unwrap_err(),
            DecodeError::new(ErrorKind::Unexpected, "HTTP Transfer-Encoding", 17)
        );
    }

    /// One request against a loopback listener that answers like Kannel (keep-alive, so the
    /// client must stop at Content-Length rather than wait for EOF).
    #[test]
    fn posts_and_reads_a_keep_alive_response_by_content_length() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            let mut got = Vec::new();
            let mut chunk = [0u8; 1024];
            while find(&got, b"hello").is_none() {
                let n = s.read(&mut chunk).unwrap();
                assert_ne!(n, 0);
                got.extend_from_slice(&chunk[..n]);
            }
            s.write_all(
                b"HTTP/1.1 202 Accepted\r\nContent-Length: 4\r\nConnection: Keep-Alive\r\n\r\n<ok>",
            )
            .unwrap();
            // Keep the connection open until the client has read.
            thread::sleep(Duration::from_millis(500));
            got
        });
        let client = PapHttpClient::new(addr, "/wappush").with_timeout(Duration::from_secs(5));
        let resp = client.post("text/plain", b"hello").unwrap();
        assert_eq!(resp.status, 202);
        assert_eq!(resp.body, b"<ok>");
        assert_eq!(resp.header("content-length"), Some("4"));
        let request = String::from_utf8(server.join().unwrap()).unwrap();
        assert!(
            request.starts_with("POST /wappush HTTP/1.1\r\n"),
            "{request}"
        );
        assert!(request.contains("\r\nContent-Length: 5\r\n"), "{request}");
        assert!(request.ends_with("\r\n\r\nhello"), "{request}");
    }

    #[test]
    fn times_out_when_server_never_answers() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = thread::spawn(move || {
            let (s, _) = listener.accept().unwrap();
            thread::sleep(Duration::from_millis(800));
            drop(s);
        });
        let client = PapHttpClient::new(addr, "/wappush").with_timeout(Duration::from_millis(200));
        let err = client.post("application/xml", b"<pap/>").unwrap_err();
        assert!(matches!(err, PapHttpError::Timeout { .. }), "{err:?}");
        server.join().unwrap();
    }
}
