//! `bpe_tokenize(text, tokenizer)` and `bpe_token_count(text, tokenizer)`: a real tokenizer's
//! token ids and token count.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{ArrayRef, ListBuilder, UInt32Builder, UInt64Array};
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::exec_err;
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::DOC_SECTION_MIXTURE;
use super::tokenizer::BpeTokenizer;
use super::tokenizer_cache::tokenizer_argument;
use crate::columns::{Strings, finish};
use crate::args::{Kind, coerce};

const SPEC: [(&str, Kind); 2] = [("text", Kind::Text), ("tokenizer", Kind::Text)];

const TOKENIZER_ARGUMENT: &str = "Path of a Hugging Face tokenizer.json, a GPT-2 vocab.json/merges.txt (or the \
     directory holding them), or a tiktoken rank file; optionally followed by '#pre_tokenizer=NAME,normalizer=NAME' \
     to override what the file says (pre-tokenizers gpt2, gpt2_digits, cl100k, o200k, llama3, whitespace, whitespace_split; \
     normalizers none, nfc, nfkc, nfd, nfkd). Loaded once per process and cached.";

static TOKENIZE_DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_MIXTURE,
        "Token ids of text under a BPE tokenizer, identical to the reference implementation (tiktoken's \
         encode_ordinary; Hugging Face tokenizers' encode without added special tokens). Special-token strings \
         in the text are encoded as ordinary text. NULL text gives NULL.",
        "bpe_tokenize(text, tokenizer)",
    )
    .with_sql_example("SELECT bpe_tokenize('Hello world', '/models/gpt2/tokenizer.json');")
    .with_argument("text", "Text to tokenize.")
    .with_argument("tokenizer", TOKENIZER_ARGUMENT)
    .build()
});

static COUNT_DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_MIXTURE,
        "Number of tokens of text under a BPE tokenizer: the length of bpe_tokenize(text, tokenizer), without \
         building the list. NULL text gives NULL.",
        "bpe_token_count(text, tokenizer)",
    )
    .with_sql_example(
        "SELECT lang, sum(bpe_token_count(text, '/models/cl100k_base.tiktoken')) AS tokens FROM docs GROUP BY lang;",
    )
    .with_argument("text", "Text to count.")
    .with_argument("tokenizer", TOKENIZER_ARGUMENT)
    .build()
});

/// `bpe_tokenize` (ids) or `bpe_token_count` (their number).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct BpeTokenizeFunc {
    name: &'static str,
    count_only: bool,
    signature: Signature,
}

impl BpeTokenizeFunc {
    /// `bpe_tokenize(text, tokenizer)` → list of token ids.
    pub fn ids() -> Self {
        Self {
            name: "bpe_tokenize",
            count_only: false,
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }

    /// `bpe_token_count(text, tokenizer)` → number of tokens.
    pub fn count() -> Self {
        Self {
            name: "bpe_token_count",
            count_only: true,
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }

    fn syntax(&self) -> &'static str {
        if self.count_only {
            "bpe_token_count(text, tokenizer)"
        } else {
            "bpe_tokenize(text, tokenizer)"
        }
    }
}

impl ScalarUDFImpl for BpeTokenizeFunc {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(self.name, self.syntax(), &SPEC, 2, arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(if self.count_only {
            DataType::UInt64
        } else {
            DataType::List(Arc::new(Field::new_list_field(DataType::UInt32, false)))
        })
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let n = args.number_rows;
        let texts = Strings::new(self.name, &args.args[0], 0, "text")?;
        let specs = Strings::new(self.name, &args.args[1], 1, "tokenizer")?;
        let mut loaded: Option<(&str, Arc<BpeTokenizer>)> = None;
        let mut ids = Vec::new();
        let mut counts = Vec::with_capacity(if self.count_only { n } else { 0 });
        let mut lists = ListBuilder::new(UInt32Builder::new())
            .with_field(Field::new_list_field(DataType::UInt32, false));
        for row in 0..n {
            let (Some(text), Some(spec)) = (texts.get(row), specs.get(row)) else {
                if self.count_only {
                    counts.push(None);
                } else {
                    lists.append_null();
                }
                continue;
            };
            if loaded.as_ref().is_none_or(|(s, _)| *s != spec) {
                loaded = Some((spec, tokenizer_argument(self.name, 2, spec)?));
            }
            let bpe = &loaded.as_ref().expect("loaded above").1;
            ids.clear();
            if let Err(e) = bpe.encode(text, &mut ids) {
                return exec_err!("{}: row {}: {e}", self.name, row + 1);
            }
            if self.count_only {
                counts.push(Some(ids.len() as u64));
            } else {
                lists.values().append_slice(&ids);
                lists.append(true);
            }
        }
        let result: ArrayRef = if self.count_only {
            Arc::new(UInt64Array::from(counts))
        } else {
            Arc::new(lists.finish())
        };
        finish(result, &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(if self.count_only {
            &COUNT_DOCUMENTATION
        } else {
            &TOKENIZE_DOCUMENTATION
        })
    }
}
