//! `near_duplicates` end to end: identical results for any partitioning and input order,
//! the edge cases of the issue (NULL, empty and one-word texts, a 10 MB document, a corpus of
//! identical documents), and candidate quality against exact shingle Jaccard on real text
//! (`shared/data/spdx-license-texts` and `bbc-news-5class`, skipped with a notice when absent)
//! and on the synthetic corpus's recorded duplicates.

mod common;

use std::collections::HashMap;
use std::io::BufRead;
use std::path::PathBuf;

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{Int64Type, UInt64Type};
use datafusion::prelude::{SessionConfig, SessionContext};
use siftql_udfs::minhash::exact::{jaccard_of_sorted, shingle_set};
use siftql_udfs::minhash::shingles::{Normalization, Shingler};

use common::shared_data;

const THRESHOLD: f64 = 0.8;

fn context(partitions: usize) -> SessionContext {
    let ctx = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(partitions).with_batch_size(512));
    siftql_udfs::register_all(&ctx).unwrap();
    ctx
}

async fn rows(ctx: &SessionContext, sql: &str) -> Vec<RecordBatch> {
    ctx.sql(sql).await.unwrap().collect().await.unwrap()
}

/// (id, cluster_id, cluster_size, keep) of a query over an Int64 id.
async fn clusters(ctx: &SessionContext, sql: &str) -> Vec<(i64, i64, u64, bool)> {
    let mut out = Vec::new();
    for b in rows(ctx, sql).await {
        let (id, cluster) = (b.column(0).as_primitive::<Int64Type>(), b.column(1).as_primitive::<Int64Type>());
        let (size, keep) = (b.column(2).as_primitive::<UInt64Type>(), b.column(3).as_boolean());
        for i in 0..b.num_rows() {
            out.push((id.value(i), cluster.value(i), size.value(i), keep.value(i)));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_do_not_depend_on_partitioning_or_order() {
    let query = |order: &str| {
        format!(
            "SELECT id, cluster_id, cluster_size, keep FROM near_duplicates(\
             'SELECT id, text FROM synthetic_corpus(6000, 7) {order}', 'id', 'text', 0.8, 128, 5, 'exact') ORDER BY id"
        )
    };
    let reference = clusters(&context(1), &query("")).await;
    assert_eq!(reference.len(), 6000);
    assert!(reference.iter().filter(|r| !r.3).count() > 100, "the corpus has near duplicates");
    for (partitions, order) in [(4, ""), (3, "ORDER BY md5(text)"), (2, "ORDER BY id DESC")] {
        assert_eq!(clusters(&context(partitions), &query(order)).await, reference, "{partitions} partitions, {order}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edge_cases() {
    let ctx = context(2);
    let big = "lorem ipsum dolor sit amet consectetur ".repeat(10 << 20 >> 5);
    let sql = format!(
        "SELECT * FROM near_duplicates('VALUES (1, NULL), (2, ''''), (3, ''word''), (4, ''word''), (5, ''!!''), \
         (6, ''{big}''), (7, ''{big}''), (8, ''other words entirely here now'')', 'column1', 'column2', 0.8, 128, 5, 'exact') ORDER BY id"
    );
    let got = clusters(&ctx, &sql).await;
    assert!(big.len() >= 10 << 20);
    assert_eq!(
        got,
        [
            (1, 1, 1, true),
            (2, 2, 1, true),
            (3, 3, 2, true),
            (4, 3, 2, false),
            (5, 5, 1, true),
            (6, 6, 2, true),
            (7, 6, 2, false),
            (8, 8, 1, true),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identical_corpus_is_one_cluster() {
    let ctx = context(2);
    for verify in ["'none'", "'estimate'", "'exact'"] {
        let sql = format!(
            "SELECT count(*), count(DISTINCT cluster_id), sum(CAST(keep AS INT)), min(cluster_size) FROM near_duplicates(\
             'SELECT value AS id, ''the same five words again and again'' AS text FROM generate_series(1, 200000)', \
             'id', 'text', 0.8, 128, 5, {verify}, 'longest')"
        );
        let b = &rows(&ctx, &sql).await[0];
        let v = |c: usize| b.column(c).as_primitive::<Int64Type>().value(0);
        assert_eq!((v(0), v(1), v(2)), (200_000, 1, 1), "verify {verify}");
        assert_eq!(b.column(3).as_primitive::<UInt64Type>().value(0), 200_000);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_a_clear_error() {
    let ctx = context(2);
    let err = |sql: &'static str| {
        let ctx = ctx.clone();
        async move {
            match ctx.sql(sql).await {
                Err(e) => e.to_string(),
                Ok(df) => df.collect().await.unwrap_err().to_string(),
            }
        }
    };
    assert!(err("SELECT * FROM near_duplicates('VALUES (1, ''a''), (1, ''b'')', 'column1', 'column2')").await.contains("the value 1 more than once"));
    assert!(err("SELECT * FROM near_duplicates('VALUES (1, ''a'')', 'id', 'column2')").await.contains("no column 'id'"));
    assert!(err("SELECT * FROM near_duplicates('VALUES (1, 2)', 'column1', 'column2')").await.contains("must be a string"));
    assert!(err("SELECT * FROM near_duplicates('VALUES (1, ''a'')', 'column1', 'column2', 1.5)").await.contains("threshold"));
    assert!(err("SELECT * FROM near_duplicates('VALUES (1, ''a'')', 'column1', 'column2', 0.8, 128, 5, 'maybe')").await.contains("verify"));
    assert!(err("SELECT * FROM near_duplicates('VALUES (1, ''a'')', 'column1', 'column2', 0.8, 128, 5, true, 'min_id', 20, 8)").await.contains("bands"));
    assert!(err("SELECT * FROM near_duplicates('no_such_table', 'id', 'text')").await.contains("no_such_table"));
    // Exact verification reads the input twice; an input that changes between scans is an error.
    let changing = err(
        "SELECT * FROM near_duplicates('SELECT id, text FROM synthetic_corpus(3000, 42) WHERE random() < 0.6', \
         'id', 'text', 0.8, 128, 5, 'exact')",
    )
    .await;
    assert!(changing.contains("scan"), "{changing}");
}

fn shingle_sets(texts: &[String]) -> Vec<Vec<u64>> {
    let mut shingler = Shingler::default();
    texts
        .iter()
        .map(|t| {
            shingler.load(t, Normalization::Words);
            let mut set = Vec::new();
            shingle_set(&shingler, 5, &mut set);
            set
        })
        .collect()
}

/// All pairs (i < j) with exact Jaccard ≥ THRESHOLD, by brute force with a size filter.
fn truth_pairs(sets: &[Vec<u64>]) -> Vec<(usize, usize)> {
    let mut by_size: Vec<usize> = (0..sets.len()).filter(|&i| !sets[i].is_empty()).collect();
    by_size.sort_by_key(|&i| sets[i].len());
    let mut pairs = Vec::new();
    for (x, &i) in by_size.iter().enumerate() {
        for &j in &by_size[x + 1..] {
            if (sets[i].len() as f64) < THRESHOLD * sets[j].len() as f64 {
                break;
            }
            if jaccard_of_sorted(&sets[i], &sets[j]) >= THRESHOLD - 1e-12 {
                pairs.push((i.min(j), i.max(j)));
            }
        }
    }
    pairs
}

/// Recall of `truth` pairs (same cluster) and the share of all same-cluster pairs with exact
/// J ≥ threshold (lower than the links' precision: clusters are transitive), from `cluster_of[i]`.
fn score(sets: &[Vec<u64>], truth: &[(usize, usize)], cluster_of: &[i64]) -> (f64, f64) {
    let found = truth.iter().filter(|&&(a, b)| cluster_of[a] == cluster_of[b]).count();
    let mut members: HashMap<i64, Vec<usize>> = HashMap::new();
    for (doc, &c) in cluster_of.iter().enumerate() {
        members.entry(c).or_default().push(doc);
    }
    let (mut pairs, mut good) = (0usize, 0usize);
    for m in members.values() {
        for (x, &a) in m.iter().enumerate() {
            for &b in &m[x + 1..] {
                pairs += 1;
                good += (jaccard_of_sorted(&sets[a], &sets[b]) >= THRESHOLD - 1e-12) as usize;
            }
        }
    }
    let recall = if truth.is_empty() { 1.0 } else { found as f64 / truth.len() as f64 };
    let precision = if pairs == 0 { 1.0 } else { good as f64 / pairs as f64 };
    (recall, precision)
}

/// Texts of a JSONL file, in line order.
fn texts_of(path: &PathBuf) -> Vec<String> {
    std::io::BufReader::new(std::fs::File::open(path).unwrap())
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(&l.unwrap()).unwrap()["text"].as_str().unwrap().to_string())
        .collect()
}

/// The file's texts numbered from 0 in line order (`split_bytes=0`: the file is read whole, in
/// order, whatever the partitions).
fn numbered(path: &PathBuf) -> String {
    format!(
        "SELECT CAST(row_number() OVER () AS BIGINT) - 1 AS id, text FROM read_jsonl(''{}'', ''split_bytes=0'')",
        path.display()
    )
}

async fn cluster_of_lines(path: &PathBuf, n: usize) -> Vec<i64> {
    let sql = format!(
        "SELECT id, cluster_id, cluster_size, keep FROM near_duplicates('{}', 'id', 'text', {THRESHOLD}, 128, 5, 'exact')",
        numbered(path)
    );
    let mut cluster_of = vec![-1; n];
    for (id, cluster, _, _) in clusters(&context(1), &sql).await {
        cluster_of[id as usize] = cluster;
    }
    cluster_of
}

/// Precision of the linked pairs of `near_duplicate_pairs` (exact J ≥ threshold), checking
/// that its reported Jaccard is the exact one.
async fn link_precision(sql: &str, sets: &[Vec<u64>]) -> (usize, f64) {
    let (mut links, mut good) = (0usize, 0usize);
    for b in rows(&context(2), sql).await {
        let (a, c, j) = (b.column(0).as_primitive::<Int64Type>(), b.column(1).as_primitive::<Int64Type>(), b.column(2));
        let j = j.as_primitive::<datafusion::arrow::datatypes::Float64Type>();
        for i in 0..b.num_rows() {
            let exact = jaccard_of_sorted(&sets[a.value(i) as usize], &sets[c.value(i) as usize]);
            assert!(a.value(i) < c.value(i));
            assert!((j.value(i) - exact).abs() < 1e-12, "reported {} vs exact {exact}", j.value(i));
            links += 1;
            good += (exact >= THRESHOLD - 1e-12) as usize;
        }
    }
    (links, if links == 0 { 1.0 } else { good as f64 / links as f64 })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quality_on_real_near_duplicates() {
    for file in ["spdx-license-texts/spdx_licenses.jsonl", "bbc-news-5class/bbc.jsonl"] {
        let Some(path) = shared_data(file) else { continue };
        let texts = texts_of(&path);
        let sets = shingle_sets(&texts);
        let truth = truth_pairs(&sets);
        let cluster_of = cluster_of_lines(&path, texts.len()).await;
        let (recall, cluster_precision) = score(&sets, &truth, &cluster_of);
        let pairs_sql = format!(
            "SELECT * FROM near_duplicate_pairs('{}', 'id', 'text', {THRESHOLD}, 128, 5, 'exact')",
            numbered(&path)
        );
        let (links, precision) = link_precision(&pairs_sql, &sets).await;
        println!(
            "{file}: {} docs, {} pairs with J >= {THRESHOLD}: recall {recall:.4}; {links} links, precision {precision:.4}; \
             same-cluster pairs with J >= {THRESHOLD}: {cluster_precision:.4}",
            texts.len(),
            truth.len()
        );
        assert!(recall >= 0.95, "{file}: recall {recall}");
        assert!(precision >= 0.99, "{file}: precision {precision}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quality_on_synthetic_recorded_duplicates() {
    let ctx = context(2);
    let docs = rows(&ctx, "SELECT id, text, dup_of FROM synthetic_corpus(20000, 42) ORDER BY id").await;
    let (mut texts, mut dup_of) = (Vec::new(), Vec::new());
    for b in &docs {
        let (text, dup) = (b.column(1).as_string::<i32>(), b.column(2).as_primitive::<Int64Type>());
        for i in 0..b.num_rows() {
            texts.push(text.value(i).to_string());
            dup_of.push((!dup.is_null(i)).then(|| dup.value(i) as usize));
        }
    }
    let sets = shingle_sets(&texts);
    let truth: Vec<(usize, usize)> = dup_of
        .iter()
        .enumerate()
        .filter_map(|(d, o)| o.map(|o| (o.min(d), o.max(d))))
        .filter(|&(a, b)| !sets[a].is_empty() && jaccard_of_sorted(&sets[a], &sets[b]) >= THRESHOLD - 1e-12)
        .collect();
    let sql = "SELECT id, cluster_id, cluster_size, keep FROM near_duplicates(\
               'SELECT id, text FROM synthetic_corpus(20000, 42)', 'id', 'text', 0.8, 128, 5, 'exact')";
    let mut cluster_of = vec![-1; texts.len()];
    for (id, cluster, _, _) in clusters(&ctx, sql).await {
        cluster_of[id as usize] = cluster;
    }
    let (recall, cluster_precision) = score(&sets, &truth, &cluster_of);
    let pairs_sql = "SELECT * FROM near_duplicate_pairs('SELECT id, text FROM synthetic_corpus(20000, 42)', 'id', 'text', 0.8, 128, 5, 'exact')";
    let (links, precision) = link_precision(pairs_sql, &sets).await;
    println!(
        "synthetic 20000/42: {} recorded pairs with J >= {THRESHOLD}: recall {recall:.4}; {links} links, precision {precision:.4}; \
         same-cluster pairs with J >= {THRESHOLD}: {cluster_precision:.4}",
        truth.len()
    );
    assert!(truth.len() > 500);
    assert!(recall >= 0.95, "recall {recall}");
    assert!(precision >= 0.99, "precision {precision}");
}
