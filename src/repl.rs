//! The interactive shell on rustyline: multi-line statements ending at `;`, persistent history,
//! completion of keywords, tables, columns, functions and backslash commands.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use datafusion::arrow::array::AsArray;
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::FileHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Editor, Helper};

use crate::exec::{Failure, Flow, Runner};
use crate::meta::COMMANDS;
use siftql::script::{Item, split};

/// SQL keywords offered by completion.
const KEYWORDS: &[&str] = &[
    "SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "HAVING", "LIMIT", "OFFSET", "JOIN", "LEFT", "RIGHT", "FULL",
    "INNER", "OUTER", "CROSS", "ON", "USING", "AS", "AND", "OR", "NOT", "IN", "IS", "NULL", "LIKE", "ILIKE", "BETWEEN",
    "CASE", "WHEN", "THEN", "ELSE", "END", "DISTINCT", "UNION", "ALL", "EXCEPT", "INTERSECT", "WITH", "CREATE",
    "EXTERNAL", "TABLE", "VIEW", "DROP", "IF", "EXISTS", "STORED", "LOCATION", "OPTIONS", "PARTITIONED", "COPY", "TO",
    "INSERT", "INTO", "VALUES", "EXPLAIN", "ANALYZE", "DESCRIBE", "SHOW", "TABLES", "COLUMNS", "FUNCTIONS", "SET",
    "PARQUET", "JSON", "CSV", "ASC", "DESC", "NULLS", "FIRST", "LAST", "OVER", "PARTITION", "ROWS", "UNNEST", "CAST",
    "TRUE", "FALSE", "COUNT", "SUM", "AVG", "MIN", "MAX",
];

/// Where history is kept: `$SIFTQL_HISTORY`, else `$XDG_STATE_HOME/siftql/history`, else
/// `~/.local/state/siftql/history`.
pub fn history_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SIFTQL_HISTORY") {
        return Some(PathBuf::from(path));
    }
    let state = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))?;
    Some(state.join("siftql").join("history"))
}

/// The rustyline helper: completion from a name list refreshed after each statement, and
/// validation that keeps reading until the statement ends with `;`.
struct ShellHelper {
    names: Arc<Mutex<Vec<String>>>,
}

fn word_start(line: &str, pos: usize) -> usize {
    line[..pos]
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '\\'))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

impl Completer for ShellHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let start = word_start(line, pos);
        let word = &line[start..pos];
        if word.is_empty() {
            return Ok((start, Vec::new()));
        }
        let lower = word.to_ascii_lowercase();
        let mut out: Vec<Pair> = Vec::new();
        let mut push = |candidate: String| {
            if !out.iter().any(|p| p.replacement == candidate) {
                out.push(Pair { display: candidate.clone(), replacement: candidate });
            }
        };
        if word.starts_with('\\') {
            for (command, _) in COMMANDS {
                let name = command.split_whitespace().next().unwrap_or(command);
                if name.starts_with(word) {
                    push(name.to_string());
                }
            }
            return Ok((start, out));
        }
        let upper = word.chars().next().is_some_and(|c| c.is_ascii_uppercase());
        for keyword in KEYWORDS {
            if keyword.to_ascii_lowercase().starts_with(&lower) {
                push(if upper { keyword.to_string() } else { keyword.to_ascii_lowercase() });
            }
        }
        if let Ok(names) = self.names.lock() {
            for name in names.iter().filter(|n| n.to_ascii_lowercase().starts_with(&lower)) {
                push(name.clone());
            }
        }
        Ok((start, out))
    }
}

impl Validator for ShellHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        let (_, tail) = split(ctx.input());
        Ok(if tail.is_some() { ValidationResult::Incomplete } else { ValidationResult::Valid(None) })
    }
}

impl Hinter for ShellHelper {
    type Hint = String;
}

impl Highlighter for ShellHelper {}

impl Helper for ShellHelper {}

/// Tables, views, their columns and every function name, for completion.
async fn catalog_names(runner: &Runner) -> Vec<String> {
    let state = runner.ctx.state();
    let mut names: Vec<String> = state.scalar_functions().keys().cloned().collect();
    names.extend(state.aggregate_functions().keys().cloned());
    names.extend(state.window_functions().keys().cloned());
    names.extend(state.table_functions().keys().cloned());
    let query = "SELECT table_name AS name FROM information_schema.tables WHERE table_schema <> 'information_schema' \
                 UNION SELECT column_name FROM information_schema.columns WHERE table_schema <> 'information_schema'";
    if let Ok(frame) = runner.ctx.sql(query).await
        && let Ok(batches) = frame.collect().await
    {
        for batch in batches {
            let column = batch.column(0);
            if let Some(values) = column.as_string_opt::<i32>() {
                names.extend(values.iter().flatten().map(str::to_string));
            } else if let Some(values) = column.as_string_view_opt() {
                names.extend(values.iter().flatten().map(str::to_string));
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// Runs the interactive shell until `\q` or Ctrl-D.
pub fn run(runtime: &tokio::runtime::Runtime, runner: &mut Runner) -> rustyline::Result<()> {
    let names = Arc::new(Mutex::new(runtime.block_on(catalog_names(runner))));
    let mut editor: Editor<ShellHelper, FileHistory> = Editor::new()?;
    editor.set_helper(Some(ShellHelper { names: Arc::clone(&names) }));
    let history = history_path();
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    println!("siftql {} on DataFusion. \\? for help, \\df for siftql's functions, \\q to quit.", env!("CARGO_PKG_VERSION"));
    loop {
        match editor.readline("siftql> ") {
            Ok(line) => {
                if line.trim().is_empty() {
                    continue;
                }
                let _ = editor.add_history_entry(line.as_str());
                if let Some(path) = &history {
                    if let Some(dir) = path.parent() {
                        let _ = std::fs::create_dir_all(dir);
                    }
                    let _ = editor.save_history(path);
                }
                let (mut items, tail) = split(&line);
                items.extend(tail);
                for item in &items {
                    match runtime.block_on(runner.run_item(item)) {
                        Ok(Flow::Continue) => {}
                        Ok(Flow::Quit) => return Ok(()),
                        Err(Failure::Cancelled) => {
                            eprintln!("Query cancelled.");
                            break;
                        }
                        Err(Failure::Error(e)) => {
                            eprintln!("error: {e}");
                            break;
                        }
                    }
                }
                if items.iter().any(|i| matches!(i, Item::Sql { .. })) {
                    let fresh = runtime.block_on(catalog_names(runner));
                    if let Ok(mut guard) = names.lock() {
                        *guard = fresh;
                    }
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => return Ok(()),
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_word_boundaries() {
        assert_eq!(word_start("SELECT te", 9), 7);
        assert_eq!(word_start("\\d", 2), 0);
        assert_eq!(word_start("f(read_js", 9), 2);
    }
}
