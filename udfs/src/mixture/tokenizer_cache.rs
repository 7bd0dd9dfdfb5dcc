//! Loaded tokenizers, cached per spec (path plus overrides) and reloaded when the file changes.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::SystemTime;

use datafusion::common::plan_datafusion_err;
use datafusion::error::{DataFusionError, Result};

use super::tokenizer::BpeTokenizer;
use super::tokenizer_file::load;

type Stamp = Option<(SystemTime, u64)>;

static CACHE: LazyLock<Mutex<HashMap<String, (Stamp, Arc<BpeTokenizer>)>>> =
    LazyLock::new(Default::default);

fn stamp(spec: &str) -> Stamp {
    let path = spec.split_once('#').map_or(spec, |(p, _)| p);
    let meta = std::fs::metadata(Path::new(path)).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The tokenizer `spec` names, loaded once per process (again if its file changed).
pub fn tokenizer(spec: &str) -> Result<Arc<BpeTokenizer>> {
    let current = stamp(spec);
    if let Some((cached, tokenizer)) = CACHE.lock().expect("tokenizer cache lock").get(spec)
        && *cached == current
        && current.is_some()
    {
        return Ok(Arc::clone(tokenizer));
    }
    let loaded = Arc::new(load(spec)?);
    CACHE
        .lock()
        .expect("tokenizer cache lock")
        .insert(spec.to_string(), (current, Arc::clone(&loaded)));
    Ok(loaded)
}

/// [`tokenizer`] for argument `index` (1-based) of `function`, with errors naming both.
pub fn tokenizer_argument(function: &str, index: usize, spec: &str) -> Result<Arc<BpeTokenizer>> {
    tokenizer(spec).map_err(|e| {
        let message = match e {
            DataFusionError::Plan(message) => message,
            other => other.to_string(),
        };
        plan_datafusion_err!("{function}: argument {index} (tokenizer): {message}")
    })
}
