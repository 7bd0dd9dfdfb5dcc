//! `lang_normalize(code)`: a language code or locale tag as an ISO 639-3 code, folded into the
//! macrolanguage by siftql's convention.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::StringBuilder;
use datafusion::arrow::datatypes::DataType;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};

use super::DOC_SECTION_DOMAIN;
use super::iso639::normalize;
use crate::columns::{Strings, finish};
use crate::args::{Kind, coerce};

const NAME: &str = "lang_normalize";
const SYNTAX: &str = "lang_normalize(code)";
const SPEC: [(&str, Kind); 1] = [("code", Kind::Text)];

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DOMAIN,
        "ISO 639-3 code of a language code or locale tag, so labels from different language \
         identifiers compare equal. Accepts ISO 639-1 ('fr'), 639-2/B ('fre', 'ger'), 639-2/T and \
         639-3 codes in any case, retired 639-3 codes that have a replacement ('mol' → 'ron'), the \
         withdrawn 639-1 codes iw, in, ji, jw and mo, and locale forms, of which the language part is \
         used ('pt_BR', 'zh-Hant', 'sr@latin', 'en_US.UTF-8', fastText's '__label__eng_Latn'). \
         Macrolanguage folding: an individual language folds into its macrolanguage when it is the \
         standard variety the macrolanguage's code denotes in practice (CLDR's macrolanguage \
         aliases): cmn → zho, arb → ara, pes → fas, zsm → msa, nob → nor, swh → swa, uzn → uzb, \
         ekk → est, lvs → lav, als → sqi, azj → aze, khk → mon, npi → nep and 11 more (see the \
         normalized column of languages()). Other members stay apart: yue, wuu and nan; nno; prs; \
         ind; arz and the other Arabic varieties; hrv, srp and bos ('sh' is hbs). NULL for NULL \
         input and unknown codes. Data: SIL's ISO 639-3 code tables (2026-07-15).",
        SYNTAX,
    )
    .with_sql_example("SELECT lang_normalize('zh-Hant'), lang_normalize('cmn'), lang_normalize('ger');  -- zho zho deu")
    .with_argument("code", "Language code or locale tag.")
    .build()
});

/// The `lang_normalize` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct LangNormalizeFunc {
    signature: Signature,
}

impl Default for LangNormalizeFunc {
    fn default() -> Self {
        Self { signature: Signature::user_defined(Volatility::Immutable) }
    }
}

impl ScalarUDFImpl for LangNormalizeFunc {
    fn name(&self) -> &str {
        NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(NAME, SYNTAX, &SPEC, 1, arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let n = args.number_rows;
        let codes = Strings::new(NAME, &args.args[0], 0, "code")?;
        let mut out = StringBuilder::with_capacity(n, 3 * n);
        for row in 0..n {
            out.append_option(codes.get(row).and_then(normalize));
        }
        finish(Arc::new(out.finish()), &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
