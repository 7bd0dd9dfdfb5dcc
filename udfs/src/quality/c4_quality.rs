//! `c4_quality(text [, options])`: datatrove's `C4QualityFilter`, a filter and a rewriter.

use std::sync::LazyLock;

use datafusion::arrow::datatypes::{DataType, Fields};
use datafusion::common::plan_err;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation};

use super::DOC_SECTION_QUALITY;
use super::datatrove::{C4QualityConfig, C4QualityResult, c4_quality};
use super::filter_udf::{TextFilter, TextFilterFunc};
use super::options::apply_options;
use super::struct_rows::{StructRows, fields};
use crate::text::spacy_en;

const NAME: &str = "c4_quality";
const OPTIONS: [&str; 9] = [
    "remove_citations",
    "filter_no_terminal_punct",
    "min_num_sentences",
    "min_words_per_line",
    "max_word_length",
    "filter_lorem_ipsum",
    "filter_javascript",
    "filter_curly_bracket",
    "filter_policy",
];

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_QUALITY,
        "datatrove 0.10.1's C4QualityFilter with its defaults, rule order and reason strings: struct \
         {pass, reason, text, n_lines, n_kept_lines, num_sentences, lines_too_long_word, \
         lines_no_terminal_punct, lines_too_few_words, lines_javascript, lines_policy}. Like datatrove \
         it rewrites the document: `text` is the kept lines joined with '\\n' (lines are stripped; \
         citations such as [1] and [edit] removed; lines without terminal punctuation, with fewer than \
         3 words, with a word over 1000 characters, mentioning javascript or a cookie/privacy policy \
         dropped). A kept line containing 'lorem ipsum' (reason lorem_ipsum) or '{' (curly_bracket) \
         drops the document; fewer than 5 sentences in the kept lines (spaCy sentencizer, reproduced \
         natively) gives too_few_sentences. The line counts are over all lines (no short-circuit). \
         NULL text gives NULL.",
        "c4_quality(text [, options])",
    )
    .with_sql_example(
        "SELECT c4_quality(text, 'filter_no_terminal_punct=false')['reason'], count(*)\n\
         FROM read_corpus('synthetic:1000') GROUP BY 1;",
    )
    .with_argument("text", "Document text.")
    .with_argument(
        "options",
        "Constant string 'name=value, ...': remove_citations (true), filter_no_terminal_punct (true; \
         FineWeb uses false), min_num_sentences (5; none disables), min_words_per_line (3), \
         max_word_length (1000), filter_lorem_ipsum, filter_javascript, filter_curly_bracket, \
         filter_policy (all true).",
    )
    .build()
});

fn result_fields() -> Fields {
    use DataType::{Boolean, Int64, Utf8};
    fields(&[
        ("pass", Boolean),
        ("reason", Utf8),
        ("text", Utf8),
        ("n_lines", Int64),
        ("n_kept_lines", Int64),
        ("num_sentences", Int64),
        ("lines_too_long_word", Int64),
        ("lines_no_terminal_punct", Int64),
        ("lines_too_few_words", Int64),
        ("lines_javascript", Int64),
        ("lines_policy", Int64),
    ])
}

fn write(rows: &mut StructRows, r: &C4QualityResult) {
    let c = &r.line_counters;
    rows.bool(r.pass)
        .str(r.reason)
        .str(Some(&r.kept_text))
        .int(c.line_total)
        .int(r.n_kept_lines)
        .int(r.num_sentences_kept_lines)
        .int(c.too_long_word)
        .int(c.no_terminal_punc)
        .int(c.too_few_words)
        .int(c.javascript)
        .int(c.policy)
        .end_row();
}

fn config(args: &[ColumnarValue]) -> Result<C4QualityConfig> {
    let mut cfg = C4QualityConfig::default();
    apply_options(NAME, args, 1, |s| {
        match s.name.as_str() {
            "split_paragraph" => {
                return plan_err!("{NAME}: option split_paragraph is not supported (lines are always the units)");
            }
            "remove_citations" => cfg.remove_citations = s.flag()?,
            "filter_no_terminal_punct" => cfg.filter_no_terminal_punct = s.flag()?,
            "min_num_sentences" => cfg.min_num_sentences = s.count()?,
            "min_words_per_line" => cfg.min_words_per_line = s.count()?,
            "max_word_length" => cfg.max_word_length = s.count()?,
            "filter_lorem_ipsum" => cfg.filter_lorem_ipsum = s.flag()?,
            "filter_javascript" => cfg.filter_javascript = s.flag()?,
            "filter_curly_bracket" => cfg.filter_curly_bracket = s.flag()?,
            "filter_policy" => cfg.filter_policy = s.flag()?,
            _ => return s.unknown(&OPTIONS),
        }
        Ok(())
    })?;
    Ok(cfg)
}

/// datatrove's filter as a [`TextFilter`].
#[derive(Debug, Default, PartialEq, Eq, Hash)]
pub struct C4Quality;

/// The `c4_quality` scalar function.
pub type C4QualityFunc = TextFilterFunc<C4Quality>;

impl TextFilter for C4Quality {
    const NAME: &'static str = NAME;
    type Config = C4QualityConfig;

    fn documentation() -> &'static Documentation {
        &DOCUMENTATION
    }

    fn fields() -> Fields {
        result_fields()
    }

    fn config(args: &[ColumnarValue]) -> Result<C4QualityConfig> {
        config(args)
    }

    const WORDS: bool = false;

    fn write<'a>(
        config: &C4QualityConfig,
        text: &'a str,
        _words: &mut dyn FnMut() -> Vec<&'a str>,
        rows: &mut StructRows,
    ) {
        write(rows, &c4_quality(text, config, &spacy_en::sentence_count));
    }
}
