//! Byte work the parser does on every element, eight bytes at a time: counting the
//! newlines before a start tag (for its line number) and hashing names for the
//! parser's name tables. Byte-at-a-time versions of both were a sixth of parsing.

use std::hash::{BuildHasherDefault, Hasher};

const LOW_SEVEN: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HIGH: u64 = 0x8080_8080_8080_8080;
const NEWLINES: u64 = 0x0a0a_0a0a_0a0a_0a0a;

/// The number of `\n` bytes in `bytes`.
pub(super) fn count_newlines(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let mut count = 0;
    for chunk in &mut chunks {
        // A byte of `x` is zero exactly where the input has a newline. Per byte,
        // (low seven bits + 0x7f) | byte has its high bit set iff the byte is non-zero,
        // and no byte carries into the next.
        let x = word(chunk) ^ NEWLINES;
        let nonzero = ((x & LOW_SEVEN) + LOW_SEVEN) | x;
        count += (!nonzero & HIGH).count_ones() as usize;
    }
    count + chunks.remainder().iter().filter(|&&b| b == b'\n').count()
}

/// Up to eight bytes as a little-endian word, zero-padded.
fn word(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    let len = bytes.len().min(8);
    word[..len].copy_from_slice(&bytes[..len]);
    u64::from_le_bytes(word)
}

/// A multiply-rotate hash over words (as rustc's own tables use): several times
/// cheaper than SipHash on short names. Names come from the document, so the tables
/// are capped (`NAME_TABLE_LIMIT` in `parse.rs`): chosen colliding names cannot make
/// them slow, only unshared.
#[derive(Clone, Copy, Default)]
pub(super) struct NameHasher(u64);

impl NameHasher {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

impl Hasher for NameHasher {
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits (the table's bucket index) the weakest.
        self.0.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.mix(word(chunk));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.mix(word(rest));
        }
    }
}

pub(super) type NameHash = BuildHasherDefault<NameHasher>;

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use super::*;

    #[test]
    fn counts_newlines_at_every_alignment() {
        let text = "a\nbc\n\n\ndefghij\nklmnopqrstu\n\nv\u{e9}\n\u{10a0a}w\n";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let bytes = &text.as_bytes()[start..end];
                let expected = bytes.iter().filter(|&&b| b == b'\n').count();
                assert_eq!(count_newlines(bytes), expected, "{start}..{end}");
            }
        }
        // Bytes one off a newline, and with the high bit set, are not newlines.
        assert_eq!(
            count_newlines(&[0x0b, 0x09, 0x8a, 0x0a, 0xff, 0x00, 0x0a, 0x7f]),
            2
        );
    }

    #[test]
    fn names_hash_apart() {
        let hash = |name: &str| NameHash::default().hash_one(name);
        let names = [
            "ep:session",
            "ep:sessionKey",
            "ep:sessionKeys",
            "a",
            "b",
            "ab",
            "",
        ];
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                assert_ne!(hash(a), hash(b), "{a} {b}");
            }
        }
        assert_eq!(hash("ep:confName"), hash("ep:confName"));
    }
}
