//! Turning a user's path, directory or glob into the list of files to read.

use std::path::{Path, PathBuf};

use datafusion::common::plan_err;
use datafusion::error::Result;

/// Compression suffixes recognised after a data file's own extension.
const COMPRESSION_SUFFIXES: [&str; 3] = ["gz", "zst", "zstd"];

/// The data extension of `path`, ignoring a compression suffix: `a.jsonl.zst` → `jsonl`.
pub fn data_extension(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let mut parts: Vec<&str> = name.split('.').skip(1).collect();
    if parts.last().is_some_and(|ext| COMPRESSION_SUFFIXES.contains(ext)) {
        parts.pop();
    }
    parts.last().map(|ext| ext.to_string())
}

/// True for names DataFusion's listing also ignores: hidden files and `_SUCCESS`-style markers.
fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') || n.starts_with('_'))
}

fn walk_dir(function: &str, dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return plan_err!("{function}: cannot list directory '{}': {e}", dir.display()),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => return plan_err!("{function}: cannot list directory '{}': {e}", dir.display()),
        };
        let path = entry.path();
        if is_hidden(&path) {
            continue;
        }
        if path.is_dir() {
            walk_dir(function, &path, extensions, out)?;
        } else if data_extension(&path).is_some_and(|ext| extensions.contains(&ext.as_str())) {
            out.push(path);
        }
    }
    Ok(())
}

/// Resolves `pattern` to a sorted, non-empty list of files.
///
/// A pattern with `*`, `?` or `[` is a glob (`**` crosses directories; wildcards do not match a
/// leading dot, so hidden files and siftql's temporary outputs stay out); a directory is read
/// recursively, keeping files whose data extension is one of `extensions` and skipping hidden
/// files; anything else must be an existing file. Errors name `function` and the pattern.
pub fn resolve_files(function: &str, pattern: &str, extensions: &[&str]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if pattern.contains(['*', '?', '[']) {
        let options = glob::MatchOptions { require_literal_leading_dot: true, ..Default::default() };
        let paths = match glob::glob_with(pattern, options) {
            Ok(paths) => paths,
            Err(e) => return plan_err!("{function}: invalid glob pattern '{pattern}': {e}"),
        };
        for entry in paths {
            match entry {
                Ok(path) if path.is_file() => files.push(path),
                Ok(_) => {}
                Err(e) => return plan_err!("{function}: cannot read '{}' while expanding '{pattern}': {}", e.path().display(), e.error()),
            }
        }
        if files.is_empty() {
            return plan_err!("{function}: no files match '{pattern}'");
        }
    } else {
        let path = Path::new(pattern);
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                walk_dir(function, path, extensions, &mut files)?;
                if files.is_empty() {
                    return plan_err!(
                        "{function}: directory '{pattern}' holds no files ending in {}",
                        extensions.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(", ")
                    );
                }
            }
            Ok(_) => files.push(path.to_path_buf()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return plan_err!("{function}: file not found: '{pattern}'");
            }
            Err(e) => return plan_err!("{function}: cannot access '{pattern}': {e}"),
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_extension_ignores_compression_suffix() {
        assert_eq!(data_extension(Path::new("a/b.jsonl.zst")).as_deref(), Some("jsonl"));
        assert_eq!(data_extension(Path::new("b.JSON.gz")).as_deref(), Some("json"));
        assert_eq!(data_extension(Path::new("part-0.parquet")).as_deref(), Some("parquet"));
        assert_eq!(data_extension(Path::new("README")), None);
        assert_eq!(data_extension(Path::new("x.gz")), None);
    }

    #[test]
    fn resolves_directories_globs_and_errors() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        for name in ["a.jsonl", "b.jsonl.zst", "sub/c.ndjson", "notes.txt", ".hidden.jsonl", "_SUCCESS"] {
            std::fs::write(root.join(name), b"{}\n").unwrap();
        }
        let exts = ["jsonl", "ndjson", "json"];
        let found = resolve_files("f", root.to_str().unwrap(), &exts).unwrap();
        let names: Vec<_> = found.iter().map(|p| p.strip_prefix(root).unwrap().to_str().unwrap().to_string()).collect();
        assert_eq!(names, ["a.jsonl", "b.jsonl.zst", "sub/c.ndjson"]);

        let glob = format!("{}/*.jsonl*", root.display());
        assert_eq!(resolve_files("f", &glob, &exts).unwrap().len(), 2);

        let missing = resolve_files("read_x", "/no/such/file.jsonl", &exts).unwrap_err().to_string();
        assert!(missing.contains("read_x: file not found: '/no/such/file.jsonl'"), "{missing}");
        let empty = resolve_files("f", &format!("{}/*.parquet", root.display()), &exts).unwrap_err().to_string();
        assert!(empty.contains("no files match"), "{empty}");
        let bad = resolve_files("f", "[", &exts).unwrap_err().to_string();
        assert!(bad.contains("invalid glob pattern"), "{bad}");
    }
}
