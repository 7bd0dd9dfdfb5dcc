//! The options string of the filter functions: `'name=value, name=value'`, overriding
//! the datatrove defaults. Values are numbers, `true`/`false`, or `none` to disable a rule.

use datafusion::common::{ScalarValue, exec_err, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::ColumnarValue;

/// One `name=value` pair.
pub struct Setting<'a> {
    /// Function name, for errors.
    pub function: &'a str,
    /// Option name (lower case).
    pub name: String,
    /// The raw value text.
    pub value: String,
}

impl Setting<'_> {
    fn invalid<T>(&self, expected: &str) -> Result<T> {
        plan_err!("{}: option {} must be {expected}, got '{}'", self.function, self.name, self.value)
    }

    /// The value as a fraction/threshold, or `None` for `none`.
    pub fn float(&self) -> Result<Option<f64>> {
        if self.value.eq_ignore_ascii_case("none") {
            return Ok(None);
        }
        match self.value.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Some(v)),
            _ => self.invalid("a number or none"),
        }
    }

    /// The value as a count, or `None` for `none`.
    pub fn count(&self) -> Result<Option<usize>> {
        if self.value.eq_ignore_ascii_case("none") {
            return Ok(None);
        }
        self.value.parse::<usize>().map(Some).or_else(|_| self.invalid("a non-negative integer or none"))
    }

    /// The value as a Boolean.
    pub fn flag(&self) -> Result<bool> {
        match self.value.to_ascii_lowercase().as_str() {
            "true" | "on" | "yes" | "1" => Ok(true),
            "false" | "off" | "no" | "0" => Ok(false),
            _ => self.invalid("true or false"),
        }
    }

    /// The error for an unknown option name, listing the valid ones.
    pub fn unknown<T>(&self, valid: &[&str]) -> Result<T> {
        plan_err!("{}: unknown option '{}' (valid options: {})", self.function, self.name, valid.join(", "))
    }
}

/// Parses the options argument (index `index`, which must be a constant string) and
/// calls `apply` for every setting. A missing argument or NULL means no settings.
pub fn apply_options(
    function: &str,
    args: &[ColumnarValue],
    index: usize,
    mut apply: impl FnMut(&Setting) -> Result<()>,
) -> Result<()> {
    let text = match args.get(index) {
        None => return Ok(()),
        Some(ColumnarValue::Scalar(
            ScalarValue::Utf8(s) | ScalarValue::LargeUtf8(s) | ScalarValue::Utf8View(s),
        )) => s.clone().unwrap_or_default(),
        Some(ColumnarValue::Scalar(s)) if s.is_null() => String::new(),
        Some(_) => return exec_err!("{function}: argument {} (options) must be a constant string", index + 1),
    };
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let Some((name, value)) = item.split_once('=') else {
            return plan_err!("{function}: option '{item}' must be written name=value");
        };
        apply(&Setting { function, name: name.trim().to_ascii_lowercase(), value: value.trim().to_string() })?;
    }
    Ok(())
}
