//! Implementation Conformance Statements and the applicability of vectors.
//!
//! An ICS says which optional features the implementation under test supports, as named boolean
//! items (e.g. `"PPG-CONFIRMED": true`). A vector's applicability is an expression over those items:
//! item names, `true`, `false`, `!`, `&&`, `||` and parentheses. A vector whose expression is false
//! for the ICS is not run and gets the verdict `none`.
//!
//! The ICS file is JSON: `{ "items": { "NAME": true, ... } }`. An item the ICS does not mention takes
//! the default the run gives (supported unless the lab says otherwise with `--ics`).

use pushwake_reports::IcsUsed;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Expressions nest at most this deep: they are written by people, and the cap keeps a hostile
/// suite file from exhausting the stack.
pub const MAX_DEPTH: usize = 32;
/// Expressions are at most this long, for the same reason.
pub const MAX_LEN: usize = 4096;

/// An implementation conformance statement.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ics {
    /// Supported (true) or not (false), by item name.
    pub items: BTreeMap<String, bool>,
    /// Where the ICS was read from (its path as the user gave it); `None` for none given.
    #[serde(skip)]
    pub source: Option<String>,
}

impl Ics {
    /// What a run records of the ICS it used: where it came from, its items, what an unlisted
    /// item counts as, and the SHA-256 of the canonical JSON of the items and that default, so
    /// two runs can be seen to have selected their vectors from the same declaration.
    pub fn record(&self, unlisted_supported: bool) -> IcsUsed {
        let declaration = serde_json::json!({
            "items": self.items,
            "unlisted_supported": unlisted_supported,
        });
        let digest = Sha256::digest(crate::vector::canonical_json(&declaration).as_bytes());
        IcsUsed {
            source: self.source.clone(),
            items: self.items.clone(),
            unlisted_supported,
            digest: format!("sha256:{}", pushwake_codecs::hex::encode_lower(&digest)),
        }
    }

    /// The value of `item`: as declared, or `default` when the ICS does not mention it.
    pub fn supports(&self, item: &str, default: bool) -> bool {
        self.items.get(item).copied().unwrap_or(default)
    }
}

/// Why an applicability expression is not valid.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("applicability expression {expr:?}: {what} at character {offset}")]
pub struct ExprError {
    /// The expression.
    pub expr: String,
    /// What is wrong.
    pub what: &'static str,
    /// Character offset.
    pub offset: usize,
}

/// A parsed applicability expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// A constant.
    Const(bool),
    /// An ICS item.
    Item(String),
    /// Negation.
    Not(Box<Expr>),
    /// Conjunction.
    And(Box<Expr>, Box<Expr>),
    /// Disjunction.
    Or(Box<Expr>, Box<Expr>),
}

impl Expr {
    /// Parse `text`.
    pub fn parse(text: &str) -> Result<Expr, ExprError> {
        let err = |what, offset| ExprError {
            expr: text.to_owned(),
            what,
            offset,
        };
        if text.len() > MAX_LEN {
            return Err(err("longer than the cap", MAX_LEN));
        }
        let mut p = Parser {
            text,
            chars: text.char_indices().collect(),
            pos: 0,
        };
        let e = p.or(0).map_err(|(what, offset)| err(what, offset))?;
        p.skip_ws();
        if p.pos < p.chars.len() {
            return Err(err("unexpected text", p.offset()));
        }
        Ok(e)
    }

    /// Evaluate against `ics`; items it does not mention take `default`.
    pub fn eval(&self, ics: &Ics, default: bool) -> bool {
        match self {
            Expr::Const(b) => *b,
            Expr::Item(name) => ics.supports(name, default),
            Expr::Not(e) => !e.eval(ics, default),
            Expr::And(a, b) => a.eval(ics, default) && b.eval(ics, default),
            Expr::Or(a, b) => a.eval(ics, default) || b.eval(ics, default),
        }
    }

    /// The item names the expression mentions, sorted and deduplicated.
    pub fn items(&self) -> Vec<String> {
        fn walk(e: &Expr, out: &mut Vec<String>) {
            match e {
                Expr::Const(_) => {}
                Expr::Item(n) => out.push(n.clone()),
                Expr::Not(a) => walk(a, out),
                Expr::And(a, b) | Expr::Or(a, b) => {
                    walk(a, out);
                    walk(b, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(self, &mut out);
        out.sort();
        out.dedup();
        out
    }
}

struct Parser<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
    pos: usize,
}

type PResult = Result<Expr, (&'static str, usize)>;

impl Parser<'_> {
    fn offset(&self) -> usize {
        self.chars.get(self.pos).map_or(self.text.len(), |c| c.0)
    }
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).map(|c| c.1)
    }
    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }
    fn eat(&mut self, s: &str) -> bool {
        self.skip_ws();
        let n = s.chars().count();
        let matches = self
            .chars
            .get(self.pos..self.pos + n)
            .is_some_and(|w| w.iter().map(|c| c.1).eq(s.chars()));
        if matches {
            self.pos += n;
        }
        matches
    }
    fn or(&mut self, depth: usize) -> PResult {
        let mut left = self.and(depth)?;
        while self.eat("||") {
            let right = self.and(depth)?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }
    fn and(&mut self, depth: usize) -> PResult {
        let mut left = self.unary(depth)?;
        while self.eat("&&") {
            let right = self.unary(depth)?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }
    fn unary(&mut self, depth: usize) -> PResult {
        if depth >= MAX_DEPTH {
            return Err(("nested too deeply", self.offset()));
        }
        if self.eat("!") {
            return Ok(Expr::Not(Box::new(self.unary(depth + 1)?)));
        }
        if self.eat("(") {
            let e = self.or(depth + 1)?;
            if !self.eat(")") {
                return Err(("expected ')'", self.offset()));
            }
            return Ok(e);
        }
        self.skip_ws();
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
        {
            self.pos += 1;
        }
        if start == self.pos {
            return Err(("expected an ICS item", self.offset()));
        }
        let word: String = self.chars[start..self.pos].iter().map(|c| c.1).collect();
        Ok(match word.as_str() {
            "true" => Expr::Const(true),
            "false" => Expr::Const(false),
            _ => Expr::Item(word),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn ics(items: &[(&str, bool)]) -> Ics {
        Ics {
            items: items.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
            source: None,
        }
    }

    #[test]
    fn records_the_ics_with_a_digest_of_its_declaration() {
        let a = ics(&[("PPG-CANCEL", false), ("PPG-CCQ", true)]);
        let r = a.record(true);
        assert_eq!(r.items.len(), 2);
        assert!(r.unlisted_supported);
        assert!(r.digest.starts_with("sha256:"));
        assert_eq!(r.digest.len(), "sha256:".len() + 64);
        // The same declaration read from elsewhere has the same digest; another one does not.
        let mut b = a.clone();
        b.source = Some("lab/other.json".into());
        assert_eq!(b.record(true).digest, r.digest);
        assert_ne!(a.record(false).digest, r.digest);
        assert_ne!(ics(&[("PPG-CANCEL", true)]).record(true).digest, r.digest);
    }

    #[rstest]
    #[case("true", true)]
    #[case("false", false)]
    #[case("A", true)]
    #[case("B", false)]
    #[case("A && B", false)]
    #[case("A || B", true)]
    #[case("!B", true)]
    #[case("!(A && B) && (A || C)", true)]
    #[case("C", true)] // not mentioned: default
    fn evaluates(#[case] text: &str, #[case] want: bool) {
        let e = Expr::parse(text).expect("parses");
        assert_eq!(e.eval(&ics(&[("A", true), ("B", false)]), true), want);
    }

    #[rstest]
    #[case("", "expected an ICS item", 0)]
    #[case("A &&", "expected an ICS item", 4)]
    #[case("(A", "expected ')'", 2)]
    #[case("A B", "unexpected text", 2)]
    fn rejects_malformed(#[case] text: &str, #[case] what: &str, #[case] offset: usize) {
        let e = Expr::parse(text).expect_err("must fail");
        assert_eq!((e.what, e.offset), (what, offset));
    }

    #[test]
    fn rejects_deep_nesting() {
        let text = format!(
            "{}A{}",
            "(".repeat(MAX_DEPTH + 1),
            ")".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(
            Expr::parse(&text).expect_err("too deep").what,
            "nested too deeply"
        );
    }
}
