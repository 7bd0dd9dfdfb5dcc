//! `minhash(text [, num_perm, ngram, seed, normalization])` and `minhash_fast(…)`: MinHash
//! signatures of word n-gram shingles.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{FixedSizeListArray, UInt32Array};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{ScalarValue, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::DOC_SECTION_DEDUP;
use super::shingles::{Normalization, Shingler};
use super::signature::{Permutations, SignScratch, classic_signature, fast_signature};
use crate::args::{Kind, coerce, constant, integer_in, text};
use crate::columns::{Strings, finish};

/// Default number of signature slots.
pub const DEFAULT_NUM_PERM: i64 = 128;
/// Default shingle length in words.
pub const DEFAULT_NGRAM: i64 = 5;
/// Default seed.
pub const DEFAULT_SEED: i64 = 1;
/// Largest accepted `num_perm`.
pub const MAX_NUM_PERM: i64 = 4096;
/// Largest accepted `ngram`.
pub const MAX_NGRAM: i64 = 256;

const SPEC: [(&str, Kind); 5] = [
    ("text", Kind::Text),
    ("num_perm", Kind::Integer),
    ("ngram", Kind::Integer),
    ("seed", Kind::Integer),
    ("normalization", Kind::Text),
];

/// Which signature a function computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Scheme {
    Classic,
    Fast,
}

/// Signing parameters, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignParams {
    /// Signature slots.
    pub num_perm: usize,
    /// Shingle length in words.
    pub ngram: usize,
    /// Seed of the permutations.
    pub seed: u64,
    /// Text normalization.
    pub normalization: Normalization,
}

impl SignParams {
    /// Reads the parameters from the constant arguments after `text`.
    pub fn from_constants(function: &str, values: &[Option<&ScalarValue>]) -> Result<Self> {
        let at = |i: usize| values.get(i).copied().flatten();
        let num_perm = integer_in(function, at(1), 1, "num_perm", DEFAULT_NUM_PERM, 1, MAX_NUM_PERM)? as usize;
        let ngram = integer_in(function, at(2), 2, "ngram", DEFAULT_NGRAM, 1, MAX_NGRAM)? as usize;
        let seed = integer_in(function, at(3), 3, "seed", DEFAULT_SEED, 0, i64::MAX)? as u64;
        let normalization = match text(function, at(4), 4, "normalization")? {
            None => Normalization::default(),
            Some(name) => match Normalization::from_name(&name) {
                Some(n) => n,
                None => {
                    let names: Vec<_> = Normalization::ALL.iter().map(|(n, _)| *n).collect();
                    return plan_err!(
                        "{function}: argument 5 (normalization) must be one of {}, got '{name}'",
                        names.join(", ")
                    );
                }
            },
        };
        Ok(Self { num_perm, ngram, seed, normalization })
    }
}

/// Signs documents one after another with reused buffers.
#[derive(Debug)]
pub struct Signer {
    params: SignParams,
    fast: bool,
    perms: Permutations,
    shingler: Shingler,
    hashes: Vec<u64>,
    scratch: SignScratch,
}

impl Signer {
    /// A classic (`fast = false`) or one-permutation signer.
    pub fn new(params: SignParams, fast: bool) -> Self {
        Self {
            params,
            fast,
            perms: Permutations::new(if fast { 1 } else { params.num_perm }, params.seed),
            shingler: Shingler::default(),
            hashes: Vec::new(),
            scratch: SignScratch::default(),
        }
    }

    /// Appends the signature of `text` to `out` and returns true, or returns false (leaving
    /// `out` alone) if the text has no words.
    pub fn sign(&mut self, text: &str, out: &mut Vec<u32>) -> bool {
        self.shingler.load(text, self.params.normalization);
        self.hashes.clear();
        self.shingler.shingle_hashes(self.params.ngram, &mut self.hashes);
        if self.hashes.is_empty() {
            return false;
        }
        if self.fast {
            fast_signature(&self.hashes, self.params.num_perm, self.params.seed, &mut self.scratch, out);
        } else {
            classic_signature(&self.hashes, &self.perms, &mut self.scratch, out);
        }
        true
    }

    /// xxh3-64 of the last text's normalized words (equal texts after normalization have
    /// equal shingle sets).
    pub fn normalized_hash(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(self.shingler.normalized_bytes())
    }

}

/// The signature type: `FixedSizeList<UInt32>` of `num_perm` slots.
pub fn signature_type(num_perm: usize) -> DataType {
    DataType::FixedSizeList(Arc::new(Field::new_list_field(DataType::UInt32, false)), num_perm as i32)
}

static CLASSIC_DOC: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DEDUP,
        "Classic K-permutation MinHash signature of the text's word n-gram shingles, as a fixed-size \
         list of num_perm UInt32 slots (32-bit slots: half the memory of 64-bit ones, false slot \
         collisions at 2^-32). Normalization 'words' (default) lower-cases the text and takes its \
         \\w+ runs (Python re semantics); 'datatrove' is datatrove 0.10.1's simplify_text and English \
         spaCy tokenizer. A shingle is ngram consecutive words joined by spaces, hashed with xxh3-64; a \
         text with fewer than ngram words is one shingle of all its words. Each hash h is folded to \
         x = h XOR (h >> 32) (low 32 bits) and slot k is the minimum of (a_k·x + b_k) mod 2^32 over the \
         shingles, with a_k odd and (a_k, b_k) drawn from SplitMix64(seed). NULL for NULL text and \
         for text without words. Signatures compare only with the same num_perm, ngram, seed and \
         normalization.",
        "minhash(text [, num_perm, ngram, seed, normalization])",
    )
    .with_sql_example("SELECT id, minhash(text) FROM read_corpus('synthetic:100') LIMIT 2;")
    .with_argument("text", "Document text.")
    .with_argument("num_perm", "Signature slots, 1 to 4096 (default 128).")
    .with_argument("ngram", "Words per shingle, 1 to 256 (default 5).")
    .with_argument("seed", "Seed of the permutations, >= 0 (default 1).")
    .with_argument("normalization", "'words' (default) or 'datatrove'.")
    .build()
});

static FAST_DOC: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DEDUP,
        "One-permutation MinHash with optimal densification (Li, Owen and Zhang 2012; Shrivastava \
         2017): the same shingles and arguments as minhash, but one hash mix per shingle instead of \
         num_perm. Each shingle's xxh3-64 hash, mixed with the seed, picks one of num_perm bins by its \
         low 32 bits and competes for that bin's minimum with its high 32 bits; an empty bin copies the \
         value of the first non-empty bin on a fixed pseudo-random probe sequence (the same for every \
         document), offset by the number of probes. Two documents agree in a slot with probability \
         equal to their Jaccard similarity, so minhash_jaccard (the share of equal slots) estimates it \
         without bias and minhash_bands works unchanged. Not comparable with minhash signatures.",
        "minhash_fast(text [, num_perm, ngram, seed, normalization])",
    )
    .with_sql_example("SELECT minhash_jaccard(minhash_fast('a b c d e f'), minhash_fast('a b c d e g'));")
    .with_argument("text", "Document text.")
    .with_argument("num_perm", "Signature slots, 1 to 4096 (default 128).")
    .with_argument("ngram", "Words per shingle, 1 to 256 (default 5).")
    .with_argument("seed", "Seed of the bin hash and probes, >= 0 (default 1).")
    .with_argument("normalization", "'words' (default) or 'datatrove'.")
    .build()
});

/// The `minhash` and `minhash_fast` scalar functions.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct MinHashFunc {
    scheme: Scheme,
    signature: Signature,
}

impl MinHashFunc {
    /// `minhash`: classic K-permutation MinHash.
    pub fn classic() -> Self {
        Self { scheme: Scheme::Classic, signature: Signature::user_defined(Volatility::Immutable) }
    }

    /// `minhash_fast`: one-permutation MinHash with optimal densification.
    pub fn fast() -> Self {
        Self { scheme: Scheme::Fast, signature: Signature::user_defined(Volatility::Immutable) }
    }

    fn syntax(&self) -> &'static str {
        match self.scheme {
            Scheme::Classic => "minhash(text [, num_perm, ngram, seed, normalization])",
            Scheme::Fast => "minhash_fast(text [, num_perm, ngram, seed, normalization])",
        }
    }
}

impl ScalarUDFImpl for MinHashFunc {
    fn name(&self) -> &str {
        match self.scheme {
            Scheme::Classic => "minhash",
            Scheme::Fast => "minhash_fast",
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(self.name(), self.syntax(), &SPEC, 1, arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(signature_type(DEFAULT_NUM_PERM as usize))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        for (i, field) in args.arg_fields.iter().enumerate().skip(1) {
            if args.scalar_arguments.get(i).copied().flatten().is_none() && !field.data_type().is_null() {
                return plan_err!("{}: argument {} ({}) must be a constant", self.name(), i + 1, SPEC[i].0);
            }
        }
        let params = SignParams::from_constants(self.name(), args.scalar_arguments)?;
        Ok(Arc::new(Field::new(self.name(), signature_type(params.num_perm), true)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let name = self.name();
        let mut constants = vec![None];
        for i in 1..args.args.len() {
            constants.push(constant(name, &args.args, i, SPEC[i].0)?);
        }
        let params = SignParams::from_constants(name, &constants)?;
        let texts = Strings::new(name, &args.args[0], 0, "text")?;
        let mut signer = Signer::new(params, self.scheme == Scheme::Fast);
        let rows = args.number_rows;
        let mut values = Vec::with_capacity(rows * params.num_perm);
        let mut valid = Vec::with_capacity(rows);
        for row in 0..rows {
            let signed = texts.get(row).is_some_and(|t| signer.sign(t, &mut values));
            if !signed {
                values.resize(values.len() + params.num_perm, 0);
            }
            valid.push(signed);
        }
        let nulls = NullBuffer::from(valid);
        let list = FixedSizeListArray::try_new(
            Arc::new(Field::new_list_field(DataType::UInt32, false)),
            params.num_perm as i32,
            Arc::new(UInt32Array::from(values)),
            (nulls.null_count() > 0).then_some(nulls),
        )?;
        finish(Arc::new(list), &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(match self.scheme {
            Scheme::Classic => &CLASSIC_DOC,
            Scheme::Fast => &FAST_DOC,
        })
    }
}
