//! `ft_train`'s options string: fastText's own command-line names and defaults for `supervised`,
//! written `'name=value, …'` (`'epoch=25, wordNgrams=2, quantize=true'`).

use std::path::Path;

use fasttext::args::{Args, LossName};

/// Training settings. Defaults are C++ fastText's `supervised` defaults except `thread`, which
/// is 1 so that a model is the same on every run.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// Learning rate.
    pub lr: f64,
    /// Vector size.
    pub dim: i32,
    /// Passes over the examples.
    pub epoch: i32,
    /// Words seen fewer times are dropped.
    pub min_count: i32,
    /// Longest word n-gram.
    pub word_ngrams: i32,
    /// Hash buckets for word and character n-grams (fastText sets 0 when neither is used).
    pub bucket: Option<i32>,
    /// Shortest character n-gram (0: none).
    pub minn: i32,
    /// Longest character n-gram (0: none).
    pub maxn: i32,
    /// Loss: softmax, hs, ns or ova.
    pub loss: LossName,
    /// Negatives sampled (loss ns).
    pub neg: i32,
    /// Learning-rate update rate.
    pub lr_update_rate: i32,
    /// Training threads (more are faster but make runs differ).
    pub thread: i32,
    /// Random seed.
    pub seed: i32,
    /// Quantize the model (the `.ftz` form) after training.
    pub quantize: bool,
    /// When quantizing: keep this many words and n-grams (0: all).
    pub cutoff: usize,
    /// When quantizing: quantize the norms separately.
    pub qnorm: bool,
    /// When quantizing: quantize the output matrix too.
    pub qout: bool,
    /// When quantizing: size of each sub-vector.
    pub dsub: usize,
    /// When quantizing with a cutoff: fine-tune the kept embeddings.
    pub retrain: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            lr: 0.1,
            dim: 100,
            epoch: 5,
            min_count: 1,
            word_ngrams: 1,
            bucket: None,
            minn: 0,
            maxn: 0,
            loss: LossName::Softmax,
            neg: 5,
            lr_update_rate: 100,
            thread: 1,
            seed: 0,
            quantize: false,
            cutoff: 0,
            qnorm: false,
            qout: false,
            dsub: 2,
            retrain: false,
        }
    }
}

/// Option names `parse` accepts, as fastText spells them.
pub const OPTION_NAMES: [&str; 19] = [
    "lr", "dim", "epoch", "minCount", "wordNgrams", "bucket", "minn", "maxn", "loss", "neg", "lrUpdateRate", "thread",
    "seed", "quantize", "cutoff", "qnorm", "qout", "dsub", "retrain",
];

fn number<T: std::str::FromStr + PartialOrd>(name: &str, value: &str, min: T) -> Result<T, String> {
    match value.parse::<T>() {
        Ok(v) if v >= min => Ok(v),
        _ => Err(format!("option {name} must be a number of at least the minimum it allows, got '{value}'")),
    }
}

fn flag(name: &str, value: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err(format!("option {name} must be true or false, got '{value}'")),
    }
}

impl TrainOptions {
    /// Parses `'name=value, …'` (names as fastText's command line spells them, any case).
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut o = Self::default();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let Some((name, value)) = item.split_once('=') else {
                return Err(format!("option '{item}' must be written name=value"));
            };
            let (name, value) = (name.trim(), value.trim());
            let Some(canonical) = OPTION_NAMES.iter().find(|n| n.eq_ignore_ascii_case(name)) else {
                return Err(format!("unknown option '{name}' (valid options: {})", OPTION_NAMES.join(", ")));
            };
            match *canonical {
                "lr" => {
                    o.lr = number(name, value, 0.0)?;
                    if o.lr <= 0.0 || !o.lr.is_finite() {
                        return Err(format!("option lr must be positive, got '{value}'"));
                    }
                }
                "dim" => o.dim = number(name, value, 1)?,
                "epoch" => o.epoch = number(name, value, 1)?,
                "minCount" => o.min_count = number(name, value, 1)?,
                "wordNgrams" => o.word_ngrams = number(name, value, 1)?,
                "bucket" => o.bucket = Some(number(name, value, 0)?),
                "minn" => o.minn = number(name, value, 0)?,
                "maxn" => o.maxn = number(name, value, 0)?,
                "loss" => {
                    o.loss = match value.to_ascii_lowercase().as_str() {
                        "softmax" => LossName::Softmax,
                        "hs" => LossName::HierarchicalSoftmax,
                        "ns" => LossName::NegativeSampling,
                        "ova" => LossName::OneVsAll,
                        _ => return Err(format!("option loss must be softmax, hs, ns or ova, got '{value}'")),
                    }
                }
                "neg" => o.neg = number(name, value, 1)?,
                "lrUpdateRate" => o.lr_update_rate = number(name, value, 1)?,
                "thread" => o.thread = number(name, value, 1)?,
                "seed" => o.seed = number(name, value, i32::MIN)?,
                "quantize" => o.quantize = flag(name, value)?,
                "cutoff" => o.cutoff = number(name, value, 0)?,
                "qnorm" => o.qnorm = flag(name, value)?,
                "qout" => o.qout = flag(name, value)?,
                "dsub" => o.dsub = number(name, value, 1)?,
                "retrain" => o.retrain = flag(name, value)?,
                _ => unreachable!("every name in OPTION_NAMES is matched"),
            }
        }
        if o.maxn > 0 && o.minn > o.maxn {
            return Err(format!("option minn ({}) must not exceed maxn ({})", o.minn, o.maxn));
        }
        if (o.cutoff > 0 || o.qnorm || o.qout || o.retrain) && !o.quantize {
            return Err("options cutoff, qnorm, qout and retrain apply only with quantize=true".to_string());
        }
        Ok(o)
    }

    /// fastText's training arguments for examples in `input`.
    pub fn args(&self, input: &Path) -> Args {
        let mut args = Args::default();
        args.word_ngrams = self.word_ngrams;
        args.apply_supervised_defaults();
        args.input = input.to_path_buf();
        args.lr = self.lr;
        args.dim = self.dim;
        args.epoch = self.epoch;
        args.min_count = self.min_count;
        args.minn = self.minn;
        args.maxn = self.maxn;
        args.loss = self.loss;
        args.neg = self.neg;
        args.lr_update_rate = self.lr_update_rate;
        args.thread = self.thread;
        args.seed = self.seed;
        args.verbose = 0;
        args.bucket = match self.bucket {
            Some(bucket) => bucket,
            None if self.word_ngrams <= 1 && self.maxn == 0 => 0,
            None => 2_000_000,
        };
        args
    }

    /// fastText's quantization arguments (`fasttext quantize`), for a model trained on `input`.
    pub fn quantize_args(&self, input: &Path) -> Args {
        let mut args = self.args(input);
        args.cutoff = self.cutoff;
        args.qnorm = self.qnorm;
        args.qout = self.qout;
        args.dsub = self.dsub;
        args.retrain = self.retrain;
        args
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_fasttext_supervised_with_one_thread() {
        let o = TrainOptions::parse("").unwrap();
        let args = o.args(Path::new("x.txt"));
        assert_eq!((args.lr, args.dim, args.epoch, args.min_count, args.word_ngrams), (0.1, 100, 5, 1, 1));
        assert_eq!((args.bucket, args.minn, args.maxn, args.thread), (0, 0, 0, 1));
        assert_eq!(args.loss, LossName::Softmax);
        let bigrams = TrainOptions::parse("wordNgrams=2").unwrap().args(Path::new("x.txt"));
        assert_eq!(bigrams.bucket, 2_000_000);
    }

    #[test]
    fn names_are_fasttext_spellings_in_any_case() {
        let o = TrainOptions::parse("EPOCH=25, wordngrams=2, loss=hs, quantize=true, cutoff=1000, qnorm=true").unwrap();
        assert_eq!((o.epoch, o.word_ngrams, o.loss, o.quantize, o.cutoff, o.qnorm), (25, 2, LossName::HierarchicalSoftmax, true, 1000, true));
    }

    #[test]
    fn bad_options_are_named() {
        assert!(TrainOptions::parse("epochs=3").unwrap_err().contains("unknown option 'epochs'"));
        assert!(TrainOptions::parse("epoch=0").unwrap_err().contains("option epoch"));
        assert!(TrainOptions::parse("loss=hinge").unwrap_err().contains("softmax, hs, ns or ova"));
        assert!(TrainOptions::parse("cutoff=10").unwrap_err().contains("quantize=true"));
        assert!(TrainOptions::parse("epoch 3").unwrap_err().contains("name=value"));
    }
}
