//! Writing a file so that it is either complete or absent: through a temporary sibling renamed
//! into place, never a half-written file at the target path.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into place.
/// On failure the target is untouched and the temporary file is removed.
pub fn write_whole_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| format!("cannot write in '{}': {e}", dir.display()))?;
    temp.write_all(bytes).and_then(|_| temp.flush()).map_err(|e| format!("cannot write '{}': {e}", path.display()))?;
    temp.persist(path).map_err(|e| format!("cannot write '{}': {}", path.display(), e.error))?;
    Ok(())
}
