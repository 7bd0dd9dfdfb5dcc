//! fastText classifiers against C++ fastText:
//! - the official `lid.176.ftz` (quantized, hierarchical softmax) gives C++ fastText 0.9.2's
//!   labels and probabilities on our sentences (`tests/data/fasttext/lid176_golden.txt`, from
//!   `fasttext predict-prob lid.176.ftz lid_sentences.txt 3`; the model is fetched by
//!   `tests/tools/fetch_fasttext_models.sh`, and the test is skipped with a notice without it);
//! - models trained by the C++ CLI (softmax, hs, ova, ns, n-grams, quantized) predict the same
//!   here, and models trained by `ft_train` predict the same in the C++ CLI (both skipped with a
//!   notice when the `fasttext` command, Debian package `fasttext`, is missing);
//! - `ft_train` in SQL learns the synthetic corpus's kinds, and gives the same model for any
//!   partitioning.

mod common;

use std::path::{Path, PathBuf};

use datafusion::arrow::array::AsArray;
use datafusion::prelude::{SessionConfig, SessionContext};
use siftql_udfs::domain::fasttext_model::{Model, write_example};
use siftql_udfs::domain::lang_detect::{AllowList, LangModel};
use siftql_udfs::domain::scripts::ScriptCounts;

use common::{cpp_fasttext, lid176, parse_predictions, run_fasttext, write_texts};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Asserts our predictions equal C++'s: same labels in the same order, probabilities equal to
/// the 6 significant digits C++ prints or within `tolerance` (1e-6 covers float rounding in the
/// dot products). Ties closer than that may come in either order.
fn assert_same(model: &Model, texts: &[String], expected: &[Vec<(String, f64)>], k: usize, what: &str, tolerance: f64) {
    assert_eq!(texts.len(), expected.len(), "{what}: line counts");
    for (i, (text, want)) in texts.iter().zip(expected).enumerate() {
        let got = model.predict(text, k, 0.0);
        assert_eq!(got.len(), want.len(), "{what}: line {}: {got:?} vs {want:?}", i + 1);
        for (j, (g, (label, prob))) in got.iter().zip(want).enumerate() {
            let close = (f64::from(g.prob) - prob).abs() <= (1e-5 * prob.abs()).max(tolerance);
            assert!(close, "{what}: line {} rank {}: prob {} vs C++ {prob} ({got:?})", i + 1, j + 1, g.prob);
            let same = |p: f64| (p - prob).abs() <= (1e-5 * prob.abs()).max(tolerance);
            let tie = j + 1 == want.len() || want.iter().enumerate().any(|(m, (_, p))| m != j && same(*p));
            assert!(&g.label == label || tie, "{what}: line {} rank {}: {} vs C++ {label} ({got:?} vs {want:?})", i + 1, j + 1, g.label);
        }
    }
}

#[test]
fn lid176_gives_cpp_fasttext_labels_and_probabilities() {
    let Some(path) = lid176() else { return };
    let model = Model::from_path(&path).unwrap();
    let dir = repo().join("tests/data/fasttext");
    let sentences: Vec<String> = std::fs::read_to_string(dir.join("lid_sentences.txt")).unwrap().lines().map(String::from).collect();
    let golden = parse_predictions(&std::fs::read_to_string(dir.join("lid176_golden.txt")).unwrap());
    assert_same(&model, &sentences, &golden, 3, "lid.176.ftz", 1e-6);
    let top: Vec<String> = sentences[..8].iter().map(|s| model.predict(s, 1, 0.0)[0].label.clone()).collect();
    assert_eq!(top, ["en", "en", "fr", "fr", "de", "de", "ru", "ru"]);
    assert_eq!(model.labels().len(), 176);
    let lid = LangModel::from_name(path.to_str().unwrap()).unwrap();
    let mut scripts = ScriptCounts::default();
    let ids: Vec<String> = sentences[..8].iter().map(|s| lid.identify(s, None, &mut scripts).unwrap().lang).collect();
    assert_eq!(ids, ["eng", "eng", "fra", "fra", "deu", "deu", "rus", "rus"]);
    let allow = AllowList::parse("de, nl").unwrap();
    assert_eq!(lid.identify(&sentences[0], Some(&allow), &mut scripts).unwrap().lang, "nld", "English's best allowed rival");
}

/// Labelled lines (`__label__KIND text`) and bare texts of the synthetic corpus.
async fn synthetic_examples(n: usize, seed: u64) -> (Vec<u8>, Vec<String>, Vec<String>) {
    let ctx = SessionContext::new();
    siftql_udfs::register_all(&ctx).unwrap();
    let batches = ctx.sql(&format!("SELECT kind, text FROM synthetic_corpus({n}, {seed}) ORDER BY id")).await.unwrap().collect().await.unwrap();
    let (mut lines, mut kinds, mut texts) = (Vec::new(), Vec::new(), Vec::new());
    for batch in batches {
        let (k, t) = (batch.column(0).as_string::<i32>(), batch.column(1).as_string::<i32>());
        for row in 0..batch.num_rows() {
            write_example(&mut lines, k.value(row), t.value(row)).unwrap();
            kinds.push(k.value(row).to_string());
            texts.push(t.value(row).replace(['\n', '\r'], " "));
        }
    }
    (lines, kinds, texts)
}

#[tokio::test]
async fn cpp_trained_models_predict_the_same() {
    if !cpp_fasttext() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (train, _, _) = synthetic_examples(1500, 11).await;
    let (_, _, test) = synthetic_examples(200, 12).await;
    let train_path = dir.path().join("train.txt");
    std::fs::write(&train_path, &train).unwrap();
    let test_path = dir.path().join("test.txt");
    write_texts(&test_path, &test);
    let configs: [(&str, &[&str]); 5] = [
        ("softmax", &["-loss", "softmax"]),
        ("hs", &["-loss", "hs"]),
        ("ova", &["-loss", "ova"]),
        ("ns", &["-loss", "ns"]),
        ("bigrams-subwords", &["-wordNgrams", "2", "-minn", "2", "-maxn", "4", "-bucket", "50000", "-loss", "hs"]),
    ];
    for (name, extra) in configs {
        let output = dir.path().join(name);
        let output = output.to_str().unwrap();
        let mut args = vec!["supervised", "-input", train_path.to_str().unwrap(), "-output", output, "-thread", "1", "-epoch", "5", "-dim", "20", "-verbose", "0"];
        args.extend_from_slice(extra);
        run_fasttext(&args);
        let bin = format!("{output}.bin");
        let expected = parse_predictions(&run_fasttext(&["predict-prob", &bin, test_path.to_str().unwrap(), "3"]));
        assert_same(&Model::from_path(Path::new(&bin)).unwrap(), &test, &expected, 3, &format!("{name}.bin"), 1e-6);
        run_fasttext(&["quantize", "-input", train_path.to_str().unwrap(), "-output", output, "-qnorm", "-cutoff", "2000", "-verbose", "0"]);
        let ftz = format!("{output}.ftz");
        let expected = parse_predictions(&run_fasttext(&["predict-prob", &ftz, test_path.to_str().unwrap(), "3"]));
        assert_same(&Model::from_path(Path::new(&ftz)).unwrap(), &test, &expected, 3, &format!("{name}.ftz"), 1e-6);
    }
}

async fn train_in_sql(partitions: usize, options: &str) -> Vec<u8> {
    let ctx = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(partitions).with_batch_size(300));
    siftql_udfs::register_all(&ctx).unwrap();
    let sql = format!("SELECT ft_train(kind, text, '{options}') FROM synthetic_corpus(1500, 11)");
    let batches = ctx.sql(&sql).await.unwrap().collect().await.unwrap();
    batches[0].column(0).as_binary::<i32>().value(0).to_vec()
}

#[tokio::test]
async fn sql_trained_models_learn_and_load_in_cpp() {
    let (_, kinds, test) = synthetic_examples(400, 12).await;
    for options in ["epoch=25, lr=0.5, dim=20", "epoch=25, lr=0.5, dim=20, wordNgrams=2, loss=hs, quantize=true, qnorm=true, cutoff=2000"] {
        let bytes = train_in_sql(1, options).await;
        assert_eq!(bytes, train_in_sql(3, options).await, "{options}: the model depends on partitioning");
        let model = Model::from_bytes(&bytes).unwrap();
        let right = test.iter().zip(&kinds).filter(|(t, k)| model.predict(t, 1, 0.0)[0].label == **k).count();
        let accuracy = right as f64 / test.len() as f64;
        println!("ft_train '{options}': accuracy {accuracy:.3} on {} held-out synthetic documents", test.len());
        assert!(accuracy > 0.9, "{options}: accuracy {accuracy}");
        if cpp_fasttext() {
            let dir = tempfile::tempdir().unwrap();
            let (model_path, test_path) = (dir.path().join("model.bin"), dir.path().join("test.txt"));
            std::fs::write(&model_path, &bytes).unwrap();
            write_texts(&test_path, &test);
            let expected = parse_predictions(&run_fasttext(&["predict-prob", model_path.to_str().unwrap(), test_path.to_str().unwrap(), "2"]));
            assert_same(&model, &test, &expected, 2, options, 1e-6);
            let cpp = cpp_accuracy(dir.path(), options, &kinds, &test).await;
            println!("C++ fastText, same examples and hyper-parameters: accuracy {cpp:.3}");
            assert!(accuracy >= cpp - 0.02, "{options}: {accuracy} vs C++ {cpp}");
        }
    }
}

/// Accuracy of C++ fastText trained on the same examples with the options of `options`.
async fn cpp_accuracy(dir: &Path, options: &str, kinds: &[String], test: &[String]) -> f64 {
    let (train, _, _) = synthetic_examples(1500, 11).await;
    let train_path = dir.join("train.txt");
    std::fs::write(&train_path, &train).unwrap();
    let output = dir.join("cpp");
    let (train_str, output_str) = (train_path.to_str().unwrap(), output.to_str().unwrap());
    let mut args = vec!["supervised", "-input", train_str, "-output", output_str, "-thread", "1", "-epoch", "25", "-lr", "0.5", "-dim", "20", "-verbose", "0"];
    if options.contains("loss=hs") {
        args.extend(["-wordNgrams", "2", "-loss", "hs"]);
    }
    run_fasttext(&args);
    let mut model = format!("{output_str}.bin");
    if options.contains("quantize=true") {
        run_fasttext(&["quantize", "-input", train_str, "-output", output_str, "-qnorm", "-cutoff", "2000", "-verbose", "0"]);
        model = format!("{output_str}.ftz");
    }
    let test_path = dir.join("test.txt");
    let predicted = parse_predictions(&run_fasttext(&["predict", &model, test_path.to_str().unwrap(), "1"]).replace('\n', " 1\n"));
    let right = predicted.iter().zip(kinds).filter(|(p, k)| p[0].0 == **k).count();
    assert_eq!(predicted.len(), test.len());
    right as f64 / test.len() as f64
}

#[test]
fn bad_models_and_labels_are_errors() {
    assert!(Model::from_bytes(b"not a model").unwrap_err().contains("not a fastText model"));
    assert!(Model::from_path(Path::new("/nonexistent/m.bin")).unwrap_err().contains("cannot read"));
    let mut out = Vec::new();
    assert!(write_example(&mut out, "two words", "x").unwrap_err().contains("white space"));
    assert!(write_example(&mut out, "", "x").unwrap_err().contains("empty"));
    write_example(&mut out, "a", "line one\nline two\r\n").unwrap();
    assert_eq!(out, b"__label__a line one line two  \n");
}
