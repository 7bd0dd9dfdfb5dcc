// Is it space, punctuation or digit?
// Stop character is a character that does not give any value for script
// or language detection.
// siftql fork: the fork inlines this test on code points; upstream's function is kept for the
// reference implementations in the tests.
#[cfg_attr(not(test), allow(dead_code))]
#[inline]
pub fn is_stop_char(ch: char) -> bool {
    matches!(ch, '\u{0000}'..='\u{0040}' | '\u{005B}'..='\u{0060}' | '\u{007B}'..='\u{007E}')
}

/// siftql fork: the length of the run of ASCII bytes at the start of `bytes`. Whole 32-byte
/// blocks are checked with one OR-reduction each (which vectorizes), the rest byte by byte.
#[inline]
pub(crate) fn ascii_prefix_len(bytes: &[u8]) -> usize {
    const BLOCK: usize = 32;
    let mut len = 0;
    while let Some(block) = bytes.get(len..len + BLOCK) {
        if block.iter().fold(0, |any, &b| any | b) >= 0x80 {
            break;
        }
        len += BLOCK;
    }
    len + bytes[len..].iter().position(|&b| b >= 0x80).unwrap_or(bytes.len() - len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_prefix_len_finds_the_first_non_ascii_byte() {
        for len in [0, 1, 31, 32, 33, 64, 100] {
            for at in [0, 1, 30, 31, 32, 33, 63, 64, 65, 99] {
                let mut bytes = vec![b'a'; len];
                if at < len {
                    bytes[at] = 0xC3;
                }
                assert_eq!(ascii_prefix_len(&bytes), at.min(len), "len {len} at {at}");
            }
        }
    }

    #[test]
    fn test_is_top_char() {
        // stop chars
        assert!(is_stop_char(' '));
        assert!(is_stop_char(','));
        assert!(is_stop_char('-'));
        assert!(is_stop_char('-'));
        assert!(is_stop_char('9'));
        assert!(is_stop_char('0'));

        // non-stop chars
        assert!(!is_stop_char('a'));
        assert!(!is_stop_char('z'));
        assert!(!is_stop_char('A')); // latin A
        assert!(!is_stop_char('Z'));
        assert!(!is_stop_char('я'));
        assert!(!is_stop_char('А')); // cyrillic A
    }
}
