//! Building the `SessionContext` every front end (REPL, scripts, tests) runs on.

use std::sync::Arc;

use datafusion::error::Result;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::prelude::{SessionConfig, SessionContext};

/// Settings of a session.
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    /// Rows per batch (DataFusion's default when `None`).
    pub batch_size: Option<usize>,
    /// Memory limit in bytes for operators that can spill or fail cleanly (`None`: unlimited).
    pub memory_limit: Option<usize>,
}

/// Rows per Parquet row group written by `COPY`: DataFusion's default (1M rows) makes one
/// multi-gigabyte row group of web documents, which readers can only scan on one core.
pub const PARQUET_ROW_GROUP_ROWS: usize = 65_536;

/// A context with siftql's functions and defaults: `information_schema` on (for `SHOW FUNCTIONS`,
/// `\d` and completion), Parquet output compressed with zstd in row groups of
/// [`PARQUET_ROW_GROUP_ROWS`], and `DATAFUSION_*` environment variables applied (they win over these defaults).
pub fn build_context(options: &SessionOptions) -> Result<SessionContext> {
    let mut config = SessionConfig::from_env()?.with_information_schema(true);
    let row_group_rows = PARQUET_ROW_GROUP_ROWS.to_string();
    for (key, value) in [
        ("datafusion.execution.parquet.compression", "zstd(3)"),
        ("datafusion.execution.parquet.max_row_group_size", row_group_rows.as_str()),
    ] {
        let from_env = key.replace('.', "_").to_ascii_uppercase();
        if std::env::var_os(from_env).is_none() {
            config = config.set_str(key, value);
        }
    }
    if let Some(batch_size) = options.batch_size {
        config = config.with_batch_size(batch_size);
    }
    let mut runtime = RuntimeEnvBuilder::new();
    if let Some(limit) = options.memory_limit {
        runtime = runtime.with_memory_limit(limit, 1.0);
    }
    let ctx = SessionContext::new_with_config_rt(config, Arc::new(runtime.build()?));
    siftql_udfs::register_all(&ctx)?;
    Ok(ctx)
}

/// Parses sizes such as `512M`, `8G`, `1.5GiB` or a plain byte count.
pub fn parse_size(text: &str) -> Result<usize, String> {
    let t = text.trim().to_ascii_lowercase();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let value: f64 = number.parse().map_err(|_| format!("'{text}' is not a size such as 512M or 8G"))?;
    let factor = match unit.trim().trim_end_matches("ib").trim_end_matches('b') {
        "" => 1.0,
        "k" => 1024.0,
        "m" => 1024.0 * 1024.0,
        "g" => 1024.0 * 1024.0 * 1024.0,
        "t" => 1024.0_f64.powi(4),
        _ => return Err(format!("'{text}': unknown unit (use K, M, G or T)")),
    };
    Ok((value * factor) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("512M").unwrap(), 512 << 20);
        assert_eq!(parse_size("8g").unwrap(), 8 << 30);
        assert_eq!(parse_size("1.5GiB").unwrap(), 3 << 29);
        assert_eq!(parse_size("100").unwrap(), 100);
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5X").is_err());
    }
}
