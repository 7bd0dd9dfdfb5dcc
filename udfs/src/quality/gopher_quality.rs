//! `gopher_quality(text [, options])`: datatrove's `GopherQualityFilter`.

use std::sync::LazyLock;

use datafusion::arrow::datatypes::{DataType, Fields};
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation};

use super::DOC_SECTION_QUALITY;
use super::datatrove::{GopherQualityConfig, GopherQualityResult, gopher_quality};
use super::filter_udf::{TextFilter, TextFilterFunc};
use super::options::apply_options;
use super::struct_rows::{StructRows, fields};

const NAME: &str = "gopher_quality";
const OPTIONS: [&str; 9] = [
    "min_doc_words",
    "max_doc_words",
    "min_avg_word_length",
    "max_avg_word_length",
    "max_symbol_word_ratio",
    "max_bullet_lines_ratio",
    "max_ellipsis_lines_ratio",
    "max_non_alpha_words_ratio",
    "min_stop_words",
];

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_QUALITY,
        "datatrove 0.10.1's GopherQualityFilter with its defaults, rule order and reason strings: \
         struct {pass, reason, n_words, n_non_symbol_words, avg_non_symbol_word_length, n_hash, \
         hash_to_word_ratio, n_ellipsis, ellipsis_to_word_ratio, n_lines, n_bullet_lines, \
         bullet_lines_ratio, n_ellipsis_end_lines, ellipsis_end_lines_ratio, n_words_with_alpha, \
         alpha_words_ratio, n_distinct_stop_words, n_stop_word_occurrences}. Words are datatrove's \
         English spaCy tokens (reproduced natively). Reasons, first failing rule wins: \
         gopher_short_doc, gopher_long_doc, gopher_below_avg_threshold, gopher_above_avg_threshold, \
         gopher_too_many_hashes, gopher_too_many_ellipsis, gopher_too_many_bullets, \
         gopher_too_many_end_ellipsis, gopher_below_alpha_threshold, gopher_enough_stop_words. \
         Every statistic is computed even after a failing rule; ratios are NULL when their \
         denominator is 0. NULL text gives NULL.",
        "gopher_quality(text [, options])",
    )
    .with_sql_example("SELECT gopher_quality(text)['reason'], count(*) FROM read_corpus('synthetic:1000') GROUP BY 1;")
    .with_argument("text", "Document text.")
    .with_argument(
        "options",
        "Constant string 'name=value, ...' overriding thresholds (none disables a rule): min_doc_words (50), \
         max_doc_words (100000), min_avg_word_length (3), max_avg_word_length (10), max_symbol_word_ratio \
         (0.1), max_bullet_lines_ratio (0.9), max_ellipsis_lines_ratio (0.3), max_non_alpha_words_ratio \
         (0.8, a minimum alpha-word ratio despite datatrove's name), min_stop_words (2).",
    )
    .build()
});

fn result_fields() -> Fields {
    use DataType::{Boolean, Float64, Int64, Utf8};
    fields(&[
        ("pass", Boolean),
        ("reason", Utf8),
        ("n_words", Int64),
        ("n_non_symbol_words", Int64),
        ("avg_non_symbol_word_length", Float64),
        ("n_hash", Int64),
        ("hash_to_word_ratio", Float64),
        ("n_ellipsis", Int64),
        ("ellipsis_to_word_ratio", Float64),
        ("n_lines", Int64),
        ("n_bullet_lines", Int64),
        ("bullet_lines_ratio", Float64),
        ("n_ellipsis_end_lines", Int64),
        ("ellipsis_end_lines_ratio", Float64),
        ("n_words_with_alpha", Int64),
        ("alpha_words_ratio", Float64),
        ("n_distinct_stop_words", Int64),
        ("n_stop_word_occurrences", Int64),
    ])
}

fn write(rows: &mut StructRows, r: &GopherQualityResult) {
    rows.bool(r.pass)
        .str(r.reason)
        .int(r.n_words)
        .int(r.n_non_symbol_words)
        .float(r.avg_non_symbol_word_length)
        .int(r.n_hash)
        .float(r.hash_to_word_ratio)
        .int(r.n_ellipsis)
        .float(r.ellipsis_to_word_ratio)
        .int(r.n_lines)
        .int(r.n_bullet_lines)
        .float(r.bullet_lines_ratio)
        .int(r.n_ellipsis_end_lines)
        .float(r.ellipsis_end_lines_ratio)
        .int(r.n_words_with_alpha)
        .float(r.alpha_words_ratio)
        .int(r.n_distinct_stop_words)
        .int(r.n_stop_word_occurrences)
        .end_row();
}

fn config(args: &[ColumnarValue]) -> Result<GopherQualityConfig> {
    let mut cfg = GopherQualityConfig::default();
    apply_options(NAME, args, 1, |s| {
        match s.name.as_str() {
            "min_doc_words" => cfg.min_doc_words = s.count()?,
            "max_doc_words" => cfg.max_doc_words = s.count()?,
            "min_avg_word_length" => cfg.min_avg_word_length = s.float()?,
            "max_avg_word_length" => cfg.max_avg_word_length = s.float()?,
            "max_symbol_word_ratio" => cfg.max_symbol_word_ratio = s.float()?,
            "max_bullet_lines_ratio" => cfg.max_bullet_lines_ratio = s.float()?,
            "max_ellipsis_lines_ratio" => cfg.max_ellipsis_lines_ratio = s.float()?,
            "max_non_alpha_words_ratio" => cfg.max_non_alpha_words_ratio = s.float()?,
            "min_stop_words" => cfg.min_stop_words = s.count()?,
            _ => return s.unknown(&OPTIONS),
        }
        Ok(())
    })?;
    Ok(cfg)
}

/// datatrove's filter as a [`TextFilter`].
#[derive(Debug, Default, PartialEq, Eq, Hash)]
pub struct GopherQuality;

/// The `gopher_quality` scalar function.
pub type GopherQualityFunc = TextFilterFunc<GopherQuality>;

impl TextFilter for GopherQuality {
    const NAME: &'static str = NAME;
    type Config = GopherQualityConfig;

    fn documentation() -> &'static Documentation {
        &DOCUMENTATION
    }

    fn fields() -> Fields {
        result_fields()
    }

    fn config(args: &[ColumnarValue]) -> Result<GopherQualityConfig> {
        config(args)
    }

    const WORDS: bool = true;

    fn write<'a>(
        config: &GopherQualityConfig,
        text: &'a str,
        words: &mut dyn FnMut() -> Vec<&'a str>,
        rows: &mut StructRows,
    ) {
        write(rows, &gopher_quality(text, &words(), config));
    }
}
