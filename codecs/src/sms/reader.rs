//! A borrowed reader that cannot read past its parent (after rustls `Reader` and der's
//! `SliceReader`): every read is checked, and errors carry the offset from the outermost input.

use crate::{DecodeError, DecodeResult, ErrorKind};

#[derive(Debug)]
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    /// Offset of `buf[0]` in the outermost input.
    base: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8], base: usize) -> Self {
        Self { buf, pos: 0, base }
    }

    /// Offset of the next byte in the outermost input.
    pub(crate) fn offset(&self) -> usize {
        self.base.saturating_add(self.pos)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }

    pub(crate) fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    pub(crate) fn u8(&mut self, structure: &'static str) -> DecodeResult<u8> {
        let b = self.peek().ok_or(DecodeError::new(
            ErrorKind::Truncated,
            structure,
            self.offset(),
        ))?;
        self.pos += 1; // cannot overflow: pos < buf.len()
        Ok(b)
    }

    /// The next `n` bytes; `Truncated` at the current offset if fewer remain.
    pub(crate) fn take(&mut self, n: usize, structure: &'static str) -> DecodeResult<&'a [u8]> {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        let (head, _) = rest.split_at_checked(n).ok_or(DecodeError::new(
            ErrorKind::Truncated,
            structure,
            self.offset(),
        ))?;
        self.pos += n; // n <= rest.len(), so pos stays <= buf.len()
        Ok(head)
    }

    /// A reader over the next `n` bytes (a length-prefixed body); `LengthPastParent` at
    /// `length_offset` (where the length was read) if `n` runs past this reader's end.
    pub(crate) fn sub(
        &mut self,
        n: usize,
        structure: &'static str,
        length_offset: usize,
    ) -> DecodeResult<Reader<'a>> {
        let base = self.offset();
        let body = self
            .take(n, structure)
            .map_err(|_| DecodeError::new(ErrorKind::LengthPastParent, structure, length_offset))?;
        Ok(Reader::new(body, base))
    }

    /// Everything left.
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        self.pos = self.buf.len();
        rest
    }

    /// Bytes up to (not including) the next NUL, which is consumed; `Truncated` if there is none.
    pub(crate) fn until_nul(&mut self, structure: &'static str) -> DecodeResult<&'a [u8]> {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        let end = rest.iter().position(|&b| b == 0).ok_or(DecodeError::new(
            ErrorKind::Truncated,
            structure,
            self.offset(),
        ))?;
        let s = self.take(end, structure)?;
        self.pos += 1; // the NUL found above
        Ok(s)
    }

    /// `TrailingData` if anything is left.
    pub(crate) fn finish(&self, structure: &'static str) -> DecodeResult<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(DecodeError::new(
                ErrorKind::TrailingData,
                structure,
                self.offset(),
            ))
        }
    }
}
