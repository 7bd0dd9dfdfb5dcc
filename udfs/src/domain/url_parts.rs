//! `url_parts(url)`: scheme, host, registered domain, public suffix, TLD, path and path depth
//! of a URL.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{ArrayRef, BooleanBuilder, StringBuilder, StructArray, UInt32Builder};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};

use super::DOC_SECTION_DOMAIN;
use super::url_split::split_url;
use crate::columns::{Strings, finish};
use crate::args::{Kind, coerce};

const NAME: &str = "url_parts";
const SYNTAX: &str = "url_parts(url)";
const SPEC: [(&str, Kind); 1] = [("url", Kind::Text)];

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DOMAIN,
        "Parts of a URL for domain tagging: struct {scheme, host, registered_domain, public_suffix, \
         tld, path, path_depth, is_ip}. Parsing follows the WHATWG URL standard: the host is \
         lower-cased, without port, user info, IPv6 brackets or trailing dot; a Unicode host is \
         converted to punycode (IDNA) and a punycode host stays as given. public_suffix and \
         registered_domain (the suffix plus one label) follow the Public Suffix List compiled into \
         siftql (ICANN and private sections, so alice.github.io is a registered domain; a host \
         matching no rule has its last label as suffix). registered_domain is NULL when the host is \
         itself a public suffix (co.uk, localhost); the domain parts are NULL for IP hosts (is_ip \
         true). path excludes query and fragment; path_depth counts its non-empty segments (NULL for \
         an opaque path such as mailto:'s). A URL without a scheme (example.com/a, \
         //example.com/a, example.com:8080) is read as http:// with a NULL scheme. NULL input or an \
         unparsable URL gives NULL.",
        SYNTAX,
    )
    .with_sql_example("SELECT url_parts('https://www.bbc.co.uk/news')['registered_domain'];  -- bbc.co.uk")
    .with_argument("url", "URL string.")
    .build()
});

/// The fields of `url_parts`'s result.
fn url_fields() -> Fields {
    Fields::from(vec![
        Field::new("scheme", DataType::Utf8, true),
        Field::new("host", DataType::Utf8, true),
        Field::new("registered_domain", DataType::Utf8, true),
        Field::new("public_suffix", DataType::Utf8, true),
        Field::new("tld", DataType::Utf8, true),
        Field::new("path", DataType::Utf8, true),
        Field::new("path_depth", DataType::UInt32, true),
        Field::new("is_ip", DataType::Boolean, true),
    ])
}

/// The `url_parts` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct UrlPartsFunc {
    signature: Signature,
}

impl Default for UrlPartsFunc {
    fn default() -> Self {
        Self { signature: Signature::user_defined(Volatility::Immutable) }
    }
}

impl ScalarUDFImpl for UrlPartsFunc {
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
        Ok(DataType::Struct(url_fields()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let n = args.number_rows;
        let urls = Strings::new(NAME, &args.args[0], 0, "url")?;
        let strings = || StringBuilder::with_capacity(n, 0);
        let (mut scheme, mut host, mut domain, mut suffix, mut tld, mut path) =
            (strings(), strings(), strings(), strings(), strings(), strings());
        let mut depth = UInt32Builder::with_capacity(n);
        let mut is_ip = BooleanBuilder::with_capacity(n);
        let mut valid = Vec::with_capacity(n);
        for row in 0..n {
            let parts = urls.get(row).and_then(split_url);
            valid.push(parts.is_some());
            match parts {
                Some(p) => {
                    scheme.append_option(p.scheme.as_deref());
                    host.append_option(p.host.as_deref());
                    domain.append_option(p.registered_domain());
                    suffix.append_option(p.public_suffix());
                    tld.append_option(p.tld());
                    path.append_value(&p.path);
                    depth.append_option(p.path_depth);
                    is_ip.append_value(p.is_ip);
                }
                None => {
                    for b in [&mut scheme, &mut host, &mut domain, &mut suffix, &mut tld, &mut path] {
                        b.append_null();
                    }
                    depth.append_null();
                    is_ip.append_null();
                }
            }
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(scheme.finish()),
            Arc::new(host.finish()),
            Arc::new(domain.finish()),
            Arc::new(suffix.finish()),
            Arc::new(tld.finish()),
            Arc::new(path.finish()),
            Arc::new(depth.finish()),
            Arc::new(is_ip.finish()),
        ];
        let result = StructArray::try_new(url_fields(), columns, Some(NullBuffer::from(valid)))?;
        finish(Arc::new(result), &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
