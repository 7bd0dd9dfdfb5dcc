//! GPT-2's byte-level alphabet: every byte is shown as one printable character, so byte
//! strings can be written as text in `merges.txt` / `tokenizer.json` (the `bytes_to_unicode`
//! table of GPT-2's encoder, also used by Hugging Face's `ByteLevel` pre-tokenizer).

use std::sync::LazyLock;

/// Bytes shown as themselves: printable ASCII and Latin-1 except the soft hyphen.
fn printable(b: u32) -> bool {
    (0x21..=0x7E).contains(&b) || (0xA1..=0xAC).contains(&b) || (0xAE..=0xFF).contains(&b)
}

/// The bytes in GPT-2's `encoder.json` id order: the printable ones, then the rest.
pub fn gpt2_id_order() -> impl Iterator<Item = u8> {
    let all = || 0..=255u8;
    all().filter(|&b| printable(b.into())).chain(all().filter(|&b| !printable(b.into())))
}

/// Character for each byte: printable Latin-1 bytes stand for themselves, the other 68 bytes
/// are mapped in byte order to U+0100 onwards.
static BYTE_TO_CHAR: LazyLock<[char; 256]> = LazyLock::new(|| {
    let mut table = ['\0'; 256];
    let mut next = 0x100;
    for b in 0..256u32 {
        table[b as usize] = if printable(b) {
            char::from_u32(b).expect("Latin-1 code point")
        } else {
            next += 1;
            char::from_u32(next - 1).expect("code point below U+0200")
        };
    }
    table
});

/// The character standing for `byte`.
pub fn byte_char(byte: u8) -> char {
    BYTE_TO_CHAR[byte as usize]
}

/// The byte a byte-level character stands for, or `None` for a character outside the alphabet.
pub fn char_byte(c: char) -> Option<u8> {
    let code = c as u32;
    if code < 0x100 {
        let byte = code as u8;
        (BYTE_TO_CHAR[code as usize] == c).then_some(byte)
    } else if code < 0x144 {
        BYTE_TO_CHAR.iter().position(|&m| m == c).map(|b| b as u8)
    } else {
        None
    }
}

/// Decodes a byte-level token string to its bytes, or `None` if a character is outside the
/// alphabet.
pub fn decode(token: &str) -> Option<Vec<u8>> {
    token.chars().map(char_byte).collect()
}

/// Encodes bytes as a byte-level token string.
pub fn encode(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| byte_char(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphabet_matches_gpt2() {
        assert_eq!(byte_char(b' '), 'Ġ');
        assert_eq!(byte_char(b'\n'), 'Ċ');
        assert_eq!(byte_char(b'a'), 'a');
        assert_eq!(byte_char(0), 'Ā');
        assert_eq!(byte_char(0xAD), 'Ń');
        for b in 0..=255u8 {
            assert_eq!(char_byte(byte_char(b)), Some(b));
        }
        assert_eq!(char_byte('é'), Some(0xE9));
        assert_eq!(char_byte('Ş'), None);
        assert_eq!(decode("Ġthe"), Some(b" the".to_vec()));
        assert_eq!(encode("é".as_bytes()), "Ã©");
    }
}
