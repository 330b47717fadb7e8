//! The HTML report as a browser renders it: Debian's `chromium`, headless, loads report.html
//! from a temporary directory, dumps the DOM it built and takes a screenshot.
//!
//! - The DOM must hold the failing vector's SVG sequence diagram with its four lanes (the IUT's
//!   marked), one arrow per message and the failing step marked; a page full of hostile text
//!   must give no element the reporter did not write.
//! - The screenshot must be a real picture, not a blank page: the PNG is decoded (a small inflate
//!   below, so no image crate is needed) and must have many colours and, somewhere, a row of the
//!   failing step's highlight colour wider than any table cell: the diagram's highlighted row.
//!
//! `PUSHWAKE_SCREENSHOT=/tmp/report.png cargo test -p pushwake-reports --test browser` keeps the
//! screenshot.
//!
//! Without `chromium` on the PATH the tests say they are skipped (on stderr, past the test
//! harness's capture) and pass, unless the environment variable `CI` is set: then they fail, so
//! CI cannot silently lose them (`.ci/run` installs the package).
#![allow(clippy::unwrap_used)]

use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pushwake_reports::{TraceKind, write_all_reports};
use serde_json::json;

mod common;

use common::{apdu_run, e, events_of, failing_vector, run_info, scratch_dir, vectors};

/// How long one Chromium run may take before the test gives up on it.
const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(90);
/// The screenshot's window size (CSS pixels at device scale 1).
const WINDOW: (u32, u32) = (1280, 3600);

fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// The `chromium` binary, or `None` after saying the test is skipped; panics when `CI` is set.
fn chromium(test: &str) -> Option<PathBuf> {
    if let Some(p) = find_on_path("chromium") {
        return Some(p);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: Debian package `chromium` is missing and CI is set; install it with \
         `apt-get install -y chromium` (.ci/run does)"
    );
    // Straight to stderr: libtest captures print!/eprint! of passing tests, not this.
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED {test}: the Debian package `chromium` is missing (apt-get install -y chromium); \
         set CI=1 to make this a failure"
    );
    None
}

/// Runs Chromium headless on `page` with `args`, stdout into `out`, and waits for it.
fn run_chromium(chromium: &Path, dir: &Path, page: &Path, args: &[String], out: &Path) {
    let profile = dir.join("chromium-profile");
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(File::create(out).unwrap())
        .stderr(File::create(out.with_extension("stderr")).unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + CHROMIUM_TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(
                status.success(),
                "chromium {args:?} failed with {status}; stderr:\n{}",
                fs::read_to_string(out.with_extension("stderr")).unwrap_or_default()
            );
            return;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium {args:?} did not finish within {CHROMIUM_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn dump_dom(chromium: &Path, dir: &Path, page: &Path) -> String {
    let out = dir.join("dom.html");
    run_chromium(chromium, dir, page, &["--dump-dom".to_owned()], &out);
    fs::read_to_string(&out).unwrap()
}

#[test]
fn chromium_renders_the_failing_vector_as_a_sequence_diagram() {
    let test = "chromium_renders_the_failing_vector_as_a_sequence_diagram";
    let Some(chromium) = chromium(test) else {
        return;
    };
    let dir = scratch_dir("chromium-diagram");
    // The failing vector and a passing one: a short page, so the diagram is in the screenshot.
    let all = vectors();
    let results = [all[0].clone(), failing_vector()];
    let mut info = run_info();
    info.vector_count = 2;
    let paths = write_all_reports(&dir, &events_of(info, &results)).unwrap();

    let dom = dump_dom(&chromium, &dir, &paths.html);
    let start = dom
        .find("<svg class=\"seq\"")
        .unwrap_or_else(|| panic!("no sequence diagram in the rendered DOM:\n{dom}"));
    // Failing vectors come first, so the first diagram is vector 1's.
    let svg = &dom[start..start + dom[start..].find("</svg>").unwrap()];
    assert!(svg.contains("data-vector=\"1\""), "{svg}");
    for lane in [
        "<g class=\"lane\" data-role=\"pi\">",
        "<g class=\"lane iut\" data-role=\"ppg\">",
        "<g class=\"lane\" data-role=\"bearer\">",
        "<g class=\"lane\" data-role=\"clock\">",
    ] {
        assert!(svg.contains(lane), "missing {lane} in\n{svg}");
    }
    assert_eq!(svg.matches("<g class=\"lane").count(), 4);
    // One arrow per message: 7 trace entries, each a line with an arrowhead.
    assert_eq!(svg.matches("<g class=\"msg ").count(), 7);
    assert_eq!(svg.matches("<line class=\"arrow\"").count(), 7);
    assert!(svg.contains("<g class=\"msg observation verdict-fail\" data-step=\"6\">"));
    assert!(svg.contains("<rect class=\"verdict-step verdict-fail\""));
    assert!(svg.contains(">push-response 1001 (accepted) for push 1</text>"));
    assert!(svg.contains(">clock tick: 5 s</text>"));
    assert_eq!(dom.matches("<svg class=\"seq\"").count(), 2);

    let shot = dir.join("report.png");
    run_chromium(
        &chromium,
        &dir,
        &paths.html,
        &[
            "--hide-scrollbars".to_owned(),
            format!("--window-size={},{}", WINDOW.0, WINDOW.1),
            format!("--screenshot={}", shot.display()),
        ],
        &dir.join("screenshot.out"),
    );
    // PUSHWAKE_SCREENSHOT=path keeps a copy, to look at the page as the lab engineer sees it.
    if let Some(keep) = std::env::var_os("PUSHWAKE_SCREENSHOT") {
        fs::copy(&shot, keep).unwrap();
    }
    let png = fs::read(&shot).unwrap();
    assert!(png.len() > 20_000, "screenshot is only {} bytes", png.len());
    let image = decode_png(&png).unwrap();
    assert_eq!((image.width, image.height), WINDOW);
    let colours = image.distinct_colours(64);
    assert!(
        colours >= 64,
        "screenshot has only {colours} colours: blank?"
    );
    assert!(
        image.commonest_share() < 0.95,
        "screenshot is almost one colour"
    );
    // The diagram's highlighted failing row is on screen: a 5 px #b00020 bar, then #f8d0d0 up
    // to the first lifeline that crosses the row (nothing else on the page has the bar: the
    // verdict banner and the table cells are pink without it).
    let run = image.longest_run_after([0xb0, 0x00, 0x20], 5, [0xf8, 0xd0, 0xd0]);
    assert!(
        run >= 300,
        "no failing-step highlight of the diagram in the screenshot (longest {run} px); \
         PUSHWAKE_SCREENSHOT=path keeps it to look at"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn chromium_builds_no_element_from_hostile_text() {
    let test = "chromium_builds_no_element_from_hostile_text";
    let Some(chromium) = chromium(test) else {
        return;
    };
    let hostile = "</script><script>document.title='owned'</script><svg onload=alert(2)><img src=x onerror=alert(3)>\"' onmouseover=\"alert(4)";
    let mut v = failing_vector();
    v.title = hostile.into();
    v.reason = hostile.into();
    v.failed_requirement = Some(hostile.into());
    for entry in &mut v.trace {
        entry.label = Some(hostile.into());
        entry.wire = Some(hostile.into());
        entry.r#abstract = json!({ "x": hostile });
        entry.allowed = vec![json!(hostile)];
        entry.decoded = Some(pushwake_reports::DecodedWire {
            short: hostile.into(),
            line: hostile.into(),
        });
    }
    v.trace[2].to = Some(hostile.into());
    v.trace.push(e(7, TraceKind::Note, json!(hostile)).done());
    let dir = scratch_dir("chromium-hostile");
    let paths = write_all_reports(&dir, &events_of(run_info(), &[v])).unwrap();
    let dom = dump_dom(&chromium, &dir, &paths.html);
    assert!(dom.contains("<svg class=\"seq\""), "{dom}");
    // In the serialized DOM every `<` opens a real element (text has `&lt;`): list them all,
    // with their attribute names.
    let allowed = [
        "html", "head", "meta", "title", "style", "body", "h1", "h2", "h4", "p", "span", "strong",
        "em", "code", "pre", "table", "tbody", "tr", "th", "td", "a", "ul", "li", "br", "wbr",
        "wbr", "details", "summary", "div", "svg", "g", "rect", "line", "polygon", "path", "text",
    ];
    let tags = tags(&dom);
    assert!(tags.len() > 100, "only {} elements", tags.len());
    for (name, attributes) in &tags {
        assert!(
            allowed.contains(&name.as_str()),
            "element <{name}> was built"
        );
        for a in attributes {
            assert!(!a.starts_with("on"), "<{name}> got an event handler {a}");
        }
    }
    assert_eq!(tags.iter().filter(|(n, _)| n == "svg").count(), 1);
    assert!(dom.contains("<title>pushwake: ppg-basic.suite.json against"));
    fs::remove_dir_all(&dir).unwrap();
}

/// Measures the laid-out page from inside Chromium: appended to a copy of the report (the report
/// itself has no script), it writes into `<pre id="measure">` as JSON where each hex dump and its
/// decoded view (its box and its first text line) landed in the trace table, and each arrow label's box in the first diagram.
const MEASURE: &str = r#"<script>
(function () {
  var r = function (x) { return Math.round(x); };
  var ex = [];
  document.querySelectorAll('table.trace .exchange').forEach(function (x) {
    var h = x.querySelector('pre.hex'), d = x.querySelector('.decoded');
    if (!h || !d) { return; }
    var a = h.getBoundingClientRect(), b = d.getBoundingClientRect();
    var first = function (el) {
      var range = document.createRange();
      range.selectNodeContents(el);
      return r(range.getClientRects()[0].top);
    };
    ex.push({hex_right: r(a.right), hex_line: first(h), dec_line: first(d),
             dec_left: r(b.left), dec_width: r(b.width),
             hex_lines: h.textContent.split('\n').length, text: d.textContent});
  });
  var svg = document.querySelector('svg.seq');
  var labels = [];
  svg.querySelectorAll('text.label').forEach(function (t) {
    var bb = t.getBBox();
    labels.push({text: t.textContent, left: r(bb.x), right: r(bb.x + bb.width)});
  });
  var p = document.createElement('pre');
  p.id = 'measure';
  p.textContent = JSON.stringify({width: svg.viewBox.baseVal.width, exchanges: ex, labels: labels});
  document.body.appendChild(p);
})();
</script>"#;

/// An APDU-level vector in a real browser: every exchanged message's decoded view is laid out
/// beside its hex dump (to its right, its first line level with the dump's), a long dump wraps onto
/// a second line, and every arrow label of the diagram (the decoded short forms) lies inside
/// the diagram.
#[test]
fn chromium_lays_out_each_apdu_hex_dump_beside_its_decoded_view() {
    let test = "chromium_lays_out_each_apdu_hex_dump_beside_its_decoded_view";
    let Some(chromium) = chromium(test) else {
        return;
    };
    let dir = scratch_dir("chromium-apdu");
    let (info, results) = apdu_run();
    let paths = write_all_reports(&dir, &events_of(info, &results)).unwrap();
    // PUSHWAKE_APDU_REPORT=path keeps the page, to look at it.
    if let Some(keep) = std::env::var_os("PUSHWAKE_APDU_REPORT") {
        fs::copy(&paths.html, keep).unwrap();
    }
    let page = fs::read_to_string(&paths.html).unwrap();
    let measured = dir.join("measured.html");
    fs::write(
        &measured,
        page.replace("</body>", &format!("{MEASURE}</body>")),
    )
    .unwrap();
    let out = dir.join("dom.html");
    run_chromium(
        &chromium,
        &dir,
        &measured,
        &[
            "--dump-dom".to_owned(),
            format!("--window-size={},{}", WINDOW.0, WINDOW.1),
        ],
        &out,
    );
    let dom = fs::read_to_string(&out).unwrap();
    let start = dom
        .find("<pre id=\"measure\">")
        .unwrap_or_else(|| panic!("the measuring script did not run:\n{dom}"))
        + "<pre id=\"measure\">".len();
    let json_text = &dom[start..start + dom[start..].find("</pre>").unwrap()];
    let m: serde_json::Value = serde_json::from_str(&json_text.replace("&amp;", "&")).unwrap();

    let exchanges = m["exchanges"].as_array().unwrap();
    // Six messages, each in the trace table once (the evidence box is not a trace table).
    assert_eq!(exchanges.len(), 6, "{m:#}");
    for x in exchanges {
        let n = |k: &str| x[k].as_i64().unwrap();
        assert!(
            n("dec_left") >= n("hex_right"),
            "decoded view not beside its hex: {x}"
        );
        assert!(
            (n("dec_line") - n("hex_line")).abs() <= 3,
            "decoded view's first line not level with the hex dump's: {x}"
        );
        assert!(n("dec_width") > 40, "decoded view squeezed: {x}");
    }
    let lines: Vec<i64> = exchanges
        .iter()
        .map(|x| x["hex_lines"].as_i64().unwrap())
        .collect();
    // ENVELOPE (28 bytes) and the OPEN CHANNEL answer (22) and its TERMINAL RESPONSE (25) wrap.
    assert_eq!(lines, [2, 1, 1, 2, 2, 1], "{m:#}");

    let width = m["width"].as_f64().unwrap();
    let labels = m["labels"].as_array().unwrap();
    let texts: Vec<&str> = labels.iter().map(|l| l["text"].as_str().unwrap()).collect();
    assert_eq!(
        texts,
        [
            "ENVELOPE: TERMINAL APPLICATIONS",
            "91 14",
            "FETCH",
            "PROACTIVE COMMAND: OPEN CHANNEL",
            "TERMINAL RESPONSE: OPEN CHANNEL, result 00",
            "6A 80",
        ]
    );
    for l in labels {
        let (left, right) = (l["left"].as_f64().unwrap(), l["right"].as_f64().unwrap());
        assert!(
            left >= 0.0 && right <= width,
            "label outside the diagram: {l} (width {width})"
        );
    }
    fs::remove_dir_all(&dir).unwrap();
}

/// The opening tags of a serialized DOM: element name and attribute names. Attribute values are
/// double-quoted by the serializer, with `"` written `&quot;`.
fn tags(dom: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with('/') || rest.starts_with('!') {
            continue;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = &rest[name_end..];
        let mut attributes = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .unwrap_or(rest.len());
            attributes.push(rest[..end].to_ascii_lowercase());
            rest = &rest[end..];
            if let Some(value) = rest.strip_prefix("=\"") {
                rest = &value[value.find('"').unwrap() + 1..];
            }
        }
        out.push((name, attributes));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// A minimal PNG reader (8-bit RGB or RGBA, not interlaced: what Chromium writes), enough to look
// at the pixels of a screenshot. Inflate after RFC 1951 (the structure of zlib's puff.c).

struct Image {
    width: u32,
    height: u32,
    /// RGB triples, row by row.
    pixels: Vec<[u8; 3]>,
}

impl Image {
    /// Distinct colours, counting up to `cap`.
    fn distinct_colours(&self, cap: usize) -> usize {
        let mut seen = std::collections::BTreeSet::new();
        for p in &self.pixels {
            seen.insert(*p);
            if seen.len() >= cap {
                break;
            }
        }
        seen.len()
    }

    /// The share of the pixels that have the commonest colour.
    fn commonest_share(&self) -> f64 {
        let mut counts = std::collections::BTreeMap::new();
        for p in &self.pixels {
            *counts.entry(*p).or_insert(0usize) += 1;
        }
        let max = counts.values().copied().max().unwrap_or(0);
        max as f64 / self.pixels.len().max(1) as f64
    }

    /// The longest horizontal run of `colour` that starts right after at least `lead` pixels of
    /// `lead_colour`, in pixels.
    fn longest_run_after(&self, lead_colour: [u8; 3], lead: usize, colour: [u8; 3]) -> usize {
        let mut best = 0;
        for row in self.pixels.chunks(self.width as usize) {
            let (mut leading, mut run, mut counting) = (0, 0, false);
            for p in row {
                if *p == lead_colour {
                    leading += 1;
                    counting = false;
                    run = 0;
                } else if *p == colour && (counting || leading >= lead) {
                    counting = true;
                    leading = 0;
                    run += 1;
                    best = best.max(run);
                } else {
                    leading = 0;
                    counting = false;
                    run = 0;
                }
            }
        }
        best
    }
}

fn decode_png(png: &[u8]) -> Result<Image, String> {
    let body = png
        .strip_prefix(b"\x89PNG\r\n\x1a\n".as_slice())
        .ok_or("not a PNG")?;
    let (mut pos, mut idat) = (0usize, Vec::new());
    let (mut width, mut height, mut channels) = (0u32, 0u32, 0usize);
    while pos + 8 <= body.len() {
        let len = u32::from_be_bytes(body[pos..pos + 4].try_into().unwrap()) as usize;
        let kind = &body[pos + 4..pos + 8];
        let data = body.get(pos + 8..pos + 8 + len).ok_or("truncated chunk")?;
        match kind {
            b"IHDR" => {
                width = u32::from_be_bytes(data[0..4].try_into().unwrap());
                height = u32::from_be_bytes(data[4..8].try_into().unwrap());
                let (depth, colour_type, interlace) = (data[8], data[9], data[12]);
                channels = match (depth, colour_type, interlace) {
                    (8, 2, 0) => 3,
                    (8, 6, 0) => 4,
                    other => return Err(format!("unsupported PNG format {other:?}")),
                };
            }
            b"IDAT" => idat.extend_from_slice(data),
            b"IEND" => break,
            _ => {}
        }
        pos += 12 + len;
    }
    // zlib: a two-byte header, the deflate stream, an Adler-32 we do not check.
    let raw = inflate(idat.get(2..).ok_or("no image data")?)?;
    let stride = width as usize * channels;
    if raw.len() != (stride + 1) * height as usize {
        return Err(format!("image data is {} bytes", raw.len()));
    }
    let mut prev = vec![0u8; stride];
    let mut pixels = Vec::with_capacity(width as usize * height as usize);
    for line in raw.chunks(stride + 1) {
        let (filter, src) = (line[0], &line[1..]);
        let mut cur = vec![0u8; stride];
        for i in 0..stride {
            let a = if i >= channels { cur[i - channels] } else { 0 };
            let b = prev[i];
            let c = if i >= channels { prev[i - channels] } else { 0 };
            let predicted = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => paeth(a, b, c),
                f => return Err(format!("bad filter {f}")),
            };
            cur[i] = src[i].wrapping_add(predicted);
        }
        pixels.extend(cur.chunks(channels).map(|p| [p[0], p[1], p[2]]));
        prev = cur;
    }
    Ok(Image {
        width,
        height,
        pixels,
    })
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    buf: u32,
    count: u32,
}

impl Bits<'_> {
    fn take(&mut self, n: u32) -> Result<u32, String> {
        while self.count < n {
            let byte = *self.data.get(self.pos).ok_or("deflate stream ends early")?;
            self.pos += 1;
            self.buf |= u32::from(byte) << self.count;
            self.count += 8;
        }
        let v = self.buf & ((1u32 << n) - 1);
        self.buf >>= n;
        self.count -= n;
        Ok(v)
    }
}

/// A canonical Huffman code: how many codes of each length, and the symbols in code order.
struct Huffman {
    counts: [u16; 16],
    symbols: Vec<u16>,
}

impl Huffman {
    fn new(lengths: &[u8]) -> Huffman {
        let mut counts = [0u16; 16];
        for &l in lengths {
            counts[l as usize] += 1;
        }
        counts[0] = 0;
        let mut offsets = [0u16; 16];
        for len in 1..15 {
            offsets[len + 1] = offsets[len] + counts[len];
        }
        let mut symbols = vec![0u16; lengths.len()];
        for (sym, &l) in lengths.iter().enumerate() {
            if l != 0 {
                symbols[offsets[l as usize] as usize] = sym as u16;
                offsets[l as usize] += 1;
            }
        }
        Huffman { counts, symbols }
    }

    fn decode(&self, bits: &mut Bits<'_>) -> Result<u16, String> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..16 {
            code |= bits.take(1)? as i32;
            let count = i32::from(self.counts[len]);
            if code - count < first {
                return Ok(self.symbols[(index + code - first) as usize]);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err("bad Huffman code".into())
    }
}

const LEN_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEN_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
const CODE_LENGTH_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

fn inflate(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut bits = Bits {
        data,
        pos: 0,
        buf: 0,
        count: 0,
    };
    let mut out = Vec::new();
    loop {
        let last = bits.take(1)? == 1;
        match bits.take(2)? {
            0 => {
                bits.buf = 0;
                bits.count = 0;
                let header = data.get(bits.pos..bits.pos + 4).ok_or("stored block")?;
                let len = usize::from(u16::from_le_bytes([header[0], header[1]]));
                let start = bits.pos + 4;
                out.extend_from_slice(data.get(start..start + len).ok_or("stored block")?);
                bits.pos = start + len;
            }
            1 => {
                let mut lengths = [0u8; 288];
                for (i, l) in lengths.iter_mut().enumerate() {
                    *l = match i {
                        0..=143 => 8,
                        144..=255 => 9,
                        256..=279 => 7,
                        _ => 8,
                    };
                }
                let lit = Huffman::new(&lengths);
                let dist = Huffman::new(&[5u8; 30]);
                codes(&mut bits, &mut out, &lit, &dist)?;
            }
            2 => {
                let nlen = bits.take(5)? as usize + 257;
                let ndist = bits.take(5)? as usize + 1;
                let ncode = bits.take(4)? as usize + 4;
                let mut cl = [0u8; 19];
                for &i in CODE_LENGTH_ORDER.iter().take(ncode) {
                    cl[i] = bits.take(3)? as u8;
                }
                let cl = Huffman::new(&cl);
                let mut lengths = Vec::with_capacity(nlen + ndist);
                while lengths.len() < nlen + ndist {
                    match cl.decode(&mut bits)? {
                        sym @ 0..=15 => lengths.push(sym as u8),
                        16 => {
                            let prev = *lengths.last().ok_or("repeat with no length")?;
                            let n = 3 + bits.take(2)?;
                            lengths.extend(std::iter::repeat_n(prev, n as usize));
                        }
                        17 => {
                            let n = 3 + bits.take(3)?;
                            lengths.extend(std::iter::repeat_n(0, n as usize));
                        }
                        _ => {
                            let n = 11 + bits.take(7)?;
                            lengths.extend(std::iter::repeat_n(0, n as usize));
                        }
                    }
                }
                let lit = Huffman::new(&lengths[..nlen]);
                let dist = Huffman::new(&lengths[nlen..nlen + ndist]);
                codes(&mut bits, &mut out, &lit, &dist)?;
            }
            _ => return Err("bad block type".into()),
        }
        if last {
            return Ok(out);
        }
    }
}

fn codes(
    bits: &mut Bits<'_>,
    out: &mut Vec<u8>,
    lit: &Huffman,
    dist: &Huffman,
) -> Result<(), String> {
    loop {
        let sym = lit.decode(bits)? as usize;
        match sym {
            0..=255 => out.push(sym as u8),
            256 => return Ok(()),
            _ => {
                let i = sym - 257;
                let len = usize::from(*LEN_BASE.get(i).ok_or("bad length")?)
                    + bits.take(u32::from(LEN_EXTRA[i]))? as usize;
                let d = dist.decode(bits)? as usize;
                let back = usize::from(*DIST_BASE.get(d).ok_or("bad distance")?)
                    + bits.take(u32::from(DIST_EXTRA[d]))? as usize;
                let from = out.len().checked_sub(back).ok_or("distance too far")?;
                for k in 0..len {
                    out.push(out[from + k]);
                }
            }
        }
    }
}
