//! The `(text [, lang])` argument convention shared by the quality functions.

use datafusion::common::types::logical_string;
use datafusion::error::Result;
use datafusion::logical_expr::{
    Coercion, ScalarFunctionArgs, Signature, TypeSignature, TypeSignatureClass, Volatility,
};

use crate::columns::{Strings, all_constant};

/// Signature `(text)` or `(text, lang_or_options)`, both strings, immutable (so
/// DataFusion computes a repeated call once per row).
pub fn text_lang_signature() -> Signature {
    let string = || Coercion::new_exact(TypeSignatureClass::Native(logical_string()));
    Signature::one_of(
        vec![TypeSignature::Coercible(vec![string()]), TypeSignature::Coercible(vec![string(), string()])],
        Volatility::Immutable,
    )
}


/// Calls `f` for every row with `Some((text, lang))`, or `None` where the text or
/// the language is NULL. The language defaults to `default_lang`. Returns the
/// number of rows visited (1 when every argument is a constant).
pub fn for_each_document<'a>(
    function: &str,
    args: &'a ScalarFunctionArgs,
    default_lang: &'static str,
    mut f: impl FnMut(Option<(&'a str, &'a str)>) -> Result<()>,
) -> Result<usize> {
    let texts = Strings::new(function, &args.args[0], 0, "text")?;
    let langs = match args.args.get(1) {
        Some(lang) => Strings::new(function, lang, 1, "lang")?,
        None => Strings::Constant(Some(default_lang)),
    };
    let rows = if all_constant(&args.args) { 1 } else { args.number_rows };
    for row in 0..rows {
        f(texts.get(row).zip(langs.get(row)))?;
    }
    Ok(rows)
}

/// Calls `f` for every row with the text, `None` where it is NULL. Returns the
/// number of rows visited (1 when every argument is a constant).
pub fn for_each_text<'a>(
    function: &str,
    args: &'a ScalarFunctionArgs,
    mut f: impl FnMut(Option<&'a str>) -> Result<()>,
) -> Result<usize> {
    let texts = Strings::new(function, &args.args[0], 0, "text")?;
    let rows = if all_constant(&args.args) { 1 } else { args.number_rows };
    for row in 0..rows {
        f(texts.get(row))?;
    }
    Ok(rows)
}
