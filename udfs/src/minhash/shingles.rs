//! Shingling: a document's normalized words, the word n-grams over them, and one 64-bit
//! xxh3 hash per n-gram.
//!
//! Two normalizations are offered:
//! - [`Normalization::Words`] (the default): Python's `re.findall(r"\w+", text.lower())`, the
//!   shingling of datasketch-style pipelines and of the peer benchmark's exact ground truth.
//!   Words are maximal runs of CPython 3.11 `\w` characters (`str.isalnum()` or `_`) in the
//!   lower-cased text.
//! - [`Normalization::Datatrove`]: datatrove 0.10.1's MinHash shingling: `simplify_text`
//!   (lower-case, numbers to `0`, datatrove's punctuation to spaces, whitespace collapsed,
//!   NFD without non-spacing marks), then its English spaCy word tokenizer.
//!
//! A shingle is `n` consecutive words joined by single spaces, hashed as UTF-8 bytes, so a
//! shingle's hash equals `xxh3_64(" ".join(words[i:i+n]).encode())` in Python. A document
//! with fewer than `n` words gives one shingle of all its words; one without words gives none.

use std::sync::{LazyLock, OnceLock};

use unicode_normalization::UnicodeNormalization;
use xxhash_rust::xxh3::xxh3_64;

use crate::text::python_unicode::{is_nonspacing_mark, is_regex_decimal, is_space, is_word};
use crate::text::spacy_en;

/// How a document's text becomes the words that shingles are made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Normalization {
    /// `\w+` runs of the lower-cased text (Python `re` semantics).
    #[default]
    Words,
    /// datatrove's `simplify_text` and English spaCy tokenizer.
    Datatrove,
}

impl Normalization {
    /// All normalizations, by SQL name.
    pub const ALL: [(&'static str, Normalization); 2] =
        [("words", Normalization::Words), ("datatrove", Normalization::Datatrove)];

    /// The normalization called `name` in SQL.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v)
    }
}

/// Byte masks of a chunk of at most 64 bytes (bit k for byte k; bytes past the end count
/// as spaces).
struct ChunkMasks {
    /// ASCII word bytes: letters, digits and `_`.
    word: u64,
    /// Non-ASCII bytes (≥ 0x80).
    high: u64,
    /// Lead bytes of non-ASCII characters (≥ 0xC0).
    lead: u64,
}

/// The chunk padded with spaces to 64 bytes.
#[inline]
fn padded(chunk: &[u8]) -> [u8; 64] {
    let mut block = [b' '; 64];
    block[..chunk.len()].copy_from_slice(chunk);
    block
}

/// The masks of a 64-byte block, 16 bytes per SSE2 compare and move-mask (SSE2 is part of
/// the x86-64 baseline, so no run-time check is needed).
#[cfg(target_arch = "x86_64")]
#[inline]
fn masks(block: &[u8; 64]) -> ChunkMasks {
    use std::arch::x86_64::*;
    let (mut word, mut high, mut lead) = (0u64, 0u64, 0u64);
    // SAFETY: SSE2 is always available on x86-64; each load reads 16 bytes inside `block`.
    unsafe {
        let in_range = |v: __m128i, lo: u8, hi: u8| {
            _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(lo as i8 - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8(hi as i8 + 1)))
        };
        for g in 0..4 {
            let v = _mm_loadu_si128(block.as_ptr().add(16 * g).cast());
            // Signed compares: bytes ≥ 0x80 are negative and fall outside every ASCII range.
            let alpha = in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', b'z');
            let digit = in_range(v, b'0', b'9');
            let under = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'_' as i8));
            let w = _mm_or_si128(_mm_or_si128(alpha, digit), under);
            // Lead bytes 0xC0..=0xFF are the signed range -64..=-1.
            let l = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-65)), _mm_cmplt_epi8(v, _mm_setzero_si128()));
            word |= (_mm_movemask_epi8(w) as u16 as u64) << (16 * g);
            high |= (_mm_movemask_epi8(v) as u16 as u64) << (16 * g);
            lead |= (_mm_movemask_epi8(l) as u16 as u64) << (16 * g);
        }
    }
    ChunkMasks { word, high, lead }
}

/// The masks of a 64-byte block, portable version.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn masks(block: &[u8; 64]) -> ChunkMasks {
    let mut word = [0u8; 64];
    let mut high = [0u8; 64];
    let mut lead = [0u8; 64];
    for k in 0..64 {
        let b = block[k];
        word[k] = ((b | 0x20).wrapping_sub(b'a') < 26 || b.wrapping_sub(b'0') < 10 || b == b'_') as u8;
        high[k] = (b >= 0x80) as u8;
        lead[k] = (b >= 0xC0) as u8;
    }
    ChunkMasks { word: pack_bits(&word), high: pack_bits(&high), lead: pack_bits(&lead) }
}

/// Writes the bytes of `src` whose bits are set in `keep` to the front of `dst`, in order;
/// returns how many.
#[inline(always)]
fn gather_bits(src: &[u8; 64], keep: u64, dst: &mut [u8; 64]) -> usize {
    let (mut rest, mut written) = (keep, 0usize);
    while rest != 0 {
        dst[written & 63] = src[rest.trailing_zeros() as usize];
        written += 1;
        rest &= rest - 1;
    }
    written
}

/// Per 8-bit mask: the byte shuffle that moves the selected bytes of 8 to the front.
static GATHER_SHUFFLES: [[u8; 8]; 256] = {
    let mut table = [[0x80u8; 8]; 256];
    let mut mask = 0;
    while mask < 256 {
        let (mut bit, mut n) = (0, 0);
        while bit < 8 {
            if mask >> bit & 1 == 1 {
                table[mask][n] = bit as u8;
                n += 1;
            }
            bit += 1;
        }
        mask += 1;
    }
    table
};

/// [`gather_bits`] 8 bytes per step: one table shuffle per byte of the mask.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "ssse3,popcnt")]
#[inline]
unsafe fn gather_ssse3(src: &[u8; 64], keep: u64, dst: &mut [u8; 64]) -> usize {
    use std::arch::x86_64::*;
    let mut written = 0usize;
    for g in 0..8 {
        let mask = (keep >> (8 * g)) as u8;
        // SAFETY: reads 8 bytes at 8g < 64 of `src` and of a table row; writes 8 bytes at
        // `written` ≤ 8g ≤ 56, inside `dst`.
        unsafe {
            let bytes = _mm_loadl_epi64(src.as_ptr().add(8 * g).cast());
            let shuffle = _mm_loadl_epi64(GATHER_SHUFFLES[mask as usize].as_ptr().cast());
            _mm_storel_epi64(dst.as_mut_ptr().add(written).cast(), _mm_shuffle_epi8(bytes, shuffle));
        }
        written += mask.count_ones() as usize;
    }
    written
}

#[cfg(not(target_arch = "x86_64"))]
unsafe fn gather_ssse3(src: &[u8; 64], keep: u64, dst: &mut [u8; 64]) -> usize {
    gather_bits(src, keep, dst)
}

/// For a Basic Multilingual Plane character whose lower-case form is one BMP character:
/// that character and whether it is `\w`; `None` for other characters (the slow path).
#[inline]
fn bmp_lower_word(c: char) -> Option<(char, bool)> {
    /// Per BMP code point: lower-case code point + 1 (0: not a single BMP character), and
    /// whether it is `\w`, as bit 31.
    static TABLE: LazyLock<Vec<u32>> = LazyLock::new(|| {
        (0u32..0x10000)
            .map(|cp| {
                let Some(c) = char::from_u32(cp) else { return 0 };
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) if (l as u32) < 0x10000 => (l as u32 + 1) | ((is_word(l) as u32) << 31),
                    _ => 0,
                }
            })
            .collect()
    });
    let entry = *TABLE.get(c as usize)?;
    let lower = entry & 0x7FFF_FFFF;
    if lower == 0 {
        return None;
    }
    Some((char::from_u32(lower - 1)?, entry >> 31 == 1))
}

/// Packs 64 bytes of 0/1 into a u64, byte k to bit k.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn pack_bits(bits: &[u8; 64]) -> u64 {
    let mut mask = 0u64;
    for (g, group) in bits.chunks_exact(8).enumerate() {
        let v = u64::from_le_bytes(group.try_into().expect("8 bytes"));
        mask |= (v.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (g * 8);
    }
    mask
}

/// Appends words to the joined buffer: pieces that touch the previous piece in the input
/// continue its word, others start a new word after a single space.
struct WordWriter {
    buf: Vec<u8>,
    starts: Vec<u32>,
    pos: usize,
    /// Input offset just past the open word's last character, if a word is open.
    open_until: Option<usize>,
}

/// Spare bytes kept past the write position, so pieces are copied in whole 16-byte blocks.
const SLACK: usize = 32;

impl WordWriter {
    fn new(mut buf: Vec<u8>, mut starts: Vec<u32>, input_len: usize) -> Self {
        buf.clear();
        buf.resize(input_len + SLACK, 0);
        starts.clear();
        starts.reserve(input_len / 2 + 1);
        Self { buf, starts, pos: 0, open_until: None }
    }

    /// Starts a word unless the piece at input offset `from` continues the open one.
    #[inline]
    fn begin(&mut self, from: usize) {
        if self.open_until == Some(from) {
            return;
        }
        if self.pos > 0 {
            self.buf[self.pos] = b' ';
            self.pos += 1;
        }
        self.starts.push(self.pos as u32);
    }

    /// Makes room for `extra` more output bytes plus the slack.
    #[inline]
    fn reserve(&mut self, extra: usize) {
        if self.buf.len() < self.pos + extra + SLACK {
            self.buf.resize(self.pos + extra + SLACK, 0);
        }
    }

    /// The ASCII word bytes `input[from..to]`, lower-cased.
    #[inline]
    fn ascii_piece(&mut self, input: &[u8], from: usize, to: usize) {
        self.begin(from);
        self.reserve(to - from + 1);
        let mut src = from;
        while src < to {
            let n = (to - src).min(16);
            let dst = &mut self.buf[self.pos..self.pos + 16];
            if src + 16 <= input.len() {
                let block: &[u8; 16] = input[src..src + 16].try_into().expect("16 bytes");
                for k in 0..16 {
                    let b = block[k];
                    dst[k] = b | (((b.wrapping_sub(b'A') < 26) as u8) << 5);
                }
            } else {
                for k in 0..n {
                    dst[k] = input[src + k].to_ascii_lowercase();
                }
            }
            self.pos += n;
            src += n;
        }
        self.open_until = Some(to);
    }

    /// A whole chunk of ASCII bytes at input offset `at` (padded with spaces), whose word
    /// bytes are `word`: each word run is written lower-cased, with the non-word byte
    /// before it written as its separating space; kept bytes are gathered bit by bit.
    #[inline(always)]
    fn ascii_chunk<const GATHER_SIMD: bool>(&mut self, block: &[u8; 64], at: usize, word: u64) {
        if word == 0 {
            self.open_until = None;
            return;
        }
        let continues = (self.open_until == Some(at)) as u64;
        let starts = word & !((word << 1) | continues);
        // The separator of a word starting at byte p is byte p - 1 (a non-word byte); one
        // starting at byte 0 gets an explicit space, and the document's first word none.
        let mut separators = starts >> 1;
        let space_first = starts & 1 == 1 && self.pos > 0;
        if self.pos == 0 && starts & 1 == 0 {
            separators &= separators.wrapping_sub(1);
        }
        let keep = word | separators;
        let mut lowered = [0u8; 64];
        for k in 0..64 {
            let b = block[k];
            let folded = b | 0x20;
            let alpha = folded.wrapping_sub(b'a') < 26;
            let other_word = b.wrapping_sub(b'0') < 10 || b == b'_';
            lowered[k] = if alpha { folded } else if other_word { b } else { b' ' };
        }
        self.reserve(65);
        if space_first {
            self.buf[self.pos] = b' ';
            self.pos += 1;
        }
        let base = self.pos;
        let dst: &mut [u8; 64] = (&mut self.buf[base..base + 64]).try_into().expect("64 reserved bytes");
        let written = if GATHER_SIMD {
            // SAFETY: `GATHER_SIMD` is only set in code compiled and chosen for SSSE3 CPUs.
            unsafe { gather_ssse3(&lowered, keep, dst) }
        } else {
            gather_bits(&lowered, keep, dst)
        };
        let mut rest = starts;
        while rest != 0 {
            let before = keep & ((1u64 << rest.trailing_zeros()) - 1);
            self.starts.push((base + before.count_ones() as usize) as u32);
            rest &= rest - 1;
        }
        self.pos = base + written;
        self.open_until = (word >> 63 == 1).then_some(at + 64);
    }

    /// One non-ASCII character at input offsets `from..to`: its lower-case form's word
    /// characters, split where the lower-case form has a non-word character.
    fn char_piece(&mut self, c: char, from: usize, to: usize) {
        match bmp_lower_word(c) {
            Some((lower, true)) => {
                self.begin(from);
                self.reserve(4);
                self.pos += lower.encode_utf8(&mut self.buf[self.pos..self.pos + 4]).len();
                self.open_until = Some(to);
                return;
            }
            Some((_, false)) => {
                self.open_until = None;
                return;
            }
            None => {}
        }
        let mut piece_from = from;
        for lower in c.to_lowercase() {
            if is_word(lower) {
                self.begin(piece_from);
                self.reserve(4);
                self.pos += lower.encode_utf8(&mut self.buf[self.pos..self.pos + 4]).len();
                self.open_until = Some(to);
                piece_from = to;
            } else if self.open_until.is_some() {
                self.open_until = None;
                piece_from = to;
            }
        }
    }

    /// The joined words and their start offsets.
    fn finish(mut self) -> (Vec<u8>, Vec<u32>) {
        self.buf.truncate(self.pos);
        (self.buf, self.starts)
    }
}

/// A document's words, normalized and joined by single spaces, with reusable buffers so a
/// batch of documents allocates once.
#[derive(Debug, Default)]
pub struct Shingler {
    joined: Vec<u8>,
    /// Byte offset of each word in `joined`; a word ends one byte before the next starts
    /// (at the separating space), the last at the end of `joined`.
    starts: Vec<u32>,
    simplified: String,
}

impl Shingler {
    /// Normalizes `text` into words; returns how many there are.
    pub fn load(&mut self, text: &str, normalization: Normalization) -> usize {
        self.joined.clear();
        self.starts.clear();
        match normalization {
            Normalization::Words => self.load_words(text),
            Normalization::Datatrove => {
                let mut simplified = std::mem::take(&mut self.simplified);
                simplify_text(text, &mut simplified);
                for word in spacy_en::words(&simplified) {
                    self.push_word(word);
                }
                self.simplified = simplified;
            }
        }
        self.starts.len()
    }

    fn push_word(&mut self, word: &str) {
        if !self.joined.is_empty() {
            self.joined.push(b' ');
        }
        let start = self.joined.len() as u32;
        self.joined.extend_from_slice(word.as_bytes());
        self.starts.push(start);
    }

    /// The `\w+` runs of the lower-cased text (see [`scan_words`]).
    fn load_words(&mut self, text: &str) {
        let mut out = WordWriter::new(
            std::mem::take(&mut self.joined),
            std::mem::take(&mut self.starts),
            text.len(),
        );
        // SAFETY: `word_scanner()` only returns a target-feature function after detecting it.
        unsafe { word_scanner()(text, &mut out) };
        (self.joined, self.starts) = out.finish();
    }

    /// The loaded words joined by single spaces (the normalized text).
    pub fn normalized(&self) -> &str {
        std::str::from_utf8(&self.joined).expect("only whole UTF-8 sequences are appended")
    }

    /// The normalized text's UTF-8 bytes.
    pub fn normalized_bytes(&self) -> &[u8] {
        &self.joined
    }

    /// Number of shingles of `n` words (`n` ≥ 1): one per window, one if there are
    /// fewer than `n` words, none without words.
    pub fn shingle_count(&self, n: usize) -> usize {
        let words = self.starts.len();
        if words == 0 {
            0
        } else if words < n {
            1
        } else {
            words - n + 1
        }
    }

    /// Calls `f` with the UTF-8 bytes of each shingle of `n` words, in document order.
    pub fn for_each_shingle(&self, n: usize, mut f: impl FnMut(&[u8])) {
        let bytes = &self.joined[..];
        let count = self.shingle_count(n);
        let span = n.min(self.starts.len());
        for i in 0..count {
            let start = self.starts[i] as usize;
            let end = self.starts.get(i + span).map_or(bytes.len(), |&next| next as usize - 1);
            f(&bytes[start..end]);
        }
    }

    /// Appends the xxh3-64 hash of each shingle of `n` words to `out`.
    pub fn shingle_hashes(&self, n: usize, out: &mut Vec<u64>) {
        out.reserve(self.shingle_count(n));
        self.for_each_shingle(n, |s| out.push(xxh3_64(s)));
    }
}

type WordScanner = unsafe fn(&str, &mut WordWriter);

/// Writes the `\w+` runs of the lower-cased `text` to `out`. The text is scanned 64 bytes at
/// a time with bit masks of its word and non-ASCII bytes (SSE2 compares). An all-ASCII chunk
/// is lower-cased as a block, and its word bytes plus one separating byte before each word
/// are gathered into the output (8 at a time with `GATHER_SIMD`); word starts come from the
/// masks by popcount. Other chunks go piece by piece: ASCII runs copied lower-cased, each
/// non-ASCII character by full Unicode lower-casing and CPython's `\w`.
#[inline(always)]
fn scan_words<const GATHER_SIMD: bool>(text: &str, out: &mut WordWriter) {
    let bytes = text.as_bytes();
    // Input offset up to which a character straddling the previous chunk was consumed.
    let mut consumed = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let chunk = &bytes[i..bytes.len().min(i + 64)];
        let block = padded(chunk);
        let m = masks(&block);
        if m.high == 0 {
            out.ascii_chunk::<GATHER_SIMD>(&block, i, m.word);
            i += 64;
            continue;
        }
        let skip = consumed.saturating_sub(i);
        let keep = if skip == 0 { u64::MAX } else { !((1u64 << skip) - 1) };
        let (mut words, mut leads) = (m.word & keep, m.lead & keep);
        while words | leads != 0 {
            let (w, l) = (words.trailing_zeros(), leads.trailing_zeros());
            if w < l {
                let s = w as usize;
                let run = (!(words >> s)).trailing_zeros() as usize;
                out.ascii_piece(bytes, i + s, i + s + run);
                words = if s + run >= 64 { 0 } else { words & !(((1u64 << run) - 1) << s) };
            } else {
                let at = i + l as usize;
                let c = text[at..].chars().next().expect("lead byte starts a char");
                out.char_piece(c, at, at + c.len_utf8());
                consumed = at + c.len_utf8();
                leads &= leads - 1;
            }
        }
        i += 64;
    }
}

fn scan_words_portable(text: &str, out: &mut WordWriter) {
    scan_words::<false>(text, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,bmi1,popcnt,ssse3")]
unsafe fn scan_words_avx2(text: &str, out: &mut WordWriter) {
    scan_words::<true>(text, out)
}

/// The word scanner for this CPU (AVX2 with SSSE3 gathers, or portable), chosen once.
fn word_scanner() -> WordScanner {
    static SCANNER: OnceLock<WordScanner> = OnceLock::new();
    *SCANNER.get_or_init(|| {
        #[cfg(target_arch = "x86_64")]
        {
            if std::env::var_os("SIFTQL_MINHASH_PORTABLE").is_none()
                && is_x86_feature_detected!("avx2")
                && is_x86_feature_detected!("bmi1")
                && is_x86_feature_detected!("popcnt")
                && is_x86_feature_detected!("ssse3")
            {
                return scan_words_avx2;
            }
        }
        scan_words_portable
    })
}

/// datatrove 0.10.1's `PUNCTUATION`: characters `simplify_text` turns into spaces (besides
/// the control characters U+0000..U+0008, U+000B..U+001F and U+007F..U+009F).
const DATATROVE_PUNCTUATION: &str =
    "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»";

fn is_datatrove_punctuation(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}') || DATATROVE_PUNCTUATION.contains(c)
}

const NUMBER_SEPARATORS: [char; 7] = ['.', ',', '،', '٫', '⎖', '⎗', '⎘'];

/// datatrove's `simplify_text` with its default `TextNormConfig`, into `out`.
pub fn simplify_text(text: &str, out: &mut String) {
    out.clear();
    let lower = text.to_lowercase();
    // NUMBERS_PATTERN = \p{Nd}+([.,،٫⎖⎗⎘]\p{Nd}+)? → "0", then punctuation → " ".
    let mut replaced = String::with_capacity(lower.len());
    let chars: Vec<char> = lower.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_regex_decimal(c) {
            while i < chars.len() && is_regex_decimal(chars[i]) {
                i += 1;
            }
            if i + 1 < chars.len() && NUMBER_SEPARATORS.contains(&chars[i]) && is_regex_decimal(chars[i + 1]) {
                i += 1;
                while i < chars.len() && is_regex_decimal(chars[i]) {
                    i += 1;
                }
            }
            replaced.push('0');
            continue;
        }
        replaced.push(if is_datatrove_punctuation(c) { ' ' } else { c });
        i += 1;
    }
    // WHITESPACE_PATTERN.sub(" ", text.strip()), NFD without Mn, strip().
    let mut collapsed = String::with_capacity(replaced.len());
    for word in crate::text::python_unicode::split_whitespace(&replaced) {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    out.extend(collapsed.nfd().filter(|c| !is_nonspacing_mark(*c)));
    let trimmed_end = out.trim_end_matches(is_space).len();
    out.truncate(trimmed_end);
    let leading = out.len() - out.trim_start_matches(is_space).len();
    out.drain(..leading);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, normalization: Normalization) -> String {
        let mut s = Shingler::default();
        s.load(text, normalization);
        s.normalized().to_string()
    }

    fn shingles(text: &str, n: usize) -> Vec<String> {
        let mut s = Shingler::default();
        s.load(text, Normalization::Words);
        let mut out = Vec::new();
        s.for_each_shingle(n, |b| out.push(String::from_utf8(b.to_vec()).unwrap()));
        out
    }

    #[test]
    fn words_are_python_w_runs_of_lowercased_text() {
        assert_eq!(words("Hello, World! foo_bar 42x", Normalization::Words), "hello world foo_bar 42x");
        assert_eq!(words("Ünïcode ÀB ²½ über-cool", Normalization::Words), "ünïcode àb ²½ über cool");
        // 'İ'.lower() == 'i̇' and U+0307 is not \w, so the word splits as in Python.
        assert_eq!(words("İstanbul", Normalization::Words), "i stanbul");
        assert_eq!(words("  ...  ", Normalization::Words), "");
        assert_eq!(words("", Normalization::Words), "");
    }

    /// The straightforward definition: lower-case every character, keep `\w` runs.
    fn reference_words(text: &str) -> String {
        let lowered: String = text.chars().flat_map(char::to_lowercase).collect();
        let mut words = Vec::new();
        let mut current = String::new();
        for c in lowered.chars() {
            if is_word(c) {
                current.push(c);
            } else if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
        }
        if !current.is_empty() {
            words.push(current);
        }
        words.join(" ")
    }

    #[test]
    fn fast_word_scan_matches_the_definition_on_random_text() {
        let pieces = [
            "a", "B", "zz", "Hello", "_", "9", " ", "  ", "\n", ".", "-", "é", "É", "ß", "İ", "Σ", "²", "½", "中文",
            "\u{301}", "😀", "x".repeat(40).leak(), "Y".repeat(70).leak(), "’", "“", "\t", "ǅ",
        ];
        let ascii: Vec<&str> = pieces.iter().copied().filter(|p| p.is_ascii()).collect();
        let mut state = 12345u64;
        let mut shingler = Shingler::default();
        for round in 0..6000 {
            let pieces: &[&str] = if round % 2 == 0 { &pieces } else { &ascii };
            let mut text = String::new();
            let len = (state % 200) as usize;
            for _ in 0..len {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            shingler.load(&text, Normalization::Words);
            assert_eq!(shingler.normalized(), reference_words(&text), "text {text:?}");
            let words: Vec<&str> = shingler.normalized().split(' ').filter(|w| !w.is_empty()).collect();
            assert_eq!(words.len(), shingler.starts.len());
            let mut portable = WordWriter::new(Vec::new(), Vec::new(), text.len());
            scan_words_portable(&text, &mut portable);
            let (joined, starts) = portable.finish();
            assert_eq!((&joined[..], &starts), (shingler.normalized_bytes(), &shingler.starts), "portable scan of {text:?}");
        }
    }

    #[test]
    fn shingles_are_word_windows_or_one_short_shingle() {
        assert_eq!(shingles("a b c d e f", 5), ["a b c d e", "b c d e f"]);
        assert_eq!(shingles("A, b!", 5), ["a b"]);
        assert_eq!(shingles("one", 5), ["one"]);
        assert!(shingles("!!", 5).is_empty());
        assert_eq!(shingles("x y z", 1), ["x", "y", "z"]);
    }

    #[test]
    fn shingle_hash_is_xxh3_of_the_joined_words() {
        let mut s = Shingler::default();
        s.load("The quick brown fox jumps over", Normalization::Words);
        let mut hashes = Vec::new();
        s.shingle_hashes(5, &mut hashes);
        assert_eq!(hashes, [xxh3_64(b"the quick brown fox jumps"), xxh3_64(b"quick brown fox jumps over")]);
    }

    #[test]
    fn simplify_text_matches_datatrove() {
        // Values from datatrove 0.10.1 simplify_text.
        let mut out = String::new();
        simplify_text("  Hello,   WORLD!\tPrice: 3.50 € on 12/05  café — naïve ", &mut out);
        assert_eq!(out, "hello world price 0 € on 0 0 cafe naive");
        simplify_text("1,000,000 and ١٢٣ items", &mut out);
        assert_eq!(out, "0 0 and 0 items");
        assert_eq!(words("Hello, World! It's 2024.", Normalization::Datatrove), "hello world it s 0");
    }
}
