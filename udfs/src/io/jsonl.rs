//! The JSON Lines reader behind `read_jsonl`: decompression by magic bytes, line chunking on a
//! blocking thread, Arrow decoding on the consumer, and errors that name the file and line.
//!
//! Memory is bounded by the chunk size (`batch_size` lines, at most [`MAX_CHUNK_BYTES`] plus one
//! line) times the channel depth, whatever the file size.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::RecordBatchOptions;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::arrow::json::ReaderBuilder;
use datafusion::arrow::json::reader::infer_json_schema_from_iterator;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::common::{exec_datafusion_err, plan_err};
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_plan::metrics::Count;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;

use crate::source_exec::{PartitionSource, SourceMetrics};

/// A chunk is flushed to the decoder once it holds this many bytes, even with fewer lines.
pub const MAX_CHUNK_BYTES: usize = 8 << 20;
const READ_BUFFER_BYTES: usize = 1 << 20;
const CHANNEL_DEPTH: usize = 2;

/// What to do with a line that is not a valid JSON object of the table's schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OnError {
    /// Stop the query with an error naming the file and line (the default).
    Fail,
    /// Skip the line, count it, and report the count when the scan ends.
    Skip,
}

/// How a file is compressed, detected from its first bytes (not its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Plain text.
    None,
    /// gzip (one or more members).
    Gzip,
    /// Zstandard (one or more frames).
    Zstd,
}

impl Compression {
    /// The compression of a file that starts with `head` (its first bytes, at least 4 if it has them).
    fn of_head(head: &[u8]) -> Self {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// The compression of the file at `path`, from its first bytes.
    pub fn of_file(path: &Path) -> std::io::Result<Self> {
        let mut head = Vec::with_capacity(4);
        File::open(path)?.take(4).read_to_end(&mut head)?;
        Ok(Self::of_head(&head))
    }

    fn name(self) -> &'static str {
        match self {
            Compression::None => "plain",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }
}

/// A reader that adds the bytes it reads to a metric.
struct CountingReader<R> {
    inner: R,
    count: Option<Count>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(count) = &self.count {
            count.add(n);
        }
        Ok(n)
    }
}

/// Opens `path` and returns a buffered reader of its decompressed bytes.
pub fn open_decompressed(path: &Path, bytes_read: Option<Count>) -> std::io::Result<(Box<dyn BufRead + Send>, Compression)> {
    let file = File::open(path)?;
    let mut raw = BufReader::with_capacity(READ_BUFFER_BYTES, CountingReader { inner: file, count: bytes_read });
    let compression = Compression::of_head(raw.fill_buf()?);
    let reader: Box<dyn BufRead + Send> = match compression {
        Compression::None => Box::new(raw),
        Compression::Gzip => Box::new(BufReader::with_capacity(READ_BUFFER_BYTES, flate2::bufread::MultiGzDecoder::new(raw))),
        Compression::Zstd => {
            let mut decoder = zstd::stream::read::Decoder::with_buffer(raw)?;
            decoder.window_log_max(31)?;
            Box::new(BufReader::with_capacity(READ_BUFFER_BYTES, decoder))
        }
    };
    Ok((reader, compression))
}

/// The part of a file one partition reads: the lines whose first byte lies in `start..end`
/// (`end` `None`: to the end of the file). Only plain files are cut; a piece of a compressed
/// file is always the whole file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FilePiece {
    /// The file.
    pub path: PathBuf,
    /// Byte offset where the piece's lines may start.
    pub start: u64,
    /// Byte offset where the next piece's lines start, if there is a next piece.
    pub end: Option<u64>,
}

impl FilePiece {
    /// The whole file.
    pub fn whole(path: PathBuf) -> Self {
        Self { path, start: 0, end: None }
    }
}

/// Opens the plain file at `path` for the lines starting at or after byte `start` (> 0): skips
/// the rest of the line that byte `start - 1` belongs to. Returns the reader and the offset of
/// its first line.
fn open_plain_at(path: &Path, start: u64, bytes_read: Option<Count>) -> std::io::Result<(Box<dyn BufRead + Send>, u64)> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(start - 1))?;
    let mut reader = BufReader::with_capacity(READ_BUFFER_BYTES, CountingReader { inner: file, count: bytes_read });
    let mut rest = Vec::new();
    let skipped = reader.read_until(b'\n', &mut rest)?;
    Ok((Box::new(reader), start - 1 + skipped as u64))
}

/// The number of line breaks in the first `offset` bytes of the file at `path`.
fn lines_before(path: &Path, offset: u64) -> std::io::Result<u64> {
    let mut reader = BufReader::with_capacity(READ_BUFFER_BYTES, File::open(path)?.take(offset));
    let mut lines = 0u64;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(lines);
        }
        lines += memchr::memchr_iter(b'\n', buffer).count() as u64;
        let read = buffer.len();
        reader.consume(read);
    }
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|b| b.is_ascii_whitespace())
}

/// Infers the schema from the first `sample_lines` non-blank lines of `files`, in order.
///
/// A line that is not JSON is an error naming the file and line, unless `on_error` is
/// [`OnError::Skip`]. Fields whose types conflict are widened as Arrow's JSON inference does.
pub fn infer_schema(function: &str, files: &[PathBuf], sample_lines: usize, on_error: OnError) -> Result<Schema> {
    let mut values = Vec::new();
    'files: for path in files {
        let (mut reader, compression) = match open_decompressed(path, None) {
            Ok(r) => r,
            Err(e) => return plan_err!("{function}: cannot open '{}': {e}", path.display()),
        };
        let mut line = Vec::new();
        let mut line_no = 0u64;
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) => break,
                Ok(_) => line_no += 1,
                Err(e) => {
                    return plan_err!(
                        "{function}: cannot read '{}' ({}) at line {}: {e}",
                        path.display(),
                        compression.name(),
                        line_no + 1
                    );
                }
            }
            if is_blank(&line) {
                continue;
            }
            match serde_json::from_slice::<serde_json::Value>(&line) {
                Ok(value @ serde_json::Value::Object(_)) => values.push(value),
                Ok(_) if on_error == OnError::Skip => {}
                Ok(other) => {
                    return plan_err!(
                        "{function}: '{}' line {line_no}: expected a JSON object, found {}",
                        path.display(),
                        json_kind(&other)
                    );
                }
                Err(_) if on_error == OnError::Skip => {}
                Err(e) => return plan_err!("{function}: malformed JSON in '{}' at line {line_no}: {e}", path.display()),
            }
            if values.len() >= sample_lines {
                break 'files;
            }
        }
    }
    infer_json_schema_from_iterator(values.iter().map(Ok))
        .map_err(|e| DataFusionError::Plan(format!("{function}: cannot infer a schema: {e}")))
}

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Lines read from one file, handed from the reader thread to the decoder.
struct Chunk {
    path: Arc<Path>,
    /// Byte offset of the first line of the file piece the chunk comes from (0: the file's start).
    piece_start: u64,
    /// 1-based number of the chunk's first line, counted from the piece's first line.
    first_line: u64,
    lines: usize,
    data: Vec<u8>,
}

impl Chunk {
    /// The 1-based number in its file of the chunk's line `index` (0-based). A piece that does
    /// not start the file does not know how many lines come before it: they are counted now
    /// (this is only needed to name a bad line) and kept in `base`, which the decoder keeps per
    /// piece, so a piece's prefix is counted once however many of its lines are bad.
    fn line_number(&self, index: usize, base: &mut Option<std::result::Result<u64, String>>) -> String {
        let relative = self.first_line + index as u64;
        if self.piece_start == 0 {
            return relative.to_string();
        }
        let base = base.get_or_insert_with(|| lines_before(&self.path, self.piece_start).map_err(|e| e.to_string()));
        match base {
            Ok(before) => (*before + relative).to_string(),
            Err(e) => format!("{relative} after byte {} (lines before it not counted: {e})", self.piece_start),
        }
    }
}

/// A first malformed line and how many were skipped, per file, for the end-of-scan report.
#[derive(Default)]
struct SkipReport {
    count: usize,
    first_line: String,
    first_error: String,
}

/// Per file piece (path, offset of its first line): the number of lines before it, or why they
/// could not be counted.
type LineBases = std::collections::HashMap<(Arc<Path>, u64), std::result::Result<u64, String>>;

/// Decodes chunks into batches of the output schema.
#[derive(Debug)]
struct ChunkDecoder {
    function: &'static str,
    output: SchemaRef,
    decode: SchemaRef,
    on_error: OnError,
}

impl ChunkDecoder {
    fn new(function: &'static str, output: SchemaRef, on_error: OnError) -> Self {
        // With no columns to produce (`count(*)`), still parse every line, against a schema that
        // accepts any object, so malformed lines are caught and rows counted.
        let decode = if output.fields().is_empty() {
            Arc::new(Schema::new(vec![Field::new("\u{0}siftql_any", DataType::Utf8, true)]))
        } else {
            Arc::clone(&output)
        };
        Self { function, output, decode, on_error }
    }

    fn decode_all(&self, data: &[u8], rows: usize) -> std::result::Result<Option<RecordBatch>, String> {
        let mut decoder = ReaderBuilder::new(Arc::clone(&self.decode))
            .with_batch_size(rows.max(1) + 1)
            .build_decoder()
            .map_err(|e| e.to_string())?;
        let mut offset = 0;
        while offset < data.len() {
            let consumed = decoder.decode(&data[offset..]).map_err(|e| e.to_string())?;
            if consumed == 0 {
                break;
            }
            offset += consumed;
        }
        decoder.flush().map_err(|e| e.to_string())
    }

    fn to_output(&self, batch: Option<RecordBatch>) -> Result<Option<RecordBatch>> {
        let Some(batch) = batch else { return Ok(None) };
        if self.output.fields().is_empty() {
            let options = RecordBatchOptions::new().with_row_count(Some(batch.num_rows()));
            return Ok(Some(RecordBatch::try_new_with_options(Arc::clone(&self.output), vec![], &options)?));
        }
        Ok(Some(batch))
    }

    /// Decodes one chunk; on a bad line, finds it to name it (or skip it).
    /// `line_bases` keeps, per piece that does not start its file, the count of the lines
    /// before it once counted.
    fn decode_chunk(
        &self,
        chunk: &Chunk,
        skipped: &Count,
        reports: &mut BTreeMap<Arc<Path>, SkipReport>,
        line_bases: &mut LineBases,
    ) -> Result<Option<RecordBatch>> {
        if let Ok(batch) = self.decode_all(&chunk.data, chunk.lines) {
            return self.to_output(batch);
        }
        let mut good = Vec::with_capacity(chunk.data.len());
        let mut good_rows = 0;
        let piece = (Arc::clone(&chunk.path), chunk.piece_start);
        let mut base = line_bases.remove(&piece);
        for (index, line) in chunk.data.split(|b| *b == b'\n').enumerate() {
            if is_blank(line) {
                continue;
            }
            match self.decode_all(line, 1) {
                Ok(Some(batch)) if batch.num_rows() == 1 => {
                    good.extend_from_slice(line);
                    good.push(b'\n');
                    good_rows += 1;
                }
                outcome => {
                    let message = match outcome {
                        Err(e) => e,
                        Ok(Some(batch)) => format!("expected one JSON object, found {}", batch.num_rows()),
                        Ok(None) => "expected a JSON object".to_string(),
                    };
                    let line_no = chunk.line_number(index, &mut base);
                    if self.on_error == OnError::Fail {
                        return Err(exec_datafusion_err!(
                            "{}: malformed JSON in '{}' at line {line_no}: {message} (use read_jsonl(path, 'on_error=skip') to skip bad lines)",
                            self.function,
                            chunk.path.display()
                        ));
                    }
                    skipped.add(1);
                    let report = reports.entry(Arc::clone(&chunk.path)).or_default();
                    if report.count == 0 {
                        report.first_line = line_no;
                        report.first_error = message;
                    }
                    report.count += 1;
                }
            }
        }
        let result = match self.decode_all(&good, good_rows) {
            Ok(batch) => self.to_output(batch),
            Err(e) => Err(exec_datafusion_err!(
                "{}: cannot decode '{}' from line {}: {e}",
                self.function,
                chunk.path.display(),
                chunk.line_number(0, &mut base)
            )),
        };
        if let Some(base) = base {
            line_bases.insert(piece, base);
        }
        result
    }
}

/// Reads `pieces` in order and sends chunks of up to `batch_size` lines; runs on a blocking thread.
fn read_chunks(function: &'static str, pieces: Vec<FilePiece>, batch_size: usize, bytes_scanned: Count, tx: tokio::sync::mpsc::Sender<Result<Chunk>>) {
    for piece in pieces {
        let path: Arc<Path> = Arc::from(piece.path.as_path());
        let opened = if piece.start == 0 {
            open_decompressed(&path, Some(bytes_scanned.clone())).map(|(reader, compression)| (reader, compression, 0))
        } else {
            open_plain_at(&path, piece.start, Some(bytes_scanned.clone())).map(|(reader, at)| (reader, Compression::None, at))
        };
        let (mut reader, compression, piece_start) = match opened {
            Ok(r) => r,
            Err(e) => {
                let _ = tx.blocking_send(Err(exec_datafusion_err!("{function}: cannot open '{}': {e}", path.display())));
                return;
            }
        };
        // Offset of the next line (in the decompressed bytes of a whole compressed file).
        let mut at = piece_start;
        let mut line_no = 0u64;
        let new_chunk = |first_line| Chunk { path: Arc::clone(&path), piece_start, first_line, lines: 0, data: Vec::new() };
        let mut chunk = new_chunk(1);
        while piece.end.is_none_or(|end| at < end) {
            match reader.read_until(b'\n', &mut chunk.data) {
                Ok(0) => break,
                Ok(read) => {
                    at += read as u64;
                    line_no += 1;
                    chunk.lines += 1;
                    if chunk.data.last() != Some(&b'\n') {
                        chunk.data.push(b'\n');
                    }
                }
                Err(e) => {
                    let line = chunk.line_number(chunk.lines, &mut None);
                    let _ = tx.blocking_send(Err(exec_datafusion_err!(
                        "{function}: cannot read '{}' ({}) at line {line}: {e}",
                        path.display(),
                        compression.name()
                    )));
                    return;
                }
            }
            if chunk.lines >= batch_size || chunk.data.len() >= MAX_CHUNK_BYTES {
                let mut next = new_chunk(line_no + 1);
                next.data.reserve(chunk.data.len());
                if tx.blocking_send(Ok(std::mem::replace(&mut chunk, next))).is_err() {
                    return;
                }
            }
        }
        if chunk.lines > 0 && tx.blocking_send(Ok(chunk)).is_err() {
            return;
        }
    }
}

/// One partition of a JSON Lines scan: files or parts of files read one after another.
#[derive(Debug)]
pub struct JsonlPartition {
    function: &'static str,
    pieces: Vec<FilePiece>,
    schema: SchemaRef,
    on_error: OnError,
}

impl JsonlPartition {
    /// A partition reading `pieces` into batches of `schema` (the projected schema).
    pub fn new(function: &'static str, pieces: Vec<FilePiece>, schema: SchemaRef, on_error: OnError) -> Self {
        Self { function, pieces, schema, on_error }
    }
}

impl PartitionSource for JsonlPartition {
    fn open(&self, context: Arc<TaskContext>, metrics: SourceMetrics) -> Result<SendableRecordBatchStream> {
        let batch_size = context.session_config().batch_size().max(1);
        let (tx, rx) = tokio::sync::mpsc::channel(CHANNEL_DEPTH);
        let pieces = self.pieces.clone();
        let function = self.function;
        let bytes_scanned = metrics.bytes_scanned.clone();
        tokio::task::spawn_blocking(move || read_chunks(function, pieces, batch_size, bytes_scanned, tx));

        let decoder = ChunkDecoder::new(self.function, Arc::clone(&self.schema), self.on_error);
        let state = (rx, decoder, metrics.skipped_records, BTreeMap::<Arc<Path>, SkipReport>::new(), LineBases::new());
        let stream = futures::stream::unfold(Some(state), |state| async move {
            let (mut rx, decoder, skipped, mut reports, mut line_bases) = state?;
            loop {
                match rx.recv().await {
                    Some(Ok(chunk)) => match decoder.decode_chunk(&chunk, &skipped, &mut reports, &mut line_bases) {
                        Ok(Some(batch)) if batch.num_rows() > 0 => return Some((Ok(batch), Some((rx, decoder, skipped, reports, line_bases)))),
                        Ok(_) => continue,
                        Err(e) => return Some((Err(e), None)),
                    },
                    Some(Err(e)) => return Some((Err(e), None)),
                    None => {
                        for (path, report) in &reports {
                            eprintln!(
                                "warning: {}: skipped {} malformed line(s) in '{}'; first at line {}: {}",
                                decoder.function,
                                report.count,
                                path.display(),
                                report.first_line,
                                report.first_error
                            );
                        }
                        return None;
                    }
                }
            }
        });
        Ok(Box::pin(RecordBatchStreamAdapter::new(Arc::clone(&self.schema), stream)))
    }

    fn describe(&self) -> String {
        let name = |piece: &FilePiece| match (piece.start, piece.end) {
            (0, None) => piece.path.display().to_string(),
            (start, Some(end)) => format!("{} bytes {start}..{end}", piece.path.display()),
            (start, None) => format!("{} bytes {start}..", piece.path.display()),
        };
        match self.pieces.as_slice() {
            [one] => name(one),
            [first, ..] => format!("{} (+{} more)", name(first), self.pieces.len() - 1),
            [] => "no files".to_string(),
        }
    }
}
