//! `fineweb_quality(text [, options])`: datatrove's `FineWebQualityFilter`.

use std::sync::LazyLock;

use datafusion::arrow::datatypes::{DataType, Fields};
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation};

use super::DOC_SECTION_QUALITY;
use super::datatrove::{FineWebQualityConfig, FineWebQualityResult, fineweb_quality};
use super::filter_udf::{TextFilter, TextFilterFunc};
use super::options::{Setting, apply_options};
use super::struct_rows::{StructRows, fields};

const NAME: &str = "fineweb_quality";
const OPTIONS: [&str; 7] = [
    "line_punct_thr",
    "line_punct_exclude_zero",
    "short_line_thr",
    "short_line_length",
    "char_duplicates_ratio",
    "new_line_ratio",
    "all_stats",
];

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_QUALITY,
        "datatrove 0.10.1's FineWebQualityFilter with its defaults, rule order and reason strings: \
         struct {pass, reason, n_nonempty_lines, n_lines_terminal_punct, line_punct_ratio, n_short_lines, \
         short_line_ratio, dup_line_chars, char_dup_ratio, n_words, n_newlines, list_ratio}. Lines are \
         split on '\\n' without blank lines. Reasons: empty (no non-blank line), line_punct_ratio (fewer \
         than 12% of lines end in terminal punctuation), short_line_ratio (more than 67% of lines have \
         at most 30 characters), char_dup_ratio (duplicate-line characters over 1% of the non-newline \
         characters), list_ratio (more than 0.3 newlines per word; words are datatrove's English spaCy \
         tokens, reproduced natively). Where datatrove divides by zero words (it raises), list_ratio is \
         NULL and that rule does not fire. As in datatrove, the first failing rule decides: statistics that \
         only later rules need are not computed and are NULL (the text is only tokenized when list_ratio \
         is reached), unless the option all_stats=true asks for every statistic. NULL text gives NULL.",
        "fineweb_quality(text [, options])",
    )
    .with_sql_example("SELECT fineweb_quality(text)['reason'], count(*) FROM read_corpus('synthetic:1000') GROUP BY 1;")
    .with_argument("text", "Document text.")
    .with_argument(
        "options",
        "Constant string 'name=value, ...': line_punct_thr (0.12), line_punct_exclude_zero (false), \
         short_line_thr (0.67), short_line_length (30), char_duplicates_ratio (0.01), new_line_ratio (0.3), \
         all_stats (false): compute the statistics of the rules after a failing one too.",
    )
    .build()
});

fn result_fields() -> Fields {
    use DataType::{Boolean, Float64, Int64, Utf8};
    fields(&[
        ("pass", Boolean),
        ("reason", Utf8),
        ("n_nonempty_lines", Int64),
        ("n_lines_terminal_punct", Int64),
        ("line_punct_ratio", Float64),
        ("n_short_lines", Int64),
        ("short_line_ratio", Float64),
        ("dup_line_chars", Int64),
        ("char_dup_ratio", Float64),
        ("n_words", Int64),
        ("n_newlines", Int64),
        ("list_ratio", Float64),
    ])
}

fn write(rows: &mut StructRows, r: &FineWebQualityResult) {
    rows.bool(r.pass)
        .str(r.reason)
        .int(r.n_nonempty_lines)
        .int(r.n_lines_terminal_punct)
        .float(r.line_punct_ratio)
        .int(r.n_short_lines)
        .float(r.short_line_ratio)
        .opt_int(r.dup_line_chars)
        .float(r.char_dup_ratio)
        .opt_int(r.n_words)
        .int(r.n_newlines)
        .float(r.list_ratio)
        .end_row();
}

fn required<T>(s: &Setting, value: Option<T>) -> Result<T> {
    match value {
        Some(v) => Ok(v),
        None => datafusion::common::plan_err!("{NAME}: option {} cannot be disabled (none)", s.name),
    }
}

fn config(args: &[ColumnarValue]) -> Result<FineWebQualityConfig> {
    let mut cfg = FineWebQualityConfig::default();
    apply_options(NAME, args, 1, |s| {
        match s.name.as_str() {
            "line_punct_thr" => cfg.line_punct_thr = required(s, s.float()?)?,
            "line_punct_exclude_zero" => cfg.line_punct_exclude_zero = s.flag()?,
            "short_line_thr" => cfg.short_line_thr = required(s, s.float()?)?,
            "short_line_length" => cfg.short_line_length = required(s, s.count()?)?,
            "char_duplicates_ratio" => cfg.char_duplicates_ratio = required(s, s.float()?)?,
            "new_line_ratio" => cfg.new_line_ratio = required(s, s.float()?)?,
            "all_stats" => cfg.all_stats = s.flag()?,
            _ => return s.unknown(&OPTIONS),
        }
        Ok(())
    })?;
    Ok(cfg)
}

/// datatrove's filter as a [`TextFilter`].
#[derive(Debug, Default, PartialEq, Eq, Hash)]
pub struct FineWebQuality;

/// The `fineweb_quality` scalar function.
pub type FineWebQualityFunc = TextFilterFunc<FineWebQuality>;

impl TextFilter for FineWebQuality {
    const NAME: &'static str = NAME;
    type Config = FineWebQualityConfig;

    fn documentation() -> &'static Documentation {
        &DOCUMENTATION
    }

    fn fields() -> Fields {
        result_fields()
    }

    fn config(args: &[ColumnarValue]) -> Result<FineWebQualityConfig> {
        config(args)
    }

    const WORDS: bool = true;

    fn write<'a>(
        config: &FineWebQualityConfig,
        text: &'a str,
        words: &mut dyn FnMut() -> Vec<&'a str>,
        rows: &mut StructRows,
    ) {
        write(rows, &fineweb_quality(text, words, config));
    }
}
