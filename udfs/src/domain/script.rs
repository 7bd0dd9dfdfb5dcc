//! `script(text)`: the dominant Unicode script of a text as an ISO 15924 code.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::StringBuilder;
use datafusion::arrow::datatypes::DataType;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};

use super::DOC_SECTION_DOMAIN;
use super::scripts::ScriptCounts;
use crate::columns::{Strings, finish};
use crate::args::{Kind, coerce};

const NAME: &str = "script";
const SYNTAX: &str = "script(text)";
const SPEC: [(&str, Kind); 1] = [("text", Kind::Text)];

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DOMAIN,
        "The dominant Unicode script of a text as an ISO 15924 code ('Latn', 'Cyrl', 'Arab', \
         'Hani', 'Hira', 'Deva', ...): the script with the most characters by the Unicode Script \
         property (Unicode 18.0), the earliest to appear among equals. Characters of the Common, \
         Inherited and Unknown scripts (digits, punctuation, spaces, symbols, emoji, combining \
         marks, unassigned code points) are not counted, so 'Zyyy' is never returned. Japanese \
         counts its Han, Hiragana and Katakana separately (see script_shares). NULL for NULL text \
         or a text without script-bearing characters.",
        SYNTAX,
    )
    .with_sql_example("SELECT script('Привет, мир!');  -- Cyrl")
    .with_argument("text", "String expression.")
    .build()
});

/// The `script` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ScriptFunc {
    signature: Signature,
}

impl Default for ScriptFunc {
    fn default() -> Self {
        Self { signature: Signature::user_defined(Volatility::Immutable) }
    }
}

impl ScalarUDFImpl for ScriptFunc {
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
        let texts = Strings::new(NAME, &args.args[0], 0, "text")?;
        let mut counts = ScriptCounts::default();
        let mut out = StringBuilder::with_capacity(n, 4 * n);
        for row in 0..n {
            out.append_option(texts.get(row).and_then(|text| {
                counts.count(text);
                counts.dominant()
            }));
        }
        finish(Arc::new(out.finish()), &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
