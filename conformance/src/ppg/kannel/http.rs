//! A blocking PAP-over-HTTP client for a Push Initiator talking to a real PPG.
//!
//! PAP 2.0 (WAP-247-PAP) section 8: a push submission is one HTTP POST whose body is
//! `multipart/related; type="application/xml"` (part 1 the PAP control document, part 2 the
//! content); the other PAP messages (cancel, status query, client capability query) are a plain
//! `application/xml` body. The PPG answers in the HTTP response body.
//!
//! HTTP is `ureq` (blocking, no async runtime); the multipart body is framed by the PAP codec
//! ([`pushwake_codecs::pap::multipart::write_entities`], CRLF throughout, which Kannel requires).
//! One request per connection (`Connection: close`, no connection pool, no redirects, no proxy),
//! so every connection is opened by the thread that makes the request: for a PPG in another
//! network namespace that thread first joins it ([`NetNs::run`]), and the socket is created
//! there. Bounds: the response head is capped at [`MAX_RESPONSE_HEAD`], the body at
//! [`MAX_RESPONSE_BODY`] (a larger answer is [`PapHttpError::TooLarge`], read no further), and the
//! whole exchange (connect, send, answer, body) at the client's timeout.
//!
//! Request headers are `Host`, `Content-Type`, `Content-Length`, `Connection: close` and
//! `User-Agent: pushwake`, nothing else: Kannel copies the PI's `User-Agent` (and an `Accept`,
//! if sent) into the over-the-air WSP push, and the Kannel tests pin those bytes
//! (conformance/src/ppg/kannel/NOTES.md).

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use pushwake_codecs::pap::multipart;

use crate::netns::NetNs;

/// The multipart boundary of the bodies framed by [`frame_submission`]. RFC 2046 5.1.1 allows
/// 1..70 characters from `bchars`; this one is 26. It must not occur in any part (checked).
pub const PAP_BOUNDARY: &str = "pushwake-pap-7d3f9a0c21e4b";

/// Cap on the response status line plus headers. Kannel's PPG answers with five short headers
/// (about 150 bytes); 16 KiB leaves room for any sane server while bounding a hostile one.
pub const MAX_RESPONSE_HEAD: usize = 16 * 1024;

/// Cap on the response body. A PAP response is small, but Kannel echoes the whole offending
/// document in `bad-message-fragment`, so the body can be as large as what we sent; our
/// submissions are far below 1 MiB. A larger answer is an error, never read to the end.
pub const MAX_RESPONSE_BODY: usize = 1024 * 1024;

/// The default bound on one whole exchange (connect, request, response head and body).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The `User-Agent` sent; Kannel copies it into the OTA push (NOTES.md).
pub const USER_AGENT: &str = "pushwake";

/// A Push Initiator's HTTP client for one PPG URL (`http://ADDR/PATH`).
#[derive(Clone)]
pub struct PapHttpClient {
    agent: ureq::Agent,
    /// The namespace connections are opened in; `None`: the caller's.
    netns: Option<Arc<NetNs>>,
    addr: SocketAddr,
    path: String,
    timeout: Duration,
}

impl fmt::Debug for PapHttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PapHttpClient")
            .field("url", &self.url())
            .field("netns", &self.netns.as_ref().map(|n| n.path().to_owned()))
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// What the PPG answered: the HTTP status, the header fields, and the body bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PapHttpResponse {
    /// HTTP status code (Kannel answers every PAP request with 202).
    pub status: u16,
    /// The standard reason phrase of the status (the server's own phrase is not kept).
    pub reason: String,
    /// Header fields (names in lower case, as HTTP/1.1 compares them case-insensitively).
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
    /// Connecting, sending or receiving failed, or the answer is no HTTP/1.1 response.
    #[error("PAP HTTP exchange with {addr} failed: {source}")]
    Http {
        /// The PPG's address.
        addr: SocketAddr,
        /// What the HTTP client reported.
        #[source]
        source: ureq::Error,
    },
    /// The whole exchange took longer than the timeout.
    #[error("PAP HTTP exchange with {addr} exceeded {timeout:?} ({stage})")]
    Timeout {
        /// The PPG's address.
        addr: SocketAddr,
        /// The configured timeout.
        timeout: Duration,
        /// Which part of the exchange ran out of time.
        stage: String,
    },
    /// The answer's body is larger than [`MAX_RESPONSE_BODY`].
    #[error("the answer from {addr} is larger than {MAX_RESPONSE_BODY} bytes")]
    TooLarge {
        /// The PPG's address.
        addr: SocketAddr,
    },
    /// The connecting thread could not join the PPG's network namespace.
    #[error("cannot enter the PPG's network namespace: {0}")]
    Namespace(#[source] std::io::Error),
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
    /// A client that connects from the caller's network namespace to `addr` and POSTs to `path`
    /// (e.g. `/wappush`).
    pub fn new(addr: SocketAddr, path: &str) -> Self {
        Self {
            agent: agent(DEFAULT_TIMEOUT),
            netns: None,
            addr,
            path: path.to_owned(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// A client whose connections are opened inside the network namespace `ns`.
    pub fn in_namespace(ns: Arc<NetNs>, addr: SocketAddr, path: &str) -> Self {
        Self {
            netns: Some(ns),
            ..Self::new(addr, path)
        }
    }

    /// The same client with another bound on each whole exchange.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.agent = agent(timeout);
        self.timeout = timeout;
        self
    }

    /// The PPG URL this client posts to.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.path)
    }

    /// Submits a push (PAP 2.0 section 8): `control_xml` as part 1, `content` with
    /// `content_type` as part 2, framed by [`frame_submission`].
    pub fn submit_push(
        &self,
        control_xml: &[u8],
        content_type: &str,
        content: &[u8],
    ) -> Result<PapHttpResponse, PapHttpError> {
        let (header, body) = frame_submission(control_xml, content_type, content)?;
        self.post(&header, &body)
    }

    /// Sends a plain PAP document (cancel, status query, client capability query) as
    /// `application/xml` (PAP 2.0 section 8).
    pub fn send_document(&self, xml: &[u8]) -> Result<PapHttpResponse, PapHttpError> {
        self.post("application/xml", xml)
    }

    /// POSTs `body` with `content_type` and reads the whole response (within the caps).
    pub fn post(&self, content_type: &str, body: &[u8]) -> Result<PapHttpResponse, PapHttpError> {
        if content_type.contains(['\r', '\n']) {
            return Err(PapHttpError::BadHeaderValue("Content-Type"));
        }
        if self.path.contains(['\r', '\n', ' ']) {
            return Err(PapHttpError::BadHeaderValue("request path"));
        }
        match &self.netns {
            None => self.exchange(content_type, body),
            Some(ns) => ns
                .run(|| self.exchange(content_type, body))
                .map_err(PapHttpError::Namespace)?,
        }
    }

    /// One exchange, from the calling thread (whose network namespace the socket is made in).
    fn exchange(&self, content_type: &str, body: &[u8]) -> Result<PapHttpResponse, PapHttpError> {
        let addr = self.addr;
        let fail = |source: ureq::Error| match source {
            ureq::Error::Timeout(stage) => PapHttpError::Timeout {
                addr,
                timeout: self.timeout,
                stage: stage.to_string(),
            },
            ureq::Error::BodyExceedsLimit(_) => PapHttpError::TooLarge { addr },
            source => PapHttpError::Http { addr, source },
        };
        let mut response = self
            .agent
            .post(self.url())
            .header("Content-Type", content_type)
            .header("Connection", "close")
            .send(body)
            .map_err(fail)?;
        let status = response.status();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).trim().to_owned(),
                )
            })
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BODY as u64)
            .read_to_vec()
            .map_err(fail)?;
        Ok(PapHttpResponse {
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or_default().to_owned(),
            headers,
            body,
        })
    }
}

/// The HTTP agent: one exchange per connection, nothing added or followed that a PAP exchange
/// does not need.
fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        // A PPG's 4xx/5xx answer is still its answer, to be reported as received.
        .http_status_as_error(false)
        .max_redirects(0)
        // Proxy variables of the environment must not divert a loopback PPG.
        .proxy(None)
        // No pool: every request connects afresh from the thread that makes it (see the
        // module documentation) and says `Connection: close`.
        .max_idle_connections(0)
        .max_idle_connections_per_host(0)
        .timeout_global(Some(timeout))
        .max_response_header_size(MAX_RESPONSE_HEAD)
        .user_agent(USER_AGENT)
        // No automatic Accept / Accept-Encoding: Kannel would copy Accept into the OTA push.
        .accept("")
        .accept_encoding("")
        .build()
        .new_agent()
}

/// Frames a push submission with the codec's multipart writer: the `Content-Type` header value
/// and the body (`multipart/related; boundary="PAP_BOUNDARY"; type="application/xml"`, CRLF
/// line ends, [`multipart::write_entities`]). `control_xml` is sent as it is, so malformed
/// control documents can be sent on purpose.
pub fn frame_submission(
    control_xml: &[u8],
    content_type: &str,
    content: &[u8],
) -> Result<(String, Vec<u8>), PapHttpError> {
    if content_type.contains(['\r', '\n']) {
        return Err(PapHttpError::BadHeaderValue("content part Content-Type"));
    }
    if multipart::boundary_occurs_in(PAP_BOUNDARY, control_xml) {
        return Err(PapHttpError::BoundaryInPart { part: 1 });
    }
    if multipart::boundary_occurs_in(PAP_BOUNDARY, content) {
        return Err(PapHttpError::BoundaryInPart { part: 2 });
    }
    Ok(multipart::write_entities(
        control_xml,
        content_type,
        None,
        content,
        None,
        PAP_BOUNDARY,
    ))
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
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::thread;

    /// Reads one request (head, then Content-Length bytes of body) from `s`.
    fn read_request(s: &mut TcpStream) -> Vec<u8> {
        let mut got = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let n = s.read(&mut chunk).unwrap();
            assert_ne!(
                n,
                0,
                "client closed early: {:?}",
                String::from_utf8_lossy(&got)
            );
            got.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&got).into_owned();
            if let Some(end) = text.find("\r\n\r\n") {
                let len: usize = text[..end]
                    .lines()
                    .find_map(|l| {
                        let (n, v) = l.split_once(':')?;
                        n.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse().unwrap())
                    })
                    .unwrap_or(0);
                if got.len() >= end + 4 + len {
                    return got;
                }
            }
        }
    }

    /// A one-shot server: answers the first request with `answer`, returns the request.
    fn serve_once(answer: Vec<u8>, linger: Duration) -> (SocketAddr, thread::JoinHandle<Vec<u8>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            let got = read_request(&mut s);
            s.write_all(&answer).unwrap();
            thread::sleep(linger);
            got
        });
        (addr, server)
    }

    #[test]
    fn submission_is_the_codec_framing_with_crlf_delimiters() {
        let (ct, body) = frame_submission(b"<pap/>", "text/plain", b"hello").unwrap();
        let expected = format!(
            "--{b}\r\nContent-Type: application/xml\r\n\r\n<pap/>\r\n--{b}\r\n\
             Content-Type: text/plain\r\n\r\nhello\r\n--{b}--\r\n",
            b = PAP_BOUNDARY
        );
        assert_eq!(String::from_utf8(body).unwrap(), expected);
        assert_eq!(
            ct,
            "multipart/related; boundary=\"pushwake-pap-7d3f9a0c21e4b\"; type=\"application/xml\""
        );
    }

    #[test]
    fn refuses_to_frame_a_part_holding_the_boundary() {
        let evil = format!("x--{PAP_BOUNDARY}y");
        assert!(matches!(
            frame_submission(evil.as_bytes(), "text/plain", b""),
            Err(PapHttpError::BoundaryInPart { part: 1 })
        ));
        assert!(matches!(
            frame_submission(b"<pap/>", "text/plain", evil.as_bytes()),
            Err(PapHttpError::BoundaryInPart { part: 2 })
        ));
        assert!(matches!(
            frame_submission(b"<pap/>", "text/plain\r\nX: y", b""),
            Err(PapHttpError::BadHeaderValue(_))
        ));
    }

    /// One request against a loopback listener that answers like Kannel (keep-alive, so the
    /// client must stop at Content-Length rather than wait for EOF). The request carries only
    /// the headers Kannel's OTA push may see (NOTES.md): no Accept, User-Agent `pushwake`.
    #[test]
    fn posts_and_reads_a_keep_alive_response_by_content_length() {
        let (addr, server) = serve_once(
            b"HTTP/1.1 202 Accepted\r\nServer: Kannel/1.4.5\r\nContent-Length: 4\r\n\
              Connection: Keep-Alive\r\nContent-Type: application/xml\r\n\r\n<ok>"
                .to_vec(),
            Duration::from_millis(500),
        );
        let client = PapHttpClient::new(addr, "/wappush").with_timeout(Duration::from_secs(5));
        let resp = client.post("text/plain", b"hello").unwrap();
        assert_eq!(resp.status, 202);
        assert_eq!(resp.reason, "Accepted");
        assert_eq!(resp.body, b"<ok>");
        assert_eq!(resp.header("Content-Length"), Some("4"));
        assert_eq!(resp.header("content-type"), Some("application/xml"));
        let request = String::from_utf8(server.join().unwrap()).unwrap();
        let lower = request.to_ascii_lowercase();
        assert!(
            request.starts_with("POST /wappush HTTP/1.1\r\n"),
            "{request}"
        );
        assert!(lower.contains("\r\ncontent-length: 5\r\n"), "{request}");
        assert!(
            lower.contains("\r\ncontent-type: text/plain\r\n"),
            "{request}"
        );
        assert!(lower.contains("\r\nuser-agent: pushwake\r\n"), "{request}");
        assert!(lower.contains("\r\nconnection: close\r\n"), "{request}");
        assert!(!lower.contains("\r\naccept"), "{request}");
        assert!(request.ends_with("\r\n\r\nhello"), "{request}");
    }

    #[test]
    fn a_non_2xx_answer_is_returned_as_received() {
        let (addr, server) = serve_once(
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 21\r\n\r\nService not specified".to_vec(),
            Duration::ZERO,
        );
        let resp = PapHttpClient::new(addr, "/")
            .post("application/xml", b"<pap/>")
            .unwrap();
        assert_eq!(resp.status, 404);
        assert_eq!(resp.body, b"Service not specified");
        server.join().unwrap();
    }

    #[test]
    fn an_answer_over_the_cap_is_an_error() {
        let mut answer = format!(
            "HTTP/1.1 202 Accepted\r\nContent-Length: {}\r\n\r\n",
            MAX_RESPONSE_BODY + 1
        )
        .into_bytes();
        answer.resize(answer.len() + MAX_RESPONSE_BODY + 1, b'x');
        let (addr, server) = serve_once(answer, Duration::ZERO);
        let err = PapHttpClient::new(addr, "/wappush")
            .post("application/xml", b"<pap/>")
            .unwrap_err();
        assert!(matches!(err, PapHttpError::TooLarge { .. }), "{err:?}");
        let _ = server.join();
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

    #[test]
    fn refuses_header_injection() {
        let client = PapHttpClient::new("127.0.0.1:9".parse().unwrap(), "/wappush");
        assert!(matches!(
            client.post("text/plain\r\nX-Evil: 1", b""),
            Err(PapHttpError::BadHeaderValue("Content-Type"))
        ));
    }
}
