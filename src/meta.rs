//! Backslash commands of the REPL and scripts.

use std::path::Path;

use siftql_udfs::{FunctionDoc, function_docs};

use crate::exec::{Failure, Flow, Runner};
use siftql::output::Format;
use siftql::script::Item;
use siftql::vars::parse_set;

/// The commands, for help and completion.
pub const COMMANDS: [(&str, &str); 12] = [
    ("\\?", "show this help"),
    ("\\d", "list tables and views"),
    ("\\d NAME", "show the columns of a table, view or table function call"),
    ("\\df [PATTERN]", "list siftql functions matching PATTERN (one match: full documentation)"),
    ("\\timing [on|off]", "show each statement's elapsed time"),
    ("\\format table|csv|json|ndjson", "set the result format"),
    ("\\maxrows N|inf", "rows shown in table format"),
    ("\\i FILE", "run the statements in FILE"),
    ("\\set [NAME VALUE]", "set a ${NAME} variable (--set on the command line wins), or list them"),
    ("\\unset NAME", "remove a variable"),
    ("\\q", "quit (Ctrl-D also quits; Ctrl-C cancels the running query)"),
    ("\\help", "same as \\?"),
];

fn help() -> String {
    let mut out = String::from("siftql: SQL (DataFusion dialect) ending with ';', and backslash commands:\n");
    for (command, what) in COMMANDS {
        out.push_str(&format!("  {command:<32} {what}\n"));
    }
    out.push_str("Functions: \\df lists siftql's own; SHOW FUNCTIONS lists all scalar and aggregate functions.\n");
    out
}

fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(end) => &text[..=end],
        None => text,
    }
}

fn matches_pattern(name: &str, pattern: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase().replace(['%', '*'], "");
    name.contains(&pattern)
}

/// Renders `\df` output: a summary per function, or the full page when one function matches.
pub fn describe_functions(docs: &[FunctionDoc], pattern: Option<&str>) -> String {
    let selected: Vec<&FunctionDoc> = docs.iter().filter(|d| pattern.is_none_or(|p| matches_pattern(&d.name, p))).collect();
    let exact = pattern.and_then(|p| selected.iter().find(|d| d.name == p.to_ascii_lowercase()));
    match (exact, selected.as_slice()) {
        (_, []) => format!("no siftql function matches '{}'\n", pattern.unwrap_or_default()),
        (Some(one), _) | (None, [one]) => full_page(one),
        (None, many) => {
            let mut out = String::new();
            for doc in many {
                out.push_str(&format!(
                    "{} ({})\n    {}\n    e.g. {}\n",
                    doc.documentation.syntax_example,
                    doc.kind,
                    first_sentence(&doc.documentation.description),
                    doc.documentation.sql_example.as_deref().unwrap_or("").lines().next().unwrap_or("")
                ));
            }
            out
        }
    }
}

fn full_page(doc: &FunctionDoc) -> String {
    let d = &doc.documentation;
    let mut out = format!("{} ({} function)\n\n{}\n\n", d.syntax_example, doc.kind, d.description);
    if let Some(arguments) = &d.arguments {
        out.push_str("Arguments:\n");
        for (name, what) in arguments {
            out.push_str(&format!("  {name}: {what}\n"));
        }
        out.push('\n');
    }
    if let Some(example) = &d.sql_example {
        out.push_str(&format!("Example:\n  {example}\n"));
    }
    out
}

fn on_off(arg: &str, current: bool) -> Result<bool, Failure> {
    match arg {
        "" => Ok(!current),
        "on" | "true" => Ok(true),
        "off" | "false" => Ok(false),
        other => Err(Failure::Error(format!("expected on or off, got '{other}'"))),
    }
}

/// Runs the backslash command `text` (without its backslash).
pub async fn run(runner: &mut Runner, text: &str) -> Result<Flow, Failure> {
    let text = text.trim();
    let (command, arg) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let arg = arg.trim();
    let sql = |s: String| Item::Sql { text: s, line: 1 };
    match command {
        "?" | "help" | "h" => print!("{}", help()),
        "q" | "quit" => return Ok(Flow::Quit),
        "d" if arg.is_empty() => {
            let query = "SELECT table_schema, table_name, table_type FROM information_schema.tables \
                         WHERE table_schema <> 'information_schema' ORDER BY table_schema, table_name";
            Box::pin(runner.run_item(&sql(query.to_string()))).await?;
        }
        "d" => {
            let target = if arg.contains('(') { format!("SELECT * FROM {arg}") } else { arg.to_string() };
            Box::pin(runner.run_item(&sql(format!("DESCRIBE {target}")))).await?;
        }
        "df" => print!("{}", describe_functions(&function_docs(), (!arg.is_empty()).then_some(arg))),
        "timing" => {
            runner.timing = on_off(arg, runner.timing)?;
            eprintln!("Timing is {}.", if runner.timing { "on" } else { "off" });
        }
        "format" | "pset" => {
            let value = arg.strip_prefix("format").map(str::trim).unwrap_or(arg);
            runner.print.format = value.parse::<Format>()?;
        }
        "maxrows" => {
            runner.print.maxrows = match arg {
                "inf" | "all" => None,
                n => Some(n.parse().map_err(|_| Failure::Error(format!("\\maxrows: expected a number or inf, got '{n}'")))?),
            };
        }
        "i" | "include" => {
            if arg.is_empty() {
                return Err(Failure::Error("\\i: missing file name".into()));
            }
            let path = arg.trim_matches('\'');
            return match Box::pin(runner.run_file(Path::new(path))).await {
                Ok(flow) => Ok(flow),
                Err(e) => Err(Failure::Error(e.to_string())),
            };
        }
        "set" if arg.is_empty() => {
            for (name, value) in runner.vars.all() {
                println!("{name} = '{value}'");
            }
        }
        "set" => {
            let (name, value) = parse_set(arg)?;
            runner.vars.set(&name, &value);
        }
        "unset" => runner.vars.unset(arg),
        other => return Err(Failure::Error(format!("unknown command \\{other}; \\? lists the commands"))),
    }
    Ok(Flow::Continue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn df_lists_and_details() {
        let docs = function_docs();
        let all = describe_functions(&docs, None);
        assert!(all.contains("read_jsonl(path_or_glob [, options]) (table)"), "{all}");
        assert!(all.contains("synthetic_corpus(n_docs, seed)"), "{all}");
        let one = describe_functions(&docs, Some("synthetic_corpus"));
        assert!(one.contains("Arguments:\n  n_docs:"), "{one}");
        let read = describe_functions(&docs, Some("read_"));
        assert!(read.contains("read_parquet") && !read.contains("synthetic_corpus"), "{read}");
        assert!(describe_functions(&docs, Some("nothing_like_this")).starts_with("no siftql function"));
    }
}
