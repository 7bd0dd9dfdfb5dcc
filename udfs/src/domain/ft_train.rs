//! `ft_train(label, text [, options])`: an aggregate that trains a supervised fastText
//! classifier on the rows it sees and returns the model as `.bin`/`.ftz` bytes.

use std::io::{BufWriter, Write};
use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{ScalarValue, exec_datafusion_err, exec_err, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::format_state_name;
use datafusion::logical_expr::{Accumulator, AggregateUDFImpl, Documentation, Signature, Volatility};
use datafusion::physical_expr::expressions::Literal;

use xxhash_rust::xxh3::xxh3_64;

use super::DOC_SECTION_DOMAIN;
use super::fasttext_model::{train, write_example};
use super::ft_options::{OPTION_NAMES, TrainOptions};

const NAME: &str = "ft_train";
const SYNTAX: &str = "ft_train(label, text [, options])";

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DOMAIN,
        format!(
            "Aggregate: trains a supervised fastText classifier on the rows' labels and texts and returns \
             the model as the bytes of a standard fastText .bin file (.ftz with quantize=true), which \
             ft_predict and ft_label read and C++/Python fastText load when written to a file. Options \
             use fastText's command-line names and supervised defaults, written 'name=value, …': {}. \
             The one default that differs is thread=1: with it the same rows give the same model on every \
             run, whatever their order or partitioning, because the examples are put in the order of a \
             hash of their content before training (which also mixes the classes, as fastText needs); \
             more threads train faster but not reproducibly. Line breaks in a text are read as spaces; \
             a label must not contain white space. Rows with a NULL label or text are skipped; no rows \
             give NULL. The examples are held in memory (about their text size) until training.",
            OPTION_NAMES.join(", ")
        ),
        SYNTAX,
    )
    .with_sql_example(
        "CREATE TABLE topic_model AS SELECT ft_train(category, text, 'epoch=25, wordNgrams=2') AS model FROM labelled;",
    )
    .with_argument("label", "Class label of the row (a string or integer; no white space).")
    .with_argument("text", "Example text.")
    .with_argument("options", "Constant 'name=value, …' training options, e.g. 'epoch=25, lr=0.5, wordNgrams=2, quantize=true'.")
    .build()
});

/// The `ft_train` aggregate function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct FtTrainFunc {
    signature: Signature,
}

impl Default for FtTrainFunc {
    fn default() -> Self {
        Self { signature: Signature::user_defined(Volatility::Immutable) }
    }
}

fn options_of(args: &AccumulatorArgs) -> Result<TrainOptions> {
    let Some(expr) = args.exprs.get(2) else {
        return Ok(TrainOptions::default());
    };
    let Some(literal) = expr.downcast_ref::<Literal>() else {
        return plan_err!("{NAME}: argument 3 (options) must be a constant string");
    };
    let text = match literal.value() {
        ScalarValue::Utf8(s) | ScalarValue::LargeUtf8(s) | ScalarValue::Utf8View(s) => s.clone().unwrap_or_default(),
        v if v.is_null() => String::new(),
        other => return plan_err!("{NAME}: argument 3 (options) must be a string, got {}", other.data_type()),
    };
    TrainOptions::parse(&text).map_err(|e| exec_datafusion_err!("{NAME}: argument 3 (options): {e}"))
}

impl AggregateUDFImpl for FtTrainFunc {
    fn name(&self) -> &str {
        NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        if !(2..=3).contains(&arg_types.len()) {
            return plan_err!("{NAME}: expected 2 or 3 arguments, got {}; usage: {SYNTAX}", arg_types.len());
        }
        let is_text = |t: &DataType| matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null);
        let label = &arg_types[0];
        if !(is_text(label) || label.is_integer() || matches!(label, DataType::Boolean)) {
            return plan_err!("{NAME}: argument 1 (label) must be a string or an integer, got {label}; usage: {SYNTAX}");
        }
        for (i, name) in [(1, "text"), (2, "options")] {
            if let Some(t) = arg_types.get(i)
                && !is_text(t)
            {
                return plan_err!("{NAME}: argument {} ({name}) must be a string, got {t}; usage: {SYNTAX}", i + 1);
            }
        }
        Ok(std::iter::repeat_n(DataType::Utf8, arg_types.len()).collect())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Binary)
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(vec![Arc::new(Field::new(format_state_name(args.name, "examples"), DataType::LargeBinary, true))])
    }

    fn accumulator(&self, acc_args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(FtTrainAccumulator { options: options_of(&acc_args)?, examples: Vec::new(), rows: 0 }))
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}

/// Collects the examples in fastText's input format, then trains on them.
#[derive(Debug)]
struct FtTrainAccumulator {
    options: TrainOptions,
    examples: Vec<u8>,
    rows: u64,
}

impl Accumulator for FtTrainAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let labels = cast(&values[0], &DataType::Utf8)?;
        let texts = cast(&values[1], &DataType::Utf8)?;
        let (labels, texts) = (labels.as_string::<i32>(), texts.as_string::<i32>());
        for row in 0..labels.len() {
            if labels.is_null(row) || texts.is_null(row) {
                continue;
            }
            write_example(&mut self.examples, labels.value(row), texts.value(row))
                .map_err(|e| exec_datafusion_err!("{NAME}: argument 1 (label): {e}"))?;
            self.rows += 1;
        }
        Ok(())
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let parts = states[0].as_binary::<i64>();
        for part in parts.iter().flatten() {
            self.examples.extend_from_slice(part);
            self.rows += part.iter().filter(|&&b| b == b'\n').count() as u64;
        }
        Ok(())
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![ScalarValue::LargeBinary(Some(std::mem::take(&mut self.examples)))])
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        if self.rows == 0 {
            return Ok(ScalarValue::Binary(None));
        }
        let file = tempfile::NamedTempFile::new().map_err(|e| exec_datafusion_err!("{NAME}: cannot create a temporary file: {e}"))?;
        let mut lines: Vec<&[u8]> = self.examples.split_inclusive(|&b| b == b'\n').collect();
        lines.sort_unstable_by_key(|line| (xxh3_64(line), *line));
        let mut writer = BufWriter::new(file.as_file());
        lines
            .iter()
            .try_for_each(|line| writer.write_all(line))
            .and_then(|_| writer.flush())
            .map_err(|e| exec_datafusion_err!("{NAME}: cannot write the examples to a temporary file: {e}"))?;
        drop(writer);
        let model = match train(file.path(), &self.options) {
            Ok(model) => model,
            Err(e) => return exec_err!("{NAME}: {e}"),
        };
        let bytes = model.to_bytes().map_err(|e| exec_datafusion_err!("{NAME}: {e}"))?;
        Ok(ScalarValue::Binary(Some(bytes)))
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self) + self.examples.capacity()
    }
}
