//! `code_lang(path, content)`: the programming or markup language of a source file, as
//! GitHub Linguist would name it.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{ArrayRef, ListBuilder, StringBuilder, StructArray};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};

use super::DOC_SECTION_DOMAIN;
use super::code_detect::detect;
use crate::args::{Kind, coerce};
use crate::columns::{Strings, all_constant, finish};

const NAME: &str = "code_lang";
const SYNTAX: &str = "code_lang(path, content)";

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DOMAIN,
        "Programming, markup or data language of a source file, GitHub-Linguist style: struct {lang, \
         method, candidates}. A cascade over Linguist's languages.yml and heuristics.yml, each step \
         narrowing the candidates of the previous ones: an Emacs or Vim modeline (`-*- mode: ruby -*-`, \
         `vim: ft=python`) in the first or last five lines; the exact file name (Makefile, Dockerfile); \
         the interpreter of a shebang (`#!/usr/bin/env python3`, env options skipped); the longest \
         known extension (`.html.erb` before `.erb`, case-insensitive; man-page sections); Linguist's \
         disambiguation heuristics on the first 50 KiB for shared extensions (.h: C, C++ or \
         Objective-C; .pl: Perl, Raku or Prolog; .m, .ts, ...), plus an `<?xml version=` header; and \
         finally a tie-break (Linguist's popular languages first). `lang` is Linguist's name (C++, \
         Shell, JavaScript) or NULL when nothing matched; `method` is modeline, filename, shebang, \
         extension, heuristics or classifier (the tie-break); `candidates` are the languages the \
         deciding step chose from. Only the path's last component is used. A NULL path leaves the \
         content-only steps (modeline, shebang), a NULL content the name-based ones; both NULL give NULL.",
        SYNTAX,
    )
    .with_sql_example(
        "SELECT code_lang('include/util.h', '#include <vector>\\nstd::vector<int> v;').lang; -- C++",
    )
    .with_argument("path", "File path or name (directories are ignored); NULL for content-only detection.")
    .with_argument("content", "File content; NULL for name-only detection.")
    .build()
});

/// Fields of the result struct.
fn fields() -> Fields {
    Fields::from(vec![
        Field::new("lang", DataType::Utf8, true),
        Field::new("method", DataType::Utf8, true),
        Field::new("candidates", DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true))), true),
    ])
}

/// The `code_lang` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct CodeLangFunc {
    signature: Signature,
}

impl Default for CodeLangFunc {
    fn default() -> Self {
        Self { signature: Signature::user_defined(Volatility::Immutable) }
    }
}

impl ScalarUDFImpl for CodeLangFunc {
    fn name(&self) -> &str {
        NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(NAME, SYNTAX, &[("path", Kind::Text), ("content", Kind::Text)], 2, arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(fields()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let paths = Strings::new(NAME, &args.args[0], 0, "path")?;
        let contents = Strings::new(NAME, &args.args[1], 1, "content")?;
        let rows = if all_constant(&args.args) { 1 } else { args.number_rows };
        let mut lang = StringBuilder::with_capacity(rows, rows * 8);
        let mut method = StringBuilder::with_capacity(rows, rows * 10);
        let mut candidates = ListBuilder::new(StringBuilder::new());
        let mut valid = Vec::with_capacity(rows);
        for row in 0..rows {
            match detect(paths.get(row), contents.get(row)) {
                Some(d) => {
                    lang.append_option(d.lang);
                    method.append_option(d.method.map(|m| m.as_str()));
                    for c in d.candidates {
                        candidates.values().append_value(c);
                    }
                    candidates.append(true);
                    valid.push(true);
                }
                None => {
                    lang.append_null();
                    method.append_null();
                    candidates.append_null();
                    valid.push(false);
                }
            }
        }
        let columns: Vec<ArrayRef> = vec![Arc::new(lang.finish()), Arc::new(method.finish()), Arc::new(candidates.finish())];
        let nulls = NullBuffer::from(valid);
        let nulls = (nulls.null_count() > 0).then_some(nulls);
        finish(Arc::new(StructArray::try_new(fields(), columns, nulls)?), &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
