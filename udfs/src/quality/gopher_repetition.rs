//! `gopher_repetition(text [, options])`: datatrove's `GopherRepetitionFilter`.

use std::sync::LazyLock;

use datafusion::arrow::datatypes::{DataType, Fields};
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation};

use super::DOC_SECTION_QUALITY;
use super::datatrove::{GopherRepetitionConfig, GopherRepetitionResult, gopher_repetition};
use super::filter_udf::{TextFilter, TextFilterFunc};
use super::options::apply_options;
use super::struct_rows::{StructRows, fields};

const NAME: &str = "gopher_repetition";
const TOP_NS: [usize; 3] = [2, 3, 4];
const DUP_NS: [usize; 6] = [5, 6, 7, 8, 9, 10];
const OPTIONS: [&str; 14] = [
    "dup_line_frac",
    "dup_para_frac",
    "dup_line_char_frac",
    "dup_para_char_frac",
    "top_2_gram",
    "top_3_gram",
    "top_4_gram",
    "dup_5_gram",
    "dup_6_gram",
    "dup_7_gram",
    "dup_8_gram",
    "dup_9_gram",
    "dup_10_gram",
    "all_stats",
];

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_QUALITY,
        "datatrove 0.10.1's GopherRepetitionFilter with its defaults, rule order and reason strings: \
         struct {pass, reason, text_len, n_paragraphs, n_dup_paragraphs, dup_para_frac, dup_para_chars, \
         dup_para_char_frac, n_lines, n_dup_lines, dup_line_frac, dup_line_chars, dup_line_char_frac, \
         n_words, top_2_gram_frac, top_3_gram_frac, top_4_gram_frac, dup_5_gram_frac … dup_10_gram_frac}. \
         Character fractions are over the whole text's code points, as datatrove computes them \
         (paragraphs split on 2+ newlines, lines on 1+; duplicates are 2nd and later occurrences; \
         n-grams over datatrove's English spaCy tokens; duplicated n-grams found greedily left to \
         right). Reasons: empty, dup_para_frac, dup_para_char_frac, dup_line_frac, dup_line_char_frac, \
         top_{2,3,4}_gram, duplicated_{5..10}_n_grams. As in datatrove, the rules are checked in this \
         order and the first failing one decides: statistics that only later rules need are not computed \
         and are NULL (the two paragraph rules share theirs, as do the two line rules), unless the option \
         all_stats=true asks for every statistic. NULL text gives NULL.",
        "gopher_repetition(text [, options])",
    )
    .with_sql_example(
        "SELECT gopher_repetition(text)['reason'], count(*) FROM read_corpus('synthetic:1000') GROUP BY 1;",
    )
    .with_argument("text", "Document text.")
    .with_argument(
        "options",
        "Constant string 'name=value, ...' overriding maximum fractions (none disables a rule): \
         dup_line_frac (0.3), dup_para_frac (0.3), dup_line_char_frac (0.2), dup_para_char_frac (0.2), \
         top_2_gram (0.2), top_3_gram (0.18), top_4_gram (0.16), dup_5_gram (0.15), dup_6_gram (0.14), \
         dup_7_gram (0.13), dup_8_gram (0.12), dup_9_gram (0.11), dup_10_gram (0.10); \
         all_stats (false): compute the statistics of the rules after a failing one too.",
    )
    .build()
});

fn result_fields() -> Fields {
    use DataType::{Boolean, Float64, Int64, Utf8};
    let mut spec: Vec<(String, DataType)> = [
        ("pass", Boolean),
        ("reason", Utf8),
        ("text_len", Int64),
        ("n_paragraphs", Int64),
        ("n_dup_paragraphs", Int64),
        ("dup_para_frac", Float64),
        ("dup_para_chars", Int64),
        ("dup_para_char_frac", Float64),
        ("n_lines", Int64),
        ("n_dup_lines", Int64),
        ("dup_line_frac", Float64),
        ("dup_line_chars", Int64),
        ("dup_line_char_frac", Float64),
        ("n_words", Int64),
    ]
    .into_iter()
    .map(|(n, t)| (n.to_string(), t))
    .collect();
    spec.extend(TOP_NS.iter().map(|n| (format!("top_{n}_gram_frac"), Float64)));
    spec.extend(DUP_NS.iter().map(|n| (format!("dup_{n}_gram_frac"), Float64)));
    let spec: Vec<(&str, DataType)> = spec.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    fields(&spec)
}

fn write(rows: &mut StructRows, r: &GopherRepetitionResult) {
    rows.bool(r.pass)
        .str(r.reason)
        .int(r.text_len)
        .int(r.n_paragraphs)
        .int(r.n_dup_paragraphs)
        .float(r.dup_para_frac)
        .int(r.dup_para_chars)
        .float(r.dup_para_char_frac)
        .opt_int(r.n_lines)
        .opt_int(r.n_dup_lines)
        .float(r.dup_line_frac)
        .opt_int(r.dup_line_chars)
        .float(r.dup_line_char_frac)
        .opt_int(r.n_words);
    for n in TOP_NS {
        rows.float(r.top_gram(n).map(|g| g.frac));
    }
    for n in DUP_NS {
        rows.float(r.dup_gram(n).and_then(|g| g.frac));
    }
    rows.end_row();
}

/// Sets the threshold of n-gram rule `n` in `rules`, removing the rule for `none`.
fn set_rule(rules: &mut Vec<(usize, f64)>, n: usize, value: Option<f64>) {
    match (rules.iter().position(|&(m, _)| m == n), value) {
        (Some(i), Some(v)) => rules[i].1 = v,
        (Some(i), None) => {
            rules.remove(i);
        }
        (None, Some(v)) => rules.push((n, v)),
        (None, None) => {}
    }
}

fn config(args: &[ColumnarValue]) -> Result<GopherRepetitionConfig> {
    let mut cfg = GopherRepetitionConfig::default();
    apply_options(NAME, args, 1, |s| {
        let name = s.name.as_str();
        match name {
            "dup_line_frac" => cfg.dup_line_frac = s.float()?,
            "dup_para_frac" => cfg.dup_para_frac = s.float()?,
            "dup_line_char_frac" => cfg.dup_line_char_frac = s.float()?,
            "dup_para_char_frac" => cfg.dup_para_char_frac = s.float()?,
            "all_stats" => cfg.all_stats = s.flag()?,
            _ => {
                let top = name.strip_prefix("top_").and_then(|r| r.strip_suffix("_gram")).and_then(|n| n.parse().ok());
                let dup = name.strip_prefix("dup_").and_then(|r| r.strip_suffix("_gram")).and_then(|n| n.parse().ok());
                match (top, dup) {
                    (Some(n), _) if TOP_NS.contains(&n) => set_rule(&mut cfg.top_n_grams, n, s.float()?),
                    (_, Some(n)) if DUP_NS.contains(&n) => set_rule(&mut cfg.dup_n_grams, n, s.float()?),
                    _ => return s.unknown(&OPTIONS),
                }
            }
        }
        Ok(())
    })?;
    cfg.top_n_grams.sort_by_key(|&(n, _)| n);
    cfg.dup_n_grams.sort_by_key(|&(n, _)| n);
    Ok(cfg)
}

/// datatrove's filter as a [`TextFilter`].
#[derive(Debug, Default, PartialEq, Eq, Hash)]
pub struct GopherRepetition;

/// The `gopher_repetition` scalar function.
pub type GopherRepetitionFunc = TextFilterFunc<GopherRepetition>;

impl TextFilter for GopherRepetition {
    const NAME: &'static str = NAME;
    type Config = GopherRepetitionConfig;

    fn documentation() -> &'static Documentation {
        &DOCUMENTATION
    }

    fn fields() -> Fields {
        result_fields()
    }

    fn config(args: &[ColumnarValue]) -> Result<GopherRepetitionConfig> {
        config(args)
    }

    const WORDS: bool = true;

    fn write<'a>(
        config: &GopherRepetitionConfig,
        text: &'a str,
        words: &mut dyn FnMut() -> Vec<&'a str>,
        rows: &mut StructRows,
    ) {
        write(rows, &gopher_repetition(text, words, config));
    }
}
