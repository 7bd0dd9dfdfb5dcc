use std::cell::{Ref, RefCell};
use std::ops::Deref;

#[derive(Debug)]
pub struct LowercaseText {
    inner: String,
}

impl LowercaseText {
    pub fn new(original_text: &str) -> Self {
        let inner = original_text.to_lowercase();
        Self { inner }
    }
}

impl Deref for LowercaseText {
    type Target = str;

    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

#[derive(Debug)]
// siftql fork: the cached lowercase string is only used by the reference implementations in
// the tests now (the fork reads the code points, see `with_lowercase_code_points`).
#[cfg_attr(not(test), allow(dead_code))]
pub struct Text<'a> {
    original: &'a str,
    lowercase: RefCell<Option<LowercaseText>>,
}

impl<'a> Text<'a> {
    pub fn new(original_text: &'a str) -> Self {
        Self {
            original: original_text,
            lowercase: RefCell::new(None),
        }
    }

    /// siftql fork: the text as given.
    pub(crate) fn original(&self) -> &'a str {
        self.original
    }

    #[cfg_attr(not(test), allow(dead_code))]
    pub fn lowercase(&self) -> Ref<'_, LowercaseText> {
        if self.lowercase.borrow().is_none() {
            let lowercase_text = LowercaseText::new(self.original);
            self.lowercase.replace(Some(lowercase_text));
        }

        let ref_opt_lowercase = self.lowercase.borrow();
        Ref::map(ref_opt_lowercase, |r| r.as_ref().unwrap())
    }
}

/// siftql fork: the code points of `original.to_lowercase()`, written into `out`, without
/// building the string. `str::to_lowercase` maps every character by `char::to_lowercase`
/// except the capital sigma, whose lowercase depends on its neighbours: a text that has one is
/// lowercased by `str::to_lowercase` itself.
pub(crate) fn lowercase_code_points(original: &str, out: &mut Vec<u32>) {
    out.clear();
    out.reserve(original.len());
    let bytes = original.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            // A run of ASCII at once.
            let run = &bytes[i..];
            let len = crate::utils::ascii_prefix_len(run);
            out.extend(run[..len].iter().map(|&b| u32::from(b.to_ascii_lowercase())));
            i += len;
        } else {
            let ch = original[i..].chars().next().unwrap();
            i += ch.len_utf8();
            if ch == 'Σ' {
                out.clear();
                out.extend(original.to_lowercase().chars().map(|c| c as u32));
                return;
            }
            out.extend(ch.to_lowercase().map(|c| c as u32));
        }
    }
}

thread_local! {
    static LOWERCASE: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

/// siftql fork: calls `f` with the code points of `original.to_lowercase()` (see
/// [`lowercase_code_points`]), in a reused per-thread buffer.
pub(crate) fn with_lowercase_code_points<R>(original: &str, f: impl FnOnce(&[u32]) -> R) -> R {
    LOWERCASE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buffer) => {
            lowercase_code_points(original, &mut buffer);
            f(&buffer)
        }
        Err(_) => {
            let mut buffer = Vec::new();
            lowercase_code_points(original, &mut buffer);
            f(&buffer)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fork_lowercases_as_std() {
        for text in [
            "",
            "Hello THERE",
            "ÉTÉ À PARIS",
            "İSTANBUL \u{212a} ΟΔΟΣ Σ ΣΑΣ. ὈΔΥΣΣΕΎΣ",
            "ǅ ǈ ẞ ß Ꭰ 𐐀 ﬀ",
        ] {
            let mut fork = Vec::new();
            lowercase_code_points(text, &mut fork);
            let std: Vec<u32> = text.to_lowercase().chars().map(|c| c as u32).collect();
            assert_eq!(fork, std, "{text:?}");
        }
    }

    #[test]
    fn test_text() {
        let text = Text::new("Hello THERE");
        assert_eq!(text.lowercase().deref().deref(), "hello there");
    }
}
