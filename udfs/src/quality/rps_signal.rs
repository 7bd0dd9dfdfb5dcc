//! The single-signal functions `rps_doc_*(text [, lang])` and `rps_lines_*(text [, lang])`:
//! one RedPajama-V2 signal each, computing only the text views that signal needs.

use std::sync::LazyLock;

use datafusion::arrow::datatypes::DataType;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature};

use super::DOC_SECTION_QUALITY;
use super::documents::{for_each_document, text_lang_signature};
use super::rps::signals::{DOC_SIGNALS, DocSignal, LINE_SIGNALS, LineSignal, Scratch, Selection};
use super::rps::wordlists::lang_lists;
use super::rps_arrow::{RpsColumns, doc_type, line_signal_type};
use crate::columns::finish;

/// What each signal measures (W = normalized words, R = word-punct raw tokens).
fn describe_doc(signal: DocSignal) -> &'static str {
    use DocSignal as D;
    match signal {
        D::LdnoobwWords => "Number of word n-grams of W that are entries of the language's LDNOOBW list (a count).",
        D::LoremIpsum => "Occurrences of 'lorem ipsum' in the normalized text / its length in code points.",
        D::CurlyBracket => "Number of '{' and '}' / length of the text in code points.",
        D::StopWordFraction => "Fraction of R that are stop words of the language (case-sensitive).",
        D::FracCharsDupe10grams
        | D::FracCharsDupe5grams
        | D::FracCharsDupe6grams
        | D::FracCharsDupe7grams
        | D::FracCharsDupe8grams
        | D::FracCharsDupe9grams => {
            "Characters of the words of W covered by any occurrence of a word n-gram that occurs at \
             least twice / characters of all words of W (spaces not counted)."
        }
        D::FracCharsTop2gram | D::FracCharsTop3gram | D::FracCharsTop4gram => {
            "Characters of the most frequent word n-gram of W (first occurrence wins ties) times its \
             count / characters of all words of W; 0 when no n-gram repeats."
        }
        D::FracAllCapsWords => "Fraction of R that are all upper case (Python str.isupper).",
        D::FracLinesEndWithEllipsis => "Fraction of lines ending (after rstrip) with '...' or '…'.",
        D::FracNoAlphWords => "1 - fraction of R containing an ASCII letter.",
        D::FracUniqueWords => "Distinct words of W / words of W.",
        D::MeanWordLength => "Mean length of the words of W in code points (NFD).",
        D::NumSentences => "Number of matches of \\b[^.!?]+[.!?]* in the text.",
        D::SymbolToWordRatio => "Occurrences of '#', '...' and '…' / number of R tokens.",
        D::UnigramEntropy => "Entropy (natural log) of the word distribution of W.",
        D::WordCount => "Number of words of W (Int64).",
    }
}

fn describe_line(signal: LineSignal) -> &'static str {
    use LineSignal as L;
    match signal {
        L::EndingWithTerminalPunctuationMark => "1.0 if the line (rstripped) ends with '.', '!', '?' or '”', else 0.0.",
        L::JavascriptCounts => "Number of normalized words equal to 'javascript'.",
        L::NumWords => "Number of normalized words (Int64).",
        L::NumericalCharsFraction => "Numeric characters (str.isnumeric) / characters of the normalized line.",
        L::StartWithBulletpoint => "1.0 if the line (lstripped) starts with one of • ‣ ▶ ◀ ◦ ■ □ ▪ ▫ –, else 0.0.",
        L::UppercaseLetterFraction => "Upper-case characters / characters of the raw line (its '\\n' included).",
    }
}

static DOCUMENTATION: LazyLock<Vec<Documentation>> = LazyLock::new(|| {
    let doc = |name: &str, what: &str, line: bool| {
        let shape = if line {
            "A list of {start, end, value}, one per `\\n`-terminated line (code-point offsets). \
             An empty text has no lines (the reference's JSON writes `rps_lines_start_with_bulletpoint` \
             of an empty text as one null span; rps_signals_json does too)."
        } else {
            "NULL where the reference gives None (no words)."
        };
        Documentation::builder(
            DOC_SECTION_QUALITY,
            format!(
                "RedPajama-V2 signal `{name}`, identical to the official code: {what} {shape} W = the \
                 normalized words (ASCII punctuation deleted, lower-cased, whitespace-split, NFD), R = \
                 NLTK word-punct tokens of the raw text. Same value as the field of rps_signals, \
                 computing only what this signal needs. `lang` (default 'en') matters for the \
                 stop-word and LDNOOBW signals. NULL text or lang gives NULL."
            ),
            format!("{name}(text [, lang])"),
        )
        .with_sql_example(format!("SELECT {name}('Hello world. Hello world.');"))
        .with_argument("text", "Document text.")
        .with_argument("lang", "ISO 639-1 language code of the document (default 'en').")
        .build()
    };
    let mut docs: Vec<Documentation> =
        DOC_SIGNALS.iter().map(|&(s, name)| doc(name, describe_doc(s), false)).collect();
    docs.extend(LINE_SIGNALS.iter().map(|&(s, name)| doc(name, describe_line(s), true)));
    docs
});

/// One RedPajama-V2 signal as a scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct RpsSignalFunc {
    index: usize,
    signature: Signature,
}

impl RpsSignalFunc {
    /// All 28 single-signal functions.
    pub fn all() -> Vec<RpsSignalFunc> {
        (0..DOC_SIGNALS.len() + LINE_SIGNALS.len())
            .map(|index| RpsSignalFunc { index, signature: text_lang_signature() })
            .collect()
    }

    fn selection(&self) -> Selection {
        match DOC_SIGNALS.get(self.index) {
            Some(&(signal, _)) => Selection::Doc(signal),
            None => Selection::Line(LINE_SIGNALS[self.index - DOC_SIGNALS.len()].0),
        }
    }
}

impl ScalarUDFImpl for RpsSignalFunc {
    fn name(&self) -> &str {
        match DOC_SIGNALS.get(self.index) {
            Some(&(_, name)) => name,
            None => LINE_SIGNALS[self.index - DOC_SIGNALS.len()].1,
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(match self.selection() {
            Selection::Doc(signal) => doc_type(signal),
            Selection::Line(signal) => line_signal_type(signal),
            Selection::All => unreachable!("single-signal functions select one signal"),
        })
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let selection = self.selection();
        let mut columns = RpsColumns::with_capacity(args.number_rows);
        let mut scratch = Scratch::default();
        for_each_document(self.name(), &args, "en", |doc| {
            match doc {
                Some((text, lang)) => scratch.read(text, lang_lists(lang), selection, |s| columns.push(Some(s))),
                None => columns.push(None),
            }
        })?;
        let result = match selection {
            Selection::Doc(signal) => columns.finish_doc(signal),
            Selection::Line(signal) => columns.finish_line(signal)?,
            Selection::All => unreachable!("single-signal functions select one signal"),
        };
        finish(result, &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION[self.index])
    }
}
