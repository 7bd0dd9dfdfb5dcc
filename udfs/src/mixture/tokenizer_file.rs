//! Loading BPE tokenizers from the files they ship as: Hugging Face `tokenizer.json`, GPT-2
//! `vocab.json` + `merges.txt` (or data-gym's `encoder.json` + `vocab.bpe`), and tiktoken rank
//! files. A tokenizer spec is a path, optionally followed by `#` and `key=value` overrides
//! separated by commas: `pre_tokenizer=gpt2|gpt2_digits|cl100k|o200k|llama3|whitespace|whitespace_split`
//! and `normalizer=none|nfc|nfkc|nfd|nfkd`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use base64::Engine;
use datafusion::common::{Result, plan_datafusion_err, plan_err};
use serde_json::Value;

use super::byte_level;
use super::pretokenize::{GPT2_PATTERN, PreTokenizer, SplitRegex, Step};
use super::tokenizer::{Alphabet, BpeTokenizer, Merge, Normalization, merge_by_priority};

/// Loads the tokenizer a spec names (see the module documentation).
pub fn load(spec: &str) -> Result<BpeTokenizer> {
    let (path, overrides) = match spec.split_once('#') {
        Some((path, options)) => (path, options),
        None => (spec, ""),
    };
    let mut tokenizer = load_path(Path::new(path))?;
    for option in overrides
        .split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
    {
        let Some((key, value)) = option.split_once('=') else {
            return plan_err!("tokenizer spec '{spec}': option '{option}' is not key=value");
        };
        match key.trim() {
            "pre_tokenizer" => tokenizer.pre_tokenizer = PreTokenizer::named(value.trim())?,
            "normalizer" => {
                tokenizer.normalizer = match value.trim().to_ascii_lowercase().as_str() {
                    "none" => vec![],
                    "nfc" => vec![Normalization::Nfc],
                    "nfkc" => vec![Normalization::Nfkc],
                    "nfd" => vec![Normalization::Nfd],
                    "nfkd" => vec![Normalization::Nfkd],
                    other => {
                        return plan_err!("tokenizer spec '{spec}': unknown normalizer '{other}'");
                    }
                }
            }
            other => {
                return plan_err!(
                    "tokenizer spec '{spec}': unknown option '{other}' (pre_tokenizer, normalizer)"
                );
            }
        }
    }
    Ok(tokenizer)
}

fn load_path(path: &Path) -> Result<BpeTokenizer> {
    if path.is_dir() {
        for (first, second) in [
            ("tokenizer.json", None),
            ("vocab.json", Some("merges.txt")),
            ("encoder.json", Some("vocab.bpe")),
        ] {
            if path.join(first).is_file() && second.is_none_or(|s| path.join(s).is_file()) {
                return load_path(&path.join(second.unwrap_or(first)));
            }
        }
        return plan_err!(
            "tokenizer directory '{}' has no tokenizer.json, vocab.json + merges.txt or encoder.json + vocab.bpe",
            path.display()
        );
    }
    let bytes = std::fs::read(path)
        .map_err(|e| plan_datafusion_err!("cannot read tokenizer '{}': {e}", path.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        plan_datafusion_err!("tokenizer '{}' is not UTF-8 text: {e}", path.display())
    })?;
    let source = path.display().to_string();
    if name.ends_with(".json") {
        let json: Value = serde_json::from_str(text)
            .map_err(|e| plan_datafusion_err!("tokenizer '{source}' is not valid JSON: {e}"))?;
        if json.get("model").is_some_and(Value::is_object) {
            return from_hf_json(&source, &json);
        }
        let merges = sibling(path, &["merges.txt", "vocab.bpe"]).ok_or_else(|| {
            plan_datafusion_err!("'{source}' is a vocabulary without \"model\"; expected merges.txt or vocab.bpe beside it")
        })?;
        return from_gpt2_files(&merges, Some(path));
    }
    if name.ends_with(".txt") || name.ends_with(".bpe") || text.starts_with("#version") {
        let vocab = sibling(path, &["vocab.json", "encoder.json"]);
        return from_gpt2_files(path, vocab.as_deref());
    }
    from_tiktoken(&source, &name, text)
}

fn sibling(path: &Path, names: &[&str]) -> Option<PathBuf> {
    let dir = path.parent().unwrap_or(Path::new("."));
    names.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}

/// A tiktoken rank file: lines `base64(token bytes) rank`.
fn from_tiktoken(source: &str, name: &str, text: &str) -> Result<BpeTokenizer> {
    let mut ranks: Vec<(Vec<u8>, u32)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (token, rank) = match fields.as_slice() {
            [token, rank] => (*token, *rank),
            [rank] if line.starts_with(' ') => ("", *rank),
            _ => {
                return plan_err!(
                    "'{source}' line {}: expected 'base64-token rank' (a tiktoken rank file, a tokenizer.json or a merges.txt)",
                    i + 1
                );
            }
        };
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(token)
            .map_err(|e| {
                plan_datafusion_err!("'{source}' line {}: token is not base64: {e}", i + 1)
            })?;
        let rank = rank
            .parse()
            .map_err(|e| plan_datafusion_err!("'{source}' line {}: rank '{rank}': {e}", i + 1))?;
        ranks.push((bytes, rank));
    }
    if ranks.is_empty() {
        return plan_err!("tokenizer '{source}' is empty");
    }
    let pre_tokenizer = if name.contains("o200k") {
        PreTokenizer::named("o200k")?
    } else if name.contains("cl100k") {
        PreTokenizer::named("cl100k")?
    } else {
        PreTokenizer::named("gpt2")?
    };
    from_ranks(
        format!("{source} (tiktoken ranks)"),
        ranks,
        pre_tokenizer,
        vec![],
    )
}

/// A byte-level tokenizer whose token ranks are its merge order (tiktoken): pair priorities from
/// every split of every token, and the merge list rebuilt by BPE limited to lower ranks (a token
/// that does not end as two parts was not learned by merging, e.g. hand-added tokens, and has no
/// merge; the shipped OpenAI files have none).
fn from_ranks(
    source: String,
    mut ranks: Vec<(Vec<u8>, u32)>,
    pre_tokenizer: PreTokenizer,
    normalizer: Vec<Normalization>,
) -> Result<BpeTokenizer> {
    ranks.retain(|(bytes, _)| !bytes.is_empty());
    ranks.sort_by_key(|&(_, rank)| rank);
    let vocab: HashMap<Vec<u8>, u32> = ranks.iter().cloned().collect();
    let mut ids = Box::new([u32::MAX; 256]);
    for (bytes, rank) in &ranks {
        if let [b] = bytes.as_slice() {
            ids[*b as usize] = *rank;
        }
    }
    if let Some(b) = ids.iter().position(|&id| id == u32::MAX) {
        return plan_err!(
            "tokenizer '{source}' has no token for byte {b:#04x}; only byte-level rank files are supported"
        );
    }
    let mut pair_priority = HashMap::new();
    for (bytes, rank) in &ranks {
        for split in 1..bytes.len() {
            if let (Some(&a), Some(&b)) = (vocab.get(&bytes[..split]), vocab.get(&bytes[split..])) {
                pair_priority.insert((a, b), (*rank, *rank));
            }
        }
    }
    let mut merges = Vec::new();
    let mut symbols = Vec::new();
    for (bytes, rank) in ranks.iter().filter(|(b, _)| b.len() > 1) {
        symbols.clear();
        symbols.extend(bytes.iter().map(|&b| ids[b as usize]));
        merge_by_priority(&pair_priority, &mut symbols, *rank);
        if let [left, right] = symbols.as_slice() {
            merges.push(Merge {
                left: *left,
                right: *right,
                result: *rank,
            });
        }
    }
    Ok(BpeTokenizer {
        source,
        normalizer,
        pre_tokenizer,
        alphabet: Alphabet::Bytes { ids },
        vocab,
        pair_priority,
        ignore_merges: true,
        merges,
    })
}

/// GPT-2's files: `merges.txt`/`vocab.bpe` (a `#version` line, then `left right` per line in
/// byte-level notation) and optionally `vocab.json`/`encoder.json`. Without a vocabulary the ids
/// are GPT-2's: the 256 byte characters in alphabet order, then one per merge.
fn from_gpt2_files(merges_path: &Path, vocab_path: Option<&Path>) -> Result<BpeTokenizer> {
    let source = merges_path.display().to_string();
    let text = std::fs::read_to_string(merges_path)
        .map_err(|e| plan_datafusion_err!("cannot read merges '{source}': {e}"))?;
    let mut merges = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("#version") || line.trim().is_empty() {
            continue;
        }
        let Some((a, b)) = line.split_once(' ') else {
            return plan_err!(
                "'{source}' line {}: expected 'left right', got {line:?}",
                i + 1
            );
        };
        merges.push((a.to_string(), b.to_string(), i + 1));
    }
    let vocab: HashMap<String, u32> = match vocab_path {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                plan_datafusion_err!("cannot read vocabulary '{}': {e}", path.display())
            })?;
            let json: Value = serde_json::from_str(&text).map_err(|e| {
                plan_datafusion_err!("vocabulary '{}' is not valid JSON: {e}", path.display())
            })?;
            vocab_object(&path.display().to_string(), &json)?
        }
        None => {
            let mut vocab: HashMap<String, u32> = byte_level::gpt2_id_order()
                .enumerate()
                .map(|(i, b)| (byte_level::byte_char(b).to_string(), i as u32))
                .collect();
            for (i, (a, b, _)) in merges.iter().enumerate() {
                vocab.entry(format!("{a}{b}")).or_insert(256 + i as u32);
            }
            vocab
        }
    };
    let pre_tokenizer = PreTokenizer {
        steps: vec![Step::Regex(SplitRegex::new(GPT2_PATTERN)?)],
        add_prefix_space: false,
    };
    build_merge_model(
        source,
        vocab,
        merges,
        true,
        None,
        false,
        pre_tokenizer,
        vec![],
    )
}

fn vocab_object(source: &str, json: &Value) -> Result<HashMap<String, u32>> {
    let Some(object) = json.as_object() else {
        return plan_err!("vocabulary in '{source}' is not a JSON object of token → id");
    };
    object
        .iter()
        .map(|(token, id)| match id.as_u64().and_then(|id| u32::try_from(id).ok()) {
            Some(id) => Ok((token.clone(), id)),
            None => plan_err!("vocabulary in '{source}': token {token:?} has id {id}, not a non-negative integer"),
        })
        .collect()
}

/// A Hugging Face `tokenizer.json` with a BPE model.
fn from_hf_json(source: &str, json: &Value) -> Result<BpeTokenizer> {
    let model = &json["model"];
    match model.get("type").and_then(Value::as_str) {
        Some("BPE") | None if model.get("merges").is_some() => {}
        Some(other) => {
            return plan_err!("tokenizer '{source}' has a {other} model; only BPE is supported");
        }
        None => return plan_err!("tokenizer '{source}': model has no type and no merges"),
    }
    let vocab = vocab_object(source, &model["vocab"])?;
    let Some(list) = model["merges"].as_array() else {
        return plan_err!("tokenizer '{source}': model.merges is not a list");
    };
    let mut merges = Vec::with_capacity(list.len());
    for (i, merge) in list.iter().enumerate() {
        let pair = match merge {
            Value::String(s) => s
                .split_once(' ')
                .map(|(a, b)| (a.to_string(), b.to_string())),
            Value::Array(parts) => match parts.as_slice() {
                [Value::String(a), Value::String(b)] => Some((a.clone(), b.clone())),
                _ => None,
            },
            _ => None,
        };
        let Some((a, b)) = pair else {
            return plan_err!(
                "tokenizer '{source}': merge {i} is {merge}, expected \"left right\" or [\"left\", \"right\"]"
            );
        };
        merges.push((a, b, i));
    }
    let normalizer = hf_normalizer(source, &json["normalizer"])?;
    let mut byte_level = json["decoder"].get("type").and_then(Value::as_str) == Some("ByteLevel");
    let (pre_tokenizer, pre_byte_level) = hf_pre_tokenizer(source, &json["pre_tokenizer"])?;
    byte_level |= pre_byte_level;
    let unk = model
        .get("unk_token")
        .and_then(Value::as_str)
        .and_then(|u| vocab.get(u).copied());
    let ignore_merges = model
        .get("ignore_merges")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    build_merge_model(
        source.to_string(),
        vocab,
        merges,
        byte_level,
        unk,
        ignore_merges,
        pre_tokenizer,
        normalizer,
    )
}

fn hf_normalizer(source: &str, json: &Value) -> Result<Vec<Normalization>> {
    let Some(kind) = json.get("type").and_then(Value::as_str) else {
        return Ok(vec![]);
    };
    Ok(match kind {
        "NFC" => vec![Normalization::Nfc],
        "NFD" => vec![Normalization::Nfd],
        "NFKC" => vec![Normalization::Nfkc],
        "NFKD" => vec![Normalization::Nfkd],
        "Lowercase" => vec![Normalization::Lowercase],
        "Sequence" => {
            let mut steps = Vec::new();
            for step in json["normalizers"].as_array().into_iter().flatten() {
                steps.extend(hf_normalizer(source, step)?);
            }
            steps
        }
        other => {
            return plan_err!(
                "tokenizer '{source}': normalizer {other} is not supported (NFC, NFD, NFKC, NFKD, Lowercase, Sequence)"
            );
        }
    })
}

/// The pre-tokenizer, and whether it is byte-level.
fn hf_pre_tokenizer(source: &str, json: &Value) -> Result<(PreTokenizer, bool)> {
    let mut pre = PreTokenizer {
        steps: vec![],
        add_prefix_space: false,
    };
    let mut byte_level = false;
    add_hf_steps(source, json, &mut pre, &mut byte_level)?;
    Ok((pre, byte_level))
}

fn add_hf_steps(
    source: &str,
    json: &Value,
    pre: &mut PreTokenizer,
    byte_level: &mut bool,
) -> Result<()> {
    let Some(kind) = json.get("type").and_then(Value::as_str) else {
        return Ok(());
    };
    match kind {
        "Sequence" => {
            for step in json["pretokenizers"].as_array().into_iter().flatten() {
                add_hf_steps(source, step, pre, byte_level)?;
            }
        }
        "ByteLevel" => {
            *byte_level = true;
            pre.add_prefix_space |= json
                .get("add_prefix_space")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if json
                .get("use_regex")
                .and_then(Value::as_bool)
                .unwrap_or(true)
            {
                pre.steps.push(Step::Regex(SplitRegex::new(GPT2_PATTERN)?));
            }
        }
        "Split" => {
            let behavior = json
                .get("behavior")
                .and_then(Value::as_str)
                .unwrap_or("Isolated");
            let invert = json.get("invert").and_then(Value::as_bool).unwrap_or(false);
            if behavior != "Isolated" || invert {
                return plan_err!(
                    "tokenizer '{source}': Split with behavior {behavior} and invert {invert} is not supported (Isolated only)"
                );
            }
            let pattern = match (&json["pattern"]["Regex"], &json["pattern"]["String"]) {
                (Value::String(regex), _) => regex.clone(),
                (_, Value::String(literal)) => regex::escape(literal),
                _ => return plan_err!("tokenizer '{source}': Split has no pattern"),
            };
            pre.steps.push(Step::Regex(SplitRegex::new(&pattern)?));
        }
        "Digits" => {
            let individual = json
                .get("individual_digits")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            pre.steps.push(Step::Digits { individual });
        }
        "Whitespace" => pre.steps.extend(PreTokenizer::named("whitespace")?.steps),
        "WhitespaceSplit" => pre.steps.push(Step::WhitespaceSplit),
        other => {
            return plan_err!(
                "tokenizer '{source}': pre-tokenizer {other} is not supported (ByteLevel, Split, Digits, Whitespace, WhitespaceSplit, Sequence)"
            );
        }
    }
    Ok(())
}

/// Builds a tokenizer from a vocabulary and `(left, right, line)` merges given as token strings.
#[allow(clippy::too_many_arguments)]
fn build_merge_model(
    source: String,
    vocab: HashMap<String, u32>,
    merges: Vec<(String, String, usize)>,
    byte_level: bool,
    unk: Option<u32>,
    ignore_merges: bool,
    pre_tokenizer: PreTokenizer,
    normalizer: Vec<Normalization>,
) -> Result<BpeTokenizer> {
    let token_bytes = |token: &str| -> Result<Vec<u8>> {
        if byte_level {
            byte_level::decode(token).ok_or_else(|| {
                plan_datafusion_err!(
                    "tokenizer '{source}': token {token:?} is not in the byte-level alphabet"
                )
            })
        } else {
            Ok(token.as_bytes().to_vec())
        }
    };
    let mut by_bytes: HashMap<Vec<u8>, u32> = HashMap::with_capacity(vocab.len());
    for (token, &id) in &vocab {
        by_bytes.insert(token_bytes(token)?, id);
    }
    let alphabet = if byte_level {
        let mut ids = Box::new([u32::MAX; 256]);
        for b in 0..=255u8 {
            if let Some(&id) = by_bytes.get(&[b][..]) {
                ids[b as usize] = id;
            }
        }
        if let Some(b) = ids.iter().position(|&id| id == u32::MAX) {
            return plan_err!(
                "tokenizer '{source}': byte-level vocabulary has no token for byte {b:#04x}"
            );
        }
        Alphabet::Bytes { ids }
    } else {
        Alphabet::Chars { unk }
    };
    let mut pair_priority = HashMap::with_capacity(merges.len());
    let mut ordered = Vec::with_capacity(merges.len());
    let mut made: HashMap<u32, usize> = HashMap::new();
    for (priority, (a, b, line)) in merges.iter().enumerate() {
        let lookup = |t: &str| {
            vocab.get(t).copied().ok_or_else(|| {
                plan_datafusion_err!("tokenizer '{source}': merge {line} ({a} {b}) uses {t:?}, which is not in the vocabulary")
            })
        };
        let (left, right) = (lookup(a)?, lookup(b)?);
        let merged = format!("{a}{b}");
        let result = lookup(&merged)?;
        pair_priority
            .entry((left, right))
            .or_insert((priority as u32, result));
        *made.entry(result).or_insert(0) += 1;
        ordered.push(Merge {
            left,
            right,
            result,
        });
    }
    let redundant = made.len() < ordered.len();
    let mut tokenizer = BpeTokenizer {
        source,
        normalizer,
        pre_tokenizer,
        alphabet,
        vocab: by_bytes,
        pair_priority,
        ignore_merges,
        merges: ordered,
    };
    if redundant {
        tokenizer.merges = earliest_paths(&tokenizer)?;
    }
    Ok(tokenizer)
}

/// For a merge list with redundant merges (several merges making the same token, as in
/// converted SentencePiece or tiktoken vocabularies), keeps per merged token the merge that BPE
/// limited to lower token ids would use, ordered by token id ("earliest path"). A token that
/// BPE over lower ids cannot build in one merge (678 of Llama 3's added tokens, reachable only
/// through the file's redundant merges) keeps the file's first merge making it.
fn earliest_paths(tokenizer: &BpeTokenizer) -> Result<Vec<Merge>> {
    let mut results: Vec<u32> = tokenizer.merges.iter().map(|m| m.result).collect();
    results.sort_unstable();
    results.dedup();
    let mut by_id: HashMap<u32, &[u8]> = HashMap::with_capacity(tokenizer.vocab.len());
    for (bytes, &id) in &tokenizer.vocab {
        by_id.insert(id, bytes);
    }
    let mut first_merge: HashMap<u32, Merge> = HashMap::new();
    for merge in &tokenizer.merges {
        first_merge.entry(merge.result).or_insert(*merge);
    }
    let ranked: HashMap<(u32, u32), (u32, u32)> = tokenizer
        .pair_priority
        .iter()
        .map(|(&pair, &(_, result))| (pair, (result, result)))
        .collect();
    let mut merges = Vec::with_capacity(results.len());
    let mut symbols = Vec::new();
    for result in results {
        let text = String::from_utf8_lossy(by_id[&result]).into_owned();
        symbols.clear();
        match &tokenizer.alphabet {
            Alphabet::Bytes { ids } => {
                symbols.extend(by_id[&result].iter().map(|&b| ids[b as usize]))
            }
            Alphabet::Chars { .. } => tokenizer.initial_symbols(&text, &mut symbols).map_err(
                |c| {
                    plan_datafusion_err!(
                        "tokenizer '{}': token {text:?} has character {c:?} outside the vocabulary",
                        tokenizer.source
                    )
                },
            )?,
        }
        merge_by_priority(&ranked, &mut symbols, result);
        match symbols.as_slice() {
            [left, right] => merges.push(Merge {
                left: *left,
                right: *right,
                result,
            }),
            _ => merges.push(first_merge[&result]),
        }
    }
    Ok(merges)
}
