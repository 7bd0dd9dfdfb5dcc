//! `COPY … TO` made atomic and format-aware for local paths.
//!
//! The statement is rewritten to write into a hidden temporary sibling of the target
//! (`.NAME.siftql-tmp-PID-N.EXT`), which is renamed onto the target only after the whole write
//! succeeded; a failed or cancelled write removes it. JSON Lines targets (`.jsonl`, `.ndjson`,
//! `.json`, optionally `.gz`/`.zst`) are written as newline-delimited JSON with the matching
//! compression.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use datafusion::common::plan_err;
use datafusion::error::Result;
use datafusion::sql::parser::CopyToStatement;
use datafusion::sql::sqlparser::ast::Value;

static NEXT_TEMP: AtomicUsize = AtomicUsize::new(0);

/// Temporary outputs of abandoned writes, swept again by [`sweep_abandoned`] once no task can
/// still be writing them.
static ABANDONED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The temporary output of a `COPY`, removed on drop unless committed.
#[derive(Debug)]
pub struct AtomicTarget {
    target: PathBuf,
    temp: PathBuf,
    committed: bool,
}

fn compression_of(suffix: &str) -> Option<&'static str> {
    match suffix {
        "gz" => Some("gzip"),
        "zst" | "zstd" => Some("zstd"),
        "bz2" => Some("bzip2"),
        "xz" => Some("xz"),
        _ => None,
    }
}

/// Chooses the format (and compression) from the target's name when the statement gives none;
/// a directory target (partitioned, ending in `/`, or without extension) defaults to Parquet.
fn infer_format(statement: &mut CopyToStatement, is_dir: bool) -> Result<()> {
    if statement.stored_as.is_some() {
        return Ok(());
    }
    let name = Path::new(statement.target.trim_end_matches('/'))
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mut parts: Vec<&str> = name.split('.').skip(1).collect();
    let compression = parts.last().and_then(|s| compression_of(s));
    if compression.is_some() {
        parts.pop();
    }
    let format = match parts.last().copied() {
        Some("parquet") => "PARQUET",
        Some("csv") => "CSV",
        Some("json" | "jsonl" | "ndjson") => "JSON",
        Some("arrow") => "ARROW",
        _ if is_dir => "PARQUET",
        Some(other) => return plan_err!("COPY: cannot tell the format of '{}' from '.{other}'; add STORED AS PARQUET|JSON|CSV", statement.target),
        None => return plan_err!("COPY: target '{}' has no extension; add STORED AS PARQUET|JSON|CSV", statement.target),
    };
    statement.stored_as = Some(format.to_string());
    let has_compression = statement.options.iter().any(|(k, _)| k.to_ascii_lowercase().ends_with("compression"));
    if let (Some(codec), false, "JSON" | "CSV") = (compression, has_compression, format) {
        statement.options.push(("format.compression".to_string(), Value::SingleQuotedString(codec.to_string())));
    }
    Ok(())
}

/// Rewrites `statement` to write to a temporary path; `None` for object-store URLs, which are
/// written as given.
pub fn prepare(statement: &mut CopyToStatement) -> Result<Option<AtomicTarget>> {
    let is_dir = !statement.partitioned_by.is_empty()
        || statement.target.ends_with('/')
        || Path::new(&statement.target).extension().is_none();
    infer_format(statement, is_dir)?;
    if statement.target.contains("://") {
        return Ok(None);
    }
    let target = PathBuf::from(statement.target.trim_end_matches('/'));
    let Some(name) = target.file_name().and_then(|n| n.to_str()) else {
        return plan_err!("COPY: '{}' is not a file or directory path", statement.target);
    };
    let extension = target.extension().and_then(|e| e.to_str()).unwrap_or("out");
    let n = NEXT_TEMP.fetch_add(1, Ordering::Relaxed);
    let temp_name = format!(".{name}.siftql-tmp-{}-{n}.{extension}", std::process::id());
    let temp = target.with_file_name(temp_name);
    let Some(temp_text) = temp.to_str() else {
        return plan_err!("COPY: path '{}' is not valid UTF-8", temp.display());
    };
    statement.target = if is_dir { format!("{temp_text}/") } else { temp_text.to_string() };
    Ok(Some(AtomicTarget { target, temp, committed: false }))
}

/// Moves every file under `from` to the same relative place under `to`.
fn merge_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            merge_dir(&entry.path(), &dest)?;
        } else {
            std::fs::rename(entry.path(), dest)?;
        }
    }
    Ok(())
}

impl AtomicTarget {
    /// Publishes the written output under the target name. A file replaces any old file; a
    /// directory is renamed into place, or its files are moved into an existing directory.
    pub fn commit(mut self) -> Result<()> {
        let result = if !self.temp.exists() {
            Ok(())
        } else if self.temp.is_dir() && self.target.is_dir() {
            merge_dir(&self.temp, &self.target).and_then(|_| std::fs::remove_dir_all(&self.temp))
        } else {
            std::fs::rename(&self.temp, &self.target)
        };
        self.committed = result.is_ok();
        match result {
            Ok(()) => Ok(()),
            Err(e) => plan_err!("COPY: cannot move the finished output to '{}': {e}", self.target.display()),
        }
    }
}

/// Removes a temporary output and the object store's staging files beside it (`TEMP#N`, which
/// a cancelled upload can leave behind).
fn remove_temp(temp: &Path) {
    if temp.is_dir() {
        let _ = std::fs::remove_dir_all(temp);
    } else {
        let _ = std::fs::remove_file(temp);
    }
    let (Some(parent), Some(name)) = (temp.parent(), temp.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    let staging = format!("{name}#");
    let Ok(entries) = std::fs::read_dir(if parent.as_os_str().is_empty() { Path::new(".") } else { parent }) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_str().is_some_and(|n| n.starts_with(&staging)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Removes what abandoned writes left behind. Call after the runtime has shut down: a
/// cancelled write's background tasks may create or finish files after its target was dropped.
pub fn sweep_abandoned() {
    let temps = std::mem::take(&mut *ABANDONED.lock().unwrap_or_else(|e| e.into_inner()));
    for temp in temps {
        remove_temp(&temp);
    }
}

impl Drop for AtomicTarget {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        remove_temp(&self.temp);
        ABANDONED.lock().unwrap_or_else(|e| e.into_inner()).push(self.temp.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::sql::parser::{CopyToSource, DFParser, Statement};

    fn parse(sql: &str) -> CopyToStatement {
        match DFParser::parse_sql(sql).unwrap().pop_front().unwrap() {
            Statement::CopyTo(copy) => copy,
            other => panic!("not a COPY: {other}"),
        }
    }

    #[test]
    fn jsonl_targets_get_json_and_compression() {
        let mut copy = parse("COPY (SELECT 1) TO 'out/x.jsonl.zst'");
        let guard = prepare(&mut copy).unwrap().unwrap();
        assert_eq!(copy.stored_as.as_deref(), Some("JSON"));
        assert_eq!(copy.options, vec![("format.compression".to_string(), Value::SingleQuotedString("zstd".into()))]);
        assert!(copy.target.starts_with("out/.x.jsonl.zst.siftql-tmp-"), "{}", copy.target);
        assert!(copy.target.ends_with(".zst"));
        assert!(matches!(copy.source, CopyToSource::Query(_)));
        drop(guard);
    }

    #[test]
    fn abandoned_temp_and_its_staging_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("big.parquet");
        let mut copy = parse(&format!("COPY (SELECT 1) TO '{}'", target.display()));
        let guard = prepare(&mut copy).unwrap().unwrap();
        let kept = dir.path().join("other.parquet#1");
        for name in [copy.target.clone(), format!("{}#1", copy.target), format!("{}#2", copy.target)] {
            std::fs::write(name, b"partial").unwrap();
        }
        std::fs::write(&kept, b"not ours").unwrap();
        drop(guard);
        std::fs::write(format!("{}#3", copy.target), b"written after the drop").unwrap();
        sweep_abandoned();
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, vec![kept.file_name().unwrap().to_owned()]);
    }

    #[test]
    fn partitioned_and_extensionless_targets_are_directories() {
        let mut copy = parse("COPY t TO 'out/parts' STORED AS PARQUET PARTITIONED BY (lang)");
        prepare(&mut copy).unwrap();
        assert!(copy.target.ends_with('/'), "{}", copy.target);
        let mut plain_dir = parse("COPY t TO 'out/shards/'");
        prepare(&mut plain_dir).unwrap();
        assert_eq!(plain_dir.stored_as.as_deref(), Some("PARQUET"));
        let mut unknown = parse("COPY t TO 'out/x.txt'");
        assert!(prepare(&mut unknown).unwrap_err().to_string().contains("cannot tell the format"));
    }

    #[test]
    fn uncommitted_output_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("x.parquet");
        let mut copy = parse(&format!("COPY t TO '{}'", target.display()));
        let guard = prepare(&mut copy).unwrap().unwrap();
        std::fs::write(&copy.target, b"partial").unwrap();
        drop(guard);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

        let mut copy = parse(&format!("COPY t TO '{}'", target.display()));
        let guard = prepare(&mut copy).unwrap().unwrap();
        std::fs::write(&copy.target, b"done").unwrap();
        guard.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"done");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
