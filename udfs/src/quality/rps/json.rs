//! The RedPajama-V2 `quality_signals` JSON object: every signal as a list of
//! `[start, end, value]` spans, written as Python's `json.dumps` writes it.

use std::fmt::Write;

use super::python_float::write_repr;
use super::signals::{DOC_SIGNALS, DocSignal, LINE_SIGNALS, LineSignal, RpsSignals};

/// Appends the reference's JSON object of `signals` to `out`.
///
/// Integer-valued signals (`rps_doc_word_count`, `rps_lines_num_words`) are written
/// as integers, `None` as `null`, floats with Python's `repr`. A document without
/// lines has no spans in the line signals, except `rps_lines_start_with_bulletpoint`,
/// which the reference writes as one `[0, len, null]` span.
pub fn write_json(out: &mut String, signals: &RpsSignals) {
    out.push('{');
    let mut first = true;
    let mut key = |out: &mut String, name: &str| {
        if !first {
            out.push_str(", ");
        }
        first = false;
        out.push('"');
        out.push_str(name);
        out.push_str("\": ");
    };
    for (signal, name) in DOC_SIGNALS {
        key(out, name);
        let _ = write!(out, "[[0, {}, ", signals.len);
        match signals.doc(signal) {
            None => out.push_str("null"),
            Some(v) if signal == DocSignal::WordCount => {
                let _ = write!(out, "{}", v as i64);
            }
            Some(v) => write_repr(out, v),
        }
        out.push_str("]]");
    }
    for (signal, name) in LINE_SIGNALS {
        key(out, name);
        out.push('[');
        let values = signals.line(signal);
        if values.is_empty() && signal == LineSignal::StartWithBulletpoint {
            let _ = write!(out, "[0, {}, null]", signals.len);
        }
        for (i, (&(start, end), &v)) in signals.line_spans.iter().zip(values).enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let _ = write!(out, "[{start}, {end}, ");
            if signal == LineSignal::NumWords {
                let _ = write!(out, "{}", v as i64);
            } else {
                write_repr(out, v);
            }
            out.push(']');
        }
        out.push(']');
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::super::signals::{Scratch, Selection, compute};
    use super::super::wordlists::lang_lists;
    use super::*;

    #[test]
    fn writes_python_json() {
        let signals = compute("Hi there.\n\nBye", lang_lists("en"), Selection::All, &mut Scratch::default());
        let mut json = String::new();
        write_json(&mut json, &signals);
        assert!(json.starts_with("{\"rps_doc_ldnoobw_words\": [[0, 14, 0.0]], "), "{json}");
        assert!(json.contains("\"rps_doc_word_count\": [[0, 14, 3]]"), "{json}");
        assert!(json.contains("\"rps_lines_num_words\": [[0, 10, 2], [10, 11, 0], [11, 14, 1]]"), "{json}");
        let empty = compute("", lang_lists("en"), Selection::All, &mut Scratch::default());
        json.clear();
        write_json(&mut json, &empty);
        assert!(json.contains("\"rps_doc_mean_word_length\": [[0, 0, null]]"), "{json}");
        assert!(json.contains("\"rps_lines_start_with_bulletpoint\": [[0, 0, null]]"), "{json}");
        assert!(json.ends_with("\"rps_lines_uppercase_letter_fraction\": []}"), "{json}");
    }
}
