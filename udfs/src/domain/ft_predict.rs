//! `ft_predict(model, text [, k, threshold])` and `ft_label(model, text)`: a fastText
//! classifier's labels for each text.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{ArrayRef, Float64Builder, ListBuilder, StringBuilder, StructBuilder};
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};

use super::{DOC_SECTION_DOMAIN, MAX_K};
use super::model_argument::Models;
use crate::args::{Kind, coerce, constant, float_in, integer_in};
use crate::columns::{Strings, finish};

const MODEL_ARGUMENT: &str = "fastText classifier: path of a .bin/.ftz file (C++ fastText's, e.g. lid.176.ftz), or model bytes from ft_train (a column or a scalar subquery).";

static PREDICT_DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DOMAIN,
        "The k most probable labels of a fastText classifier for the text, as a list of {label, prob} \
         most probable first, keeping labels with probability at least threshold. Labels are given \
         without the model's prefix (__label__). Probabilities are those of C++ fastText's predict \
         (softmax, hierarchical softmax, or a sigmoid per label for one-vs-all and negative-sampling \
         models), for quantized (.ftz) models too. Line breaks in the text are read as spaces. NULL \
         text or model gives NULL; text without any word (empty or white space only) gives an empty \
         list, while text whose words the model does not know is classified from fastText's \
         end-of-line token alone, as C++ fastText does.",
        "ft_predict(model, text [, k, threshold])",
    )
    .with_sql_example("SELECT ft_predict('lid.176.ftz', text, 3) FROM docs;")
    .with_argument("model", MODEL_ARGUMENT)
    .with_argument("text", "Text to classify.")
    .with_argument("k", "Most labels to return (constant, default 1).")
    .with_argument("threshold", "Smallest probability to return (constant from 0 to 1, default 0).")
    .build()
});

static LABEL_DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DOMAIN,
        "The most probable label of a fastText classifier for the text, without the model's __label__ \
         prefix (ft_predict's first label). NULL for NULL text or model and for text without any word.",
        "ft_label(model, text)",
    )
    .with_sql_example(
        "SELECT ft_label((SELECT model FROM topic_model), text) AS topic, count(*) FROM docs GROUP BY topic;",
    )
    .with_argument("model", MODEL_ARGUMENT)
    .with_argument("text", "Text to classify.")
    .build()
});

/// `ft_predict` (labels with probabilities) or `ft_label` (the top label).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct FtPredictFunc {
    name: &'static str,
    signature: Signature,
}

impl FtPredictFunc {
    /// `ft_predict`.
    pub fn predict() -> Self {
        Self { name: "ft_predict", signature: Signature::user_defined(Volatility::Immutable) }
    }

    /// `ft_label`.
    pub fn label() -> Self {
        Self { name: "ft_label", signature: Signature::user_defined(Volatility::Immutable) }
    }

    fn is_predict(&self) -> bool {
        self.name == "ft_predict"
    }

    fn syntax(&self) -> &'static str {
        if self.is_predict() { "ft_predict(model, text [, k, threshold])" } else { "ft_label(model, text)" }
    }
}

/// The `{label, prob}` fields of `ft_predict`'s list items.
fn prediction_fields() -> Fields {
    Fields::from(vec![Field::new("label", DataType::Utf8, false), Field::new("prob", DataType::Float64, false)])
}

impl ScalarUDFImpl for FtPredictFunc {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let spec = [("model", Kind::TextOrBinary), ("text", Kind::Text), ("k", Kind::Integer), ("threshold", Kind::Float)];
        let spec = if self.is_predict() { &spec[..] } else { &spec[..2] };
        coerce(self.name, self.syntax(), spec, 2, arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(if self.is_predict() {
            DataType::List(Arc::new(Field::new("item", DataType::Struct(prediction_fields()), true)))
        } else {
            DataType::Utf8
        })
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let n = args.number_rows;
        let mut models = Models::new(self.name, &args.args[0])?;
        let texts = Strings::new(self.name, &args.args[1], 1, "text")?;
        let result: ArrayRef = if self.is_predict() {
            let k = integer_in(self.name, constant(self.name, &args.args, 2, "k")?, 2, "k", 1, 1, MAX_K)? as usize;
            let threshold = float_in(self.name, constant(self.name, &args.args, 3, "threshold")?, 3, "threshold", 0.0, 0.0, 1.0)? as f32;
            let item = StructBuilder::from_fields(prediction_fields(), 0);
            let mut lists = ListBuilder::new(item).with_field(Arc::new(Field::new("item", DataType::Struct(prediction_fields()), true)));
            for row in 0..n {
                let (Some(text), Some(model)) = (texts.get(row), models.get(row)?) else {
                    lists.append_null();
                    continue;
                };
                let entries = lists.values();
                for p in model.predict(text, k, threshold) {
                    entries.field_builder::<StringBuilder>(0).expect("label field").append_value(&p.label);
                    entries.field_builder::<Float64Builder>(1).expect("prob field").append_value(f64::from(p.prob));
                    entries.append(true);
                }
                lists.append(true);
            }
            Arc::new(lists.finish())
        } else {
            let mut labels = StringBuilder::new();
            for row in 0..n {
                let (Some(text), Some(model)) = (texts.get(row), models.get(row)?) else {
                    labels.append_null();
                    continue;
                };
                labels.append_option(model.predict(text, 1, 0.0).into_iter().next().map(|p| p.label));
            }
            Arc::new(labels.finish())
        };
        finish(result, &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(if self.is_predict() { &PREDICT_DOCUMENTATION } else { &LABEL_DOCUMENTATION })
    }
}
