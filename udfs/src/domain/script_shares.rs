//! `script_shares(text)`: the fraction of a text's script-bearing characters in each Unicode
//! script, as a map from ISO 15924 code to share.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Float64Builder, MapBuilder, MapFieldNames, StringBuilder};
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};

use super::DOC_SECTION_DOMAIN;
use super::scripts::ScriptCounts;
use crate::columns::{Strings, finish};
use crate::args::{Kind, coerce};

const NAME: &str = "script_shares";
const SYNTAX: &str = "script_shares(text)";
const SPEC: [(&str, Kind); 1] = [("text", Kind::Text)];

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DOMAIN,
        "Script mix of a text: a map from ISO 15924 code to the fraction of its script-bearing \
         characters in that script (Unicode Script property; Common, Inherited and Unknown \
         characters are not counted, as in script), largest share first. The shares sum to 1; a \
         text without script-bearing characters gives an empty map, NULL text gives NULL. Read one \
         script with script_shares(text)['Latn'] (NULL when absent) or all with map_keys / \
         map_values / unnest.",
        SYNTAX,
    )
    .with_sql_example("SELECT script_shares('abc абвгд');  -- {Cyrl: 0.625, Latn: 0.375}")
    .with_argument("text", "String expression.")
    .build()
});

/// DataFusion's field names for map entries (as the `map` function makes them).
fn field_names() -> MapFieldNames {
    MapFieldNames { entry: "entries".to_string(), key: "key".to_string(), value: "value".to_string() }
}

/// The result type: `Map<Utf8, Float64>`.
fn map_type() -> DataType {
    let entries = Fields::from(vec![Field::new("key", DataType::Utf8, false), Field::new("value", DataType::Float64, true)]);
    DataType::Map(Arc::new(Field::new("entries", DataType::Struct(entries), false)), false)
}

/// The `script_shares` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ScriptSharesFunc {
    signature: Signature,
}

impl Default for ScriptSharesFunc {
    fn default() -> Self {
        Self { signature: Signature::user_defined(Volatility::Immutable) }
    }
}

impl ScalarUDFImpl for ScriptSharesFunc {
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
        Ok(map_type())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let n = args.number_rows;
        let texts = Strings::new(NAME, &args.args[0], 0, "text")?;
        let mut counts = ScriptCounts::default();
        let mut out = MapBuilder::with_capacity(Some(field_names()), StringBuilder::new(), Float64Builder::new(), n);
        for row in 0..n {
            let Some(text) = texts.get(row) else {
                out.append(false)?;
                continue;
            };
            counts.count(text);
            for (script, share) in counts.shares() {
                out.keys().append_value(script);
                out.values().append_value(share);
            }
            out.append(true)?;
        }
        finish(Arc::new(out.finish()), &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
