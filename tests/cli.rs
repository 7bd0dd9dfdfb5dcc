//! The built `siftql` binary: `-c`, `-f`, stdin scripts, formats, `--set`, exit codes, error
//! messages that name the place, and atomic `COPY`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use datafusion::parquet::basic::Compression;
use datafusion::parquet::file::reader::{FileReader, SerializedFileReader};

fn siftql() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_siftql"));
    command.current_dir(env!("CARGO_MANIFEST_DIR")).env_remove("SIFTQL_HISTORY");
    command
}

fn run(args: &[&str]) -> Output {
    siftql().args(args).output().expect("siftql runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    names.sort();
    names
}

#[test]
fn command_prints_a_table() {
    let o = run(&["-c", "SELECT 1 + 1 AS two, 'a' || 'b' AS s"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("| two | s  |"), "{out}");
    assert!(out.contains("| 2   | ab |"), "{out}");
    assert!(out.contains("1 row\n"), "{out}");
}

#[test]
fn formats() {
    let sql = "SELECT * FROM (VALUES (1, 'x'), (2, NULL)) AS t(n, s) ORDER BY n";
    assert_eq!(stdout(&run(&["--format", "csv", "-c", sql])), "n,s\n1,x\n2,\n");
    assert_eq!(stdout(&run(&["--format", "json", "-c", sql])), "[{\"n\":1,\"s\":\"x\"},{\"n\":2}]\n");
    assert_eq!(stdout(&run(&["--format", "ndjson", "-c", sql])), "{\"n\":1,\"s\":\"x\"}\n{\"n\":2}\n");
    let o = run(&["--format", "yaml", "-c", sql]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn table_output_truncates_wide_cells_and_rows() {
    let o = run(&["--max-width", "12", "--maxrows", "3", "-c", "SELECT repeat('abcdef', 10) || chr(10) AS t FROM generate_series(1, 5)"]);
    let out = stdout(&o);
    assert!(out.contains("| abcdefabcde… |"), "{out}");
    assert!(out.contains("5 rows (3 shown"), "{out}");
}

#[test]
fn script_stops_at_first_error_with_file_line_and_statement() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("after.parquet");
    let script = dir.path().join("s.sql");
    std::fs::write(
        &script,
        format!("-- a script\nSELECT 1;\n\nSELECT no_such_column\nFROM (SELECT 1 AS a);\nCOPY (SELECT 1) TO '{}';\n", marker.display()),
    )
    .unwrap();
    let o = run(&["-f", script.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&format!("error: {}:4: ", script.display())), "{err}");
    assert!(err.contains("no_such_column"), "{err}");
    assert!(err.contains("statement: SELECT no_such_column"), "{err}");
    assert!(!marker.exists(), "statements after the failure must not run");
}

#[test]
fn several_commands_and_stdin() {
    let o = run(&["--format", "csv", "-c", "SELECT 1 AS a; SELECT 2 AS b", "-c", "SELECT 3 AS c"]);
    assert_eq!(stdout(&o), "a\n1\nb\n2\nc\n3\n");
    let mut child = siftql().args(["--format", "csv"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"SELECT 40 + 2 AS answer;\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(stdout(&o), "answer\n42\n");
}

#[test]
fn variables_from_set_and_script_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("v.sql");
    std::fs::write(&script, "\\set n 3\n\\set label 'from script'\nSELECT ${n} AS n, '${label}' AS label;\n").unwrap();
    let o = run(&["--format", "csv", "-f", script.to_str().unwrap()]);
    assert_eq!(stdout(&o), "n,label\n3,from script\n", "{}", stderr(&o));
    let o = run(&["--format", "csv", "--set", "n=7", "-f", script.to_str().unwrap()]);
    assert_eq!(stdout(&o), "n,label\n7,from script\n");
    let o = run(&["-c", "SELECT ${missing}"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("undefined variable ${missing}"), "{}", stderr(&o));
    let o = run(&["--set", "bad name=1", "-c", "SELECT 1"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn backslash_commands_in_scripts() {
    let o = run(&["-c", "\\df read_"]);
    let out = stdout(&o);
    assert!(out.contains("read_jsonl(path_or_glob [, options]) (table)"), "{out}");
    assert!(out.contains("read_parquet(path_or_glob) (table)"), "{out}");
    let o = run(&["-c", "CREATE VIEW v AS SELECT 1 AS a, 'x' AS b", "-c", "\\d v"]);
    let out = stdout(&o);
    assert!(out.contains("column_name") && out.contains("| a ") && out.contains("| b "), "{out}");
    let dir = tempfile::tempdir().unwrap();
    let included = dir.path().join("inc.sql");
    std::fs::write(&included, "SELECT 'from include' AS src;\n").unwrap();
    let o = run(&["-c", "\\format csv", "-c", "\\timing on", "-c", &format!("\\i {}", included.display())]);
    assert_eq!(stdout(&o), "src\nfrom include\n", "{}", stderr(&o));
    assert!(stderr(&o).contains("Timing is on.") && stderr(&o).contains("Time: "), "{}", stderr(&o));
    let o = run(&["-c", "\\nonsense"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("unknown command \\nonsense"));
}

#[test]
fn show_functions_lists_documented_functions() {
    let o = run(&["--maxrows", "inf", "-c", "SHOW FUNCTIONS LIKE 'text_stats'"]);
    let out = stdout(&o);
    assert!(out.contains("text_stats") && out.contains("Size profile of a text"), "{out}");
}

fn copy_synthetic(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let o = run(&["-c", &format!("COPY (SELECT * FROM synthetic_corpus(3000, 1)) TO '{}'", path.display())]);
    assert!(o.status.success(), "{}", stderr(&o));
    path
}

#[test]
fn truncated_parquet_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_synthetic(dir.path(), "c.parquet");
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let o = run(&["-c", &format!("SELECT count(*) FROM read_parquet('{}')", path.display())]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&format!("read_parquet: '{}' is not a readable Parquet file", path.display())), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn corrupt_zstd_jsonl_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_synthetic(dir.path(), "c.jsonl.zst");
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let o = run(&["--batch-size", "256", "-c", &format!("SELECT count(*) FROM read_jsonl('{}')", path.display())]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&format!("read_jsonl: cannot read '{}' (zstd) at line ", path.display())), "{err}");
}

#[test]
fn skipped_lines_are_reported() {
    let o = run(&["-c", "SELECT count(*) AS n FROM read_jsonl('tests/data/malformed.jsonl', 'on_error=skip')"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("| 4 |"), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("skipped 2 malformed line(s) in 'tests/data/malformed.jsonl'; first at line 3"), "{err}");
}

#[test]
fn wrong_argument_type_is_a_clear_error() {
    let o = run(&["-c", "SELECT text_stats(id) FROM synthetic_corpus(3, 1)"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("text_stats") && !err.contains("panicked"), "{err}");
}

#[test]
fn failed_copy_leaves_no_file_and_keeps_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.parquet");
    let o = run(&["-c", &format!("COPY (SELECT * FROM read_jsonl('tests/data/malformed.jsonl', 'sample_lines=1')) TO '{}'", target.display())]);
    assert_eq!(o.status.code(), Some(1));
    assert!(files_in(dir.path()).is_empty(), "{:?}", files_in(dir.path()));

    std::fs::write(&target, b"old").unwrap();
    let o = run(&["-c", &format!("COPY (SELECT * FROM read_jsonl('tests/data/malformed.jsonl', 'sample_lines=1')) TO '{}'", target.display())]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&target).unwrap(), b"old");
    assert_eq!(files_in(dir.path()), vec!["out.parquet"]);
}

#[test]
fn copy_writes_zstd_parquet_and_compressed_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let parquet = copy_synthetic(dir.path(), "c.parquet");
    let reader = SerializedFileReader::new(std::fs::File::open(&parquet).unwrap()).unwrap();
    let column = reader.metadata().row_group(0).column(0);
    assert!(matches!(column.compression(), Compression::ZSTD(_)), "{:?}", column.compression());
    let zst = copy_synthetic(dir.path(), "c.jsonl.zst");
    assert_eq!(&std::fs::read(&zst).unwrap()[..4], &[0x28, 0xb5, 0x2f, 0xfd]);
    let gz = copy_synthetic(dir.path(), "c.jsonl.gz");
    assert_eq!(&std::fs::read(&gz).unwrap()[..2], &[0x1f, 0x8b]);
    assert_eq!(files_in(dir.path()), vec!["c.jsonl.gz", "c.jsonl.zst", "c.parquet"]);
}

#[test]
fn curate_script_runs_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("curated.parquet");
    let o = run(&["-f", "queries/curate.sql", "--set", "input=synthetic:3000", "--set", &format!("output={}", output.display())]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("documents") && out.contains("kept"), "{out}");
    assert!(out.contains("exact_duplicate") && out.contains("near_duplicate"), "{out}");
    assert!(out.contains("pct_kept") && out.contains("| eng ") && out.contains("| site "), "language and site mixtures: {out}");
    let check = run(&["--format", "csv", "-c", &format!("SELECT count(*) > 1000 AND count(*) < 3000 AS ok FROM read_parquet('{}')", output.display())]);
    assert_eq!(stdout(&check), "ok\ntrue\n", "{}", stderr(&check));
}

#[test]
fn readme_function_reference_is_current() {
    let o = run(&["--functions-markdown"]);
    let generated = stdout(&o);
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let begin = "<!-- functions:begin -->\n";
    let start = readme.find(begin).expect("README has the functions:begin marker") + begin.len();
    let end = readme.find("<!-- functions:end -->").expect("README has the functions:end marker");
    assert!(readme[start..end] == generated, "README's function reference is stale: run `cargo run --release -- --functions-markdown` and paste it between the markers");
}

#[test]
fn interrupted_copy_leaves_nothing_and_progress_stays_off_pipes() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("big.parquet");
    let child = siftql()
        .args(["-c", &format!("COPY (SELECT * FROM synthetic_corpus(100000000, 1)) TO '{}'", target.display())])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let partial: Vec<String> = files_in(dir.path());
    let killed = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("cancelled (Ctrl-C)"), "{err}");
    assert!(!err.contains("elapsed"), "progress must not go to a pipe: {err}");
    assert!(files_in(dir.path()).is_empty(), "left behind: {:?} (while running: {partial:?})", files_in(dir.path()));
    assert!(partial.iter().all(|name| name.starts_with(".big.parquet.siftql-tmp-")), "{partial:?}");
}

#[test]
fn corrupt_parquet_page_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_synthetic(dir.path(), "c.parquet");
    let mut bytes = std::fs::read(&path).unwrap();
    let (start, end) = (bytes.len() * 2 / 5, bytes.len() * 2 / 5 + 20_000);
    bytes[start..end].fill(0x5a);
    std::fs::write(&path, &bytes).unwrap();
    let o = run(&["-c", &format!("SELECT sum(length(text)) FROM read_parquet('{}')", path.display())]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains(&format!("read_parquet: cannot read '{}'", path.display())), "{err}");
}

#[test]
fn fineweb_filters_recipe_writes_kept_documents_and_counts_per_reason() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("fineweb.parquet");
    let o = run(&[
        "--format", "csv", "-f", "queries/fineweb_filters.sql", "--set", "input=synthetic:400:3", "--set",
        &format!("output={}", output.display()),
    ]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("gopher_quality,gopher_short_doc") && out.lines().any(|l| l.starts_with("kept,")), "{out}");
    let kept: usize = out.lines().find(|l| l.starts_with("kept,")).unwrap().split(',').nth(2).unwrap().parse().unwrap();
    let check = run(&["--format", "csv", "-c", &format!("SELECT count(*) FROM read_parquet('{}')", output.display())]);
    assert_eq!(stdout(&check), format!("count(*)\n{kept}\n"), "{}", stderr(&check));
}

#[test]
fn rpv2_gopher_and_ut1_recipes_run() {
    let o = run(&["--format", "csv", "-f", "queries/rpv2_gopher_rules.sql", "--set", "input=synthetic:300:3"]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    let total: usize = out.lines().skip(1).map(|l| l.split(',').nth(1).unwrap().parse::<usize>().unwrap()).sum();
    assert_eq!(total, 300, "{out}");
    assert!(out.contains("pass,") && out.contains("word_count,"), "{out}");

    let dir = tempfile::tempdir().unwrap();
    let ut1 = dir.path().join("ut1.csv");
    std::fs::write(&ut1, "domain,category\nshop.quiet-report.org,gambling\nshop.quiet-report.org,adult\nnot-in-corpus.test,porn\n").unwrap();
    let o = run(&[
        "--format", "csv", "-f", "queries/ut1_blocklist.sql", "--set", "input=synthetic:3:42", "--set",
        &format!("ut1={}", ut1.display()),
    ]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o), "ut1_categories,documents\nadult+gambling,1\n", "{}", stderr(&o));
}

#[test]
fn url_blocklist_recipe_tags_hosts_and_their_subdomains() {
    let o = run(&["--format", "csv", "-f", "queries/url_blocklist.sql", "--set", "input=synthetic:40:42"]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    assert_eq!(
        stdout(&o),
        "categories,documents\ngambling,2\nadult,1\nadult+gambling,1\nphishing,1\ndocuments,tagged\n40,5\n",
        "{}",
        stderr(&o)
    );
    let o = run(&["--format", "csv", "-f", "queries/url_blocklist.sql", "--set", "input=synthetic:40:42", "--set", "categories=adult"]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o), "categories,documents\nadult,2\ndocuments,tagged\n40,2\n", "{}", stderr(&o));
}

#[test]
fn near_dedup_recipe_keeps_one_document_per_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("near.parquet");
    let o = run(&[
        "--format", "csv", "-f", "queries/near_dedup.sql", "--set", "input=synthetic:3000:42", "--set",
        &format!("output={}", output.display()),
    ]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    let summary = out.lines().skip_while(|l| !l.starts_with("documents,kept")).nth(1).expect(&out).to_string();
    let fields: Vec<usize> = summary.split(',').map(|f| f.parse().unwrap()).collect();
    let (documents, kept, removed) = (fields[0], fields[1], fields[2]);
    assert_eq!((documents, kept + removed), (3000, 3000), "{out}");
    assert!(removed > 100, "the sample corpus has near duplicates: {out}");
    let check = run(&["--format", "csv", "-c", &format!("SELECT count(*) AS n, count(DISTINCT text_hash(text)) AS texts FROM read_parquet('{}')", output.display())]);
    assert_eq!(stdout(&check), format!("n,texts\n{kept},{kept}\n"), "{}", stderr(&check));
}

#[test]
fn exact_dedup_recipe_removes_duplicate_documents_and_lines() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("exact.parquet");
    let o = run(&[
        "--format", "csv", "-f", "queries/exact_dedup.sql", "--set", "input=synthetic:2000:42", "--set",
        &format!("output={}", output.display()),
    ]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Privacy Policy,"), "boilerplate lines are reported: {out}");
    let summary = out.lines().skip_while(|l| !l.starts_with("documents,exact_duplicates")).nth(1).expect(&out).to_string();
    let fields: Vec<usize> = summary.split(',').map(|f| f.parse().unwrap()).collect();
    assert_eq!(fields[0], 2000);
    assert_eq!(fields[1], 89, "exact duplicates by normalized words: {out}");
    assert_eq!(fields[0] - fields[1] - fields[2], fields[3], "{out}");
    let check = run(&[
        "--format", "csv", "-c",
        &format!("SELECT count(*), sum(CAST(strpos(text, 'Privacy Policy') > 0 AS INT)) FROM read_parquet('{}')", output.display()),
    ]);
    assert_eq!(stdout(&check).lines().nth(1).unwrap(), format!("{},0", fields[3]), "{}", stderr(&check));
}

#[test]
fn mixture_inference_recipe_recovers_the_fixture_mixture() {
    let o = run(&["--format", "csv", "-f", "queries/mixture_inference.sql", "--set", "samples=synthetic:1500:8", "--set", "merges=600"]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    let truth = [("prose", 0.40), ("code", 0.25), ("non_english", 0.20), ("boilerplate", 0.10), ("spam", 0.05)];
    let mut total = 0.0;
    for (category, share) in truth {
        let line = out.lines().find(|l| l.starts_with(&format!("{category},"))).expect(&out);
        let estimate: f64 = line.split(',').nth(1).unwrap().parse().unwrap();
        assert!((estimate - share).abs() < 0.05, "{category}: {estimate} vs {share}\n{out}");
        total += estimate;
    }
    assert!((total - 1.0).abs() < 1e-3, "{out}");
    let solve_line = |out: &str| -> Vec<String> {
        let line = out.lines().skip_while(|l| !l.starts_with("merges_used,")).nth(1).expect(out);
        line.split(',').map(str::to_string).collect()
    };
    let exact = solve_line(&out);
    assert!(exact[..2] == ["600", "0"] && exact[4] == "true" && exact[5].parse::<f64>() == Ok(0.0), "{out}");
    // max_gap: converged once the gap is that small, in fewer rounds
    let o = run(&[
        "--format", "csv", "-f", "queries/mixture_inference.sql", "--set", "samples=synthetic:1500:8", "--set", "merges=600",
        "--set", "max_gap=0.5",
    ]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let stopped = solve_line(&stdout(&o));
    let rounds = |s: &[String]| s[3].parse::<u64>().unwrap();
    let gap: f64 = stopped[5].parse().unwrap();
    assert!(stopped[4] == "true" && gap <= 0.5 && rounds(&stopped) < rounds(&exact), "{stopped:?} {exact:?}");
}

#[test]
fn token_counts_recipe_counts_tokens_per_group() {
    let o = run(&["--format", "csv", "-f", "queries/token_counts.sql", "--set", "input=synthetic:300:42"]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    let groups: Vec<&str> = out.lines().skip(1).take_while(|l| !l.starts_with("documents,")).collect();
    assert_eq!(groups.len(), 9, "{out}");
    let sum: u64 = groups.iter().map(|l| l.split(',').nth(2).unwrap().parse::<u64>().unwrap()).sum();
    let total = out.lines().skip_while(|l| !l.starts_with("documents,tokens")).nth(1).expect(&out).to_string();
    let fields: Vec<u64> = total.split(',').map(|f| f.parse().unwrap()).collect();
    assert_eq!((fields[0], fields[1]), (300, sum), "{out}");
    let check = run(&[
        "--format", "csv", "-c",
        "SELECT sum(cardinality(bpe_tokenize(text, 'tests/data/mixture/synthetic_mix.tokenizer.json'))) AS n FROM read_corpus('synthetic:300:42')",
    ]);
    assert_eq!(stdout(&check), format!("n\n{sum}\n"), "{}", stderr(&check));
}

#[test]
fn train_domain_classifier_recipe_trains_saves_and_tags() {
    let dir = tempfile::tempdir().unwrap();
    let (model, output) = (dir.path().join("kinds.ftz"), dir.path().join("tagged.parquet"));
    let o = run(&[
        "--format", "csv", "-f", "queries/train_domain_classifier.sql", "--set", &format!("model={}", model.display()), "--set",
        &format!("output={}", output.display()),
    ]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    let per_label: Vec<(usize, f64)> = out
        .lines()
        .skip_while(|l| !l.starts_with("label,documents,accuracy"))
        .skip(1)
        .take_while(|l| !l.is_empty() && !l.starts_with("model_bytes"))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[1].parse().unwrap(), f[2].parse().unwrap())
        })
        .collect();
    assert_eq!(per_label.len(), 9, "one row per synthetic kind: {out}");
    let held_out: usize = per_label.iter().map(|(n, _)| n).sum();
    let accuracy = per_label.iter().map(|(n, a)| *n as f64 * a).sum::<f64>() / held_out as f64;
    assert!((450..750).contains(&held_out) && accuracy > 0.85, "{held_out} held out, accuracy {accuracy}: {out}");
    let check = run(&["--format", "csv", "-c", &format!(
        "SELECT count(*) AS n, count(domain) AS tagged, sum(CASE WHEN domain = ft_label('{}', text) THEN 1 ELSE 0 END) AS same FROM read_parquet('{}')",
        model.display(), output.display())]);
    assert_eq!(stdout(&check), "n,tagged,same\n2000,2000,2000\n", "{}", stderr(&check));
}
