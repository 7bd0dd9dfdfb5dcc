//! `ft_save(model, path)`: writes a model from `ft_train` to a `.bin`/`.ftz` file that C++ and
//! Python fastText load.

use std::path::Path;
use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::UInt64Array;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{exec_datafusion_err, exec_err};
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};

use super::DOC_SECTION_DOMAIN;
use super::fasttext_model::Model;
use super::model_argument::Models;
use crate::args::{Kind, coerce};
use crate::columns::{Strings, finish};
use crate::io::write_whole::write_whole_file;

const NAME: &str = "ft_save";
const SYNTAX: &str = "ft_save(model, path)";

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DOMAIN,
        "Writes a fastText model (bytes from ft_train, or a model file to copy) to path and returns \
         the number of bytes written. The file is the standard fastText .bin (or .ftz when the model \
         was quantized) that C++ and Python fastText load. It is written to a temporary file beside \
         the target and renamed, so a failed write leaves no partial file. NULL model or path \
         writes nothing and gives NULL.",
        SYNTAX,
    )
    .with_sql_example("SELECT ft_save(model, 'topic.ftz') FROM topic_model;")
    .with_argument("model", "Model bytes from ft_train (or the path of a model file).")
    .with_argument("path", "File to write.")
    .build()
});

/// The `ft_save` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct FtSaveFunc {
    signature: Signature,
}

impl Default for FtSaveFunc {
    fn default() -> Self {
        Self { signature: Signature::user_defined(Volatility::Volatile) }
    }
}

/// Writes `model` to `path` through a temporary sibling renamed into place.
fn save(model: &Model, path: &Path) -> std::result::Result<u64, String> {
    let bytes = model.to_bytes()?;
    write_whole_file(path, &bytes)?;
    Ok(bytes.len() as u64)
}

impl ScalarUDFImpl for FtSaveFunc {
    fn name(&self) -> &str {
        NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(NAME, SYNTAX, &[("model", Kind::TextOrBinary), ("path", Kind::Text)], 2, arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::UInt64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let mut models = Models::new(NAME, &args.args[0])?;
        let paths = Strings::new(NAME, &args.args[1], 1, "path")?;
        let mut out = Vec::with_capacity(args.number_rows);
        for row in 0..args.number_rows {
            let (Some(model), Some(path)) = (models.get(row)?, paths.get(row)) else {
                out.push(None);
                continue;
            };
            if path.is_empty() {
                return exec_err!("{NAME}: argument 2 (path) is empty");
            }
            out.push(Some(save(&model, Path::new(path)).map_err(|e| exec_datafusion_err!("{NAME}: {e}"))?));
        }
        finish(Arc::new(UInt64Array::from(out)), &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
