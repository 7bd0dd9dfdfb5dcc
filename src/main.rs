//! `siftql`: SQL for LLM pre-training data curation. With no arguments, an interactive shell;
//! with `-f`/`-c`, a script runner; with input on a pipe, runs it as a script.

mod exec;
mod meta;
mod reference;
mod repl;

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use crate::exec::{Failure, Flow, Runner, ScriptError};
use siftql::output::{Format, PrintOptions};
use siftql::session::{SessionOptions, build_context, parse_size};
use siftql::vars::{Variables, is_valid_name};

/// mimalloc instead of glibc malloc: scans hand large buffers between reader and decoder threads,
/// which glibc's per-thread arenas turn into fragmentation (peak RSS grew with the input size).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// SQL for LLM pre-training data curation, on Apache DataFusion.
#[derive(Debug, Parser)]
#[command(name = "siftql", version, about, after_help = "With neither -f nor -c: an interactive shell (or, with input on a pipe, runs it). Files run before commands.")]
struct Args {
    /// Run the SQL script FILE (repeatable; stops at the first failing statement).
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Run SQL (repeatable; several statements separated by ';' allowed).
    #[arg(short = 'c', long = "command", value_name = "SQL")]
    commands: Vec<String>,
    /// Set the script variable ${NAME} (wins over \set defaults in scripts).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    set: Vec<String>,
    /// Result format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Rows shown in table format: a number or 'inf'.
    #[arg(long, default_value = "40")]
    maxrows: String,
    /// Characters shown per table cell before it is cut.
    #[arg(long, default_value_t = 60)]
    max_width: usize,
    /// Print each statement's elapsed time on stderr.
    #[arg(long)]
    timing: bool,
    /// Rows per batch.
    #[arg(long)]
    batch_size: Option<usize>,
    /// Memory limit for query operators, e.g. 8G.
    #[arg(long, value_name = "SIZE")]
    memory_limit: Option<String>,
    /// Print the function reference in Markdown and exit.
    #[arg(long)]
    functions_markdown: bool,
}

fn fail_usage(message: &str) -> ExitCode {
    eprintln!("siftql: {message}");
    ExitCode::from(2)
}

fn report(error: &ScriptError) -> ExitCode {
    eprintln!("{error}");
    match error.failure {
        Failure::Cancelled => ExitCode::from(130),
        Failure::Error(_) => ExitCode::from(1),
    }
}

/// The runtime, shut down on drop before the outputs of cancelled `COPY`s are swept, so no
/// background write can recreate a file after it was removed.
struct RuntimeGuard(Option<tokio::runtime::Runtime>);

impl std::ops::Deref for RuntimeGuard {
    type Target = tokio::runtime::Runtime;

    fn deref(&self) -> &tokio::runtime::Runtime {
        self.0.as_ref().expect("the runtime lives until the guard drops")
    }
}

impl Drop for RuntimeGuard {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_timeout(std::time::Duration::from_secs(10));
        }
        siftql::copy::sweep_abandoned();
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.functions_markdown {
        print!("{}", reference::functions_markdown());
        return ExitCode::SUCCESS;
    }
    let mut vars = Variables::default();
    for assignment in &args.set {
        match assignment.split_once('=') {
            Some((name, value)) if is_valid_name(name.trim()) => vars.set_override(name.trim(), value),
            _ => return fail_usage(&format!("--set expects NAME=VALUE with NAME of letters, digits and _, got '{assignment}'")),
        }
    }
    let maxrows = match args.maxrows.as_str() {
        "inf" | "all" => None,
        n => match n.parse() {
            Ok(n) => Some(n),
            Err(_) => return fail_usage(&format!("--maxrows expects a number or inf, got '{n}'")),
        },
    };
    let memory_limit = match args.memory_limit.as_deref().map(parse_size).transpose() {
        Ok(limit) => limit,
        Err(e) => return fail_usage(&format!("--memory-limit: {e}")),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => RuntimeGuard(Some(rt)),
        Err(e) => return fail_usage(&format!("cannot start the runtime: {e}")),
    };
    let options = SessionOptions { batch_size: args.batch_size, memory_limit };
    let ctx = match runtime.block_on(async { build_context(&options) }) {
        Ok(ctx) => ctx,
        Err(e) => return fail_usage(&format!("cannot create the session: {e}")),
    };
    let print = PrintOptions { format: args.format, maxrows, max_width: args.max_width.max(4) };
    let mut runner = Runner::new(ctx, vars, print, args.timing);
    exec::listen_for_ctrl_c();

    if args.files.is_empty() && args.commands.is_empty() {
        if std::io::stdin().is_terminal() {
            return match repl::run(&runtime, &mut runner) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail_usage(&format!("shell: {e}")),
            };
        }
        let mut source = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut source) {
            return fail_usage(&format!("cannot read stdin: {e}"));
        }
        return match runtime.block_on(runner.run_script(&source, "stdin")) {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => report(&e),
        };
    }
    for file in &args.files {
        match runtime.block_on(runner.run_file(file)) {
            Ok(Flow::Continue) => {}
            Ok(Flow::Quit) => return ExitCode::SUCCESS,
            Err(e) => return report(&e),
        }
    }
    for (index, command) in args.commands.iter().enumerate() {
        match runtime.block_on(runner.run_script(command, &format!("-c #{}", index + 1))) {
            Ok(Flow::Continue) => {}
            Ok(Flow::Quit) => return ExitCode::SUCCESS,
            Err(e) => return report(&e),
        }
    }
    ExitCode::SUCCESS
}
