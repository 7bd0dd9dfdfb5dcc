//! fastText models for SQL: loaded from a file or from the bytes a column holds (cached either
//! way), predicting with the label prefix removed, and trained from labelled rows.
//!
//! The format is the standard fastText `.bin`/`.ftz` (read and written by siftql's fork of the
//! pure-Rust `fasttext` crate, `vendor/fasttext`), so models move both ways between siftql and
//! C++ or Python fastText.

use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::SystemTime;

use fasttext::FastText;
use xxhash_rust::xxh3::xxh3_64;

/// A loaded fastText classifier.
#[derive(Debug)]
pub struct Model {
    inner: FastText,
    prefix: String,
}

/// One predicted label: the label without the model's prefix (`__label__`), and its probability.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// Label name, prefix removed.
    pub label: String,
    /// Probability the model gives the label.
    pub prob: f32,
}

/// Runs `f`, turning a panic inside the fastText code (a corrupt file can trigger one) into an error.
fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| Err(format!("{what} failed: the model data is corrupt")))
}

impl Model {
    /// Reads a model from the bytes of a `.bin` or `.ftz` file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let inner = guarded("loading the model", || {
            FastText::load(&mut Cursor::new(bytes)).map_err(|e| format!("not a fastText model: {e}"))
        })?;
        Self::new(inner)
    }

    /// Reads a model file.
    pub fn from_path(path: &Path) -> Result<Self, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read '{}': {e}", path.display()))?;
        Self::from_bytes(&bytes).map_err(|e| format!("'{}': {e}", path.display()))
    }

    fn new(inner: FastText) -> Result<Self, String> {
        if inner.dict().nlabels() == 0 {
            return Err("the model has no labels (an unsupervised word-vector model, not a classifier)".to_string());
        }
        let prefix = inner.args().label.clone();
        Ok(Self { inner, prefix })
    }

    /// The model as `.bin`/`.ftz` bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        self.inner.save(&mut out).map_err(|e| format!("cannot write the model: {e}"))?;
        Ok(out)
    }

    /// The model's labels, prefix removed, most frequent in training first.
    pub fn labels(&self) -> Vec<String> {
        self.inner.get_labels().0.iter().map(|l| self.strip(l).to_string()).collect()
    }

    fn strip<'a>(&self, label: &'a str) -> &'a str {
        label.strip_prefix(self.prefix.as_str()).unwrap_or(label)
    }

    /// The `k` most probable labels of `text` with probability at least `threshold`, most
    /// probable first. Line breaks count as spaces (the text is one example); text without
    /// words gives no prediction.
    pub fn predict(&self, text: &str, k: usize, threshold: f32) -> Vec<Prediction> {
        self.inner
            .predict(text, k, threshold)
            .into_iter()
            .map(|p| Prediction { label: self.strip(&p.label).to_string(), prob: p.prob })
            .collect()
    }
}

type Stamp = (SystemTime, u64);

static BY_PATH: LazyLock<Mutex<HashMap<String, (Stamp, Arc<Model>)>>> = LazyLock::new(Default::default);
static BY_CONTENT: LazyLock<Mutex<HashMap<(u64, usize), Arc<Model>>>> = LazyLock::new(Default::default);

/// Models read from bytes kept at once; the cache is emptied when it grows past this.
const CONTENT_CACHE_SIZE: usize = 8;

/// The model in file `path`, loaded once per process (again when the file changes).
pub fn model_from_path(path: &str) -> Result<Arc<Model>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read '{path}': {e}"))?;
    let stamp = (meta.modified().map_err(|e| format!("cannot read '{path}': {e}"))?, meta.len());
    if let Some((cached, model)) = BY_PATH.lock().unwrap_or_else(|e| e.into_inner()).get(path)
        && *cached == stamp
    {
        return Ok(Arc::clone(model));
    }
    let model = Arc::new(Model::from_path(Path::new(path))?);
    BY_PATH.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string(), (stamp, Arc::clone(&model)));
    Ok(model)
}

/// The model whose `.bin`/`.ftz` bytes are `bytes` (such as `ft_train`'s result), loaded once
/// per process for the same bytes.
pub fn model_from_bytes(bytes: &[u8]) -> Result<Arc<Model>, String> {
    let key = (xxh3_64(bytes), bytes.len());
    if let Some(model) = BY_CONTENT.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Ok(Arc::clone(model));
    }
    let model = Arc::new(Model::from_bytes(bytes)?);
    let mut cache = BY_CONTENT.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= CONTENT_CACHE_SIZE {
        cache.clear();
    }
    cache.insert(key, Arc::clone(&model));
    Ok(model)
}

/// Writes one training example in fastText's input format: `__label__LABEL text` on one line,
/// line breaks in the text turned into spaces. A label must be non-empty and free of white space.
pub fn write_example(out: &mut impl Write, label: &str, text: &str) -> Result<(), String> {
    if label.is_empty() || label.chars().any(char::is_whitespace) {
        return Err(format!("label '{label}' is empty or contains white space, which fastText labels cannot hold (replace it, e.g. with '_')"));
    }
    let mut line = String::with_capacity(label.len() + text.len() + 11);
    line.push_str("__label__");
    line.push_str(label);
    line.push(' ');
    line.extend(text.chars().map(|c| if matches!(c, '\n' | '\r' | '\u{0b}' | '\0') { ' ' } else { c }));
    line.push('\n');
    out.write_all(line.as_bytes()).map_err(|e| format!("cannot write the training examples: {e}"))
}

/// Trains a supervised classifier on the examples in `input` (written by [`write_example`])
/// with `options`, quantizing it afterwards when `options.quantize` is set.
pub fn train(input: &Path, options: &super::ft_options::TrainOptions) -> Result<Model, String> {
    let args = options.args(input);
    guarded("training", || {
        let mut model = FastText::train(args.clone()).map_err(|e| format!("training failed: {e}"))?;
        if options.quantize {
            model.quantize(&options.quantize_args(input)).map_err(|e| format!("quantization failed: {e}"))?;
        }
        Model::new(model)
    })
}
