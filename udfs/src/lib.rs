//! siftql's SQL functions for LLM pre-training data curation, as an Apache DataFusion extension.
//!
//! Every function (scalar, aggregate and table) carries DataFusion [`Documentation`], and
//! [`register_all`] adds them all to any [`SessionContext`]:
//!
//! ```
//! use datafusion::prelude::SessionContext;
//!
//! #[tokio::main]
//! async fn main() -> datafusion::error::Result<()> {
//!     let ctx = SessionContext::new();
//!     siftql_udfs::register_all(&ctx)?;
//!     let kinds = ctx.sql("SELECT kind, count(*) FROM synthetic_corpus(1000, 7) GROUP BY kind").await?;
//!     assert_eq!(kinds.count().await?, 9);
//!     ctx.sql("SELECT text_stats(text)['words'] FROM synthetic_corpus(3, 7)").await?.show().await?;
//!     Ok(())
//! }
//! ```
//!
//! Families: [`io`] (reading corpora as shipped), [`corpus`] (the synthetic sample corpus),
//! [`text`] (shared text views and profiling), [`quality`] (quality signals and filters),
//! [`minhash`] (near-duplicate and exact deduplication), [`mixture`] (BPE token counts and
//! training-mixture inference), [`domain`] (language, script, code language, URL parts and
//! fastText classifiers).

use std::sync::Arc;

use datafusion::catalog::TableFunctionImpl;
use datafusion::error::Result;
use datafusion::logical_expr::{AggregateUDF, Documentation, ScalarUDF};
use datafusion::prelude::SessionContext;

pub mod args;
pub mod columns;
pub mod corpus;
pub mod domain;
pub mod io;
pub mod minhash;
pub mod mixture;
pub mod quality;
pub mod source_exec;
pub mod text;

/// A table function with the documentation DataFusion has no hook for (`TableFunctionImpl`
/// carries none), so front ends can still show it.
#[derive(Debug, Clone)]
pub struct TableFunctionEntry {
    /// SQL name (lower case).
    pub name: &'static str,
    /// The implementation registered with [`SessionContext::register_udtf`].
    pub function: Arc<dyn TableFunctionImpl>,
    /// Description, syntax and example.
    pub documentation: &'static Documentation,
}

/// All of siftql's scalar functions.
pub fn all_scalar_udfs() -> Vec<Arc<ScalarUDF>> {
    let mut udfs = text::scalar_udfs();
    udfs.extend(quality::scalar_udfs());
    udfs.extend(minhash::scalar_udfs());
    udfs.extend(mixture::scalar_udfs());
    udfs.extend(domain::scalar_udfs());
    udfs
}

/// All of siftql's aggregate functions.
pub fn all_aggregate_udfs() -> Vec<Arc<AggregateUDF>> {
    domain::aggregate_udfs()
}

/// All of siftql's table functions, with their documentation.
pub fn all_table_functions() -> Vec<TableFunctionEntry> {
    let mut functions = io::table_functions();
    functions.extend(corpus::table_functions());
    functions.extend(minhash::table_functions());
    functions.extend(mixture::table_functions());
    functions.extend(domain::table_functions());
    functions
}

/// DataFusion 55 optimizer rules that copy a struct field access `s['a']` down into the
/// projection computing `s`, so `rps_signals(text)['a'], rps_signals(text)['b']` (or a
/// subquery's `s['a'], s['b']`) would compute the whole struct once per field.
pub const FIELD_PUSHDOWN_RULES: [&str; 2] = ["extract_leaf_expressions", "push_down_leaf_projections"];

/// Registers every siftql function (scalar, aggregate and table functions) with `ctx`.
///
/// It also removes the optimizer rules of [`FIELD_PUSHDOWN_RULES`] from `ctx`, so that
/// common-subexpression elimination computes a struct-valued function such as
/// `rps_signals(text)` once per row however many of its fields a query reads. (Those
/// rules push nested-field reads towards Parquet scans; siftql's functions return
/// structs far more expensive than the field reads they save.)
pub fn register_all(ctx: &SessionContext) -> Result<()> {
    for rule in FIELD_PUSHDOWN_RULES {
        ctx.remove_optimizer_rule(rule);
    }
    for udf in all_scalar_udfs() {
        ctx.register_udf(udf.as_ref().clone());
    }
    for udaf in all_aggregate_udfs() {
        ctx.register_udaf(udaf.as_ref().clone());
    }
    for entry in all_table_functions() {
        ctx.register_udtf(entry.name, entry.function);
    }
    Ok(())
}

/// One documented siftql function, whatever its kind, for help screens and the reference.
#[derive(Debug, Clone)]
pub struct FunctionDoc {
    /// SQL name.
    pub name: String,
    /// "scalar", "aggregate" or "table".
    pub kind: &'static str,
    /// The function's documentation.
    pub documentation: Documentation,
}

/// Documentation of every siftql function, sorted by name.
pub fn function_docs() -> Vec<FunctionDoc> {
    let mut docs = Vec::new();
    for udf in all_scalar_udfs() {
        if let Some(doc) = udf.documentation() {
            docs.push(FunctionDoc { name: udf.name().to_string(), kind: "scalar", documentation: doc.clone() });
        }
    }
    for udaf in all_aggregate_udfs() {
        if let Some(doc) = udaf.documentation() {
            docs.push(FunctionDoc { name: udaf.name().to_string(), kind: "aggregate", documentation: doc.clone() });
        }
    }
    for entry in all_table_functions() {
        docs.push(FunctionDoc {
            name: entry.name.to_string(),
            kind: "table",
            documentation: entry.documentation.clone(),
        });
    }
    docs.sort_by(|a, b| a.name.cmp(&b.name));
    docs
}
