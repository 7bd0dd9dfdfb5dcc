//! Running statements and scripts: variable substitution, atomic `COPY`, progress, cancellation
//! with Ctrl-C, result printing, and errors that name the file, line and statement.

use std::io::BufWriter;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use datafusion::error::DataFusionError;
use datafusion::prelude::SessionContext;
use siftql::output::{PrintOptions, print_stream};
use siftql::progress::Progress;
use siftql::script::{Item, split};
use siftql::statement;
use siftql::vars::Variables;
use tokio::sync::Notify;

use crate::meta;

/// Ctrl-C, as a notification. The signal is received on a thread of its own with its own
/// runtime: the query runtime's threads may all be busy computing, and a signal listener on that
/// runtime would then never be polled. A Ctrl-C while no statement runs is kept and cancels the
/// next one (a script stops there).
fn ctrl_c() -> &'static Notify {
    static CTRL_C: OnceLock<Arc<Notify>> = OnceLock::new();
    CTRL_C.get_or_init(|| {
        let notify = Arc::new(Notify::new());
        let sender = Arc::clone(&notify);
        std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            runtime.block_on(async move {
                while tokio::signal::ctrl_c().await.is_ok() {
                    sender.notify_one();
                }
            });
        });
        notify
    })
}

/// Installs the Ctrl-C listener before any statement runs.
pub fn listen_for_ctrl_c() {
    ctrl_c();
}

/// What to do after a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Go on.
    Continue,
    /// `\q`: stop.
    Quit,
}

/// Why a statement did not complete.
#[derive(Debug)]
pub enum Failure {
    /// Ctrl-C cancelled it.
    Cancelled,
    /// It failed with this message.
    Error(String),
}

impl From<DataFusionError> for Failure {
    fn from(e: DataFusionError) -> Self {
        Failure::Error(e.to_string())
    }
}

impl From<String> for Failure {
    fn from(e: String) -> Self {
        Failure::Error(e)
    }
}

/// A failed script statement with its place.
#[derive(Debug)]
pub struct ScriptError {
    /// `file:line`, `-c #N:line` or `stdin:line`.
    pub location: String,
    /// The statement as written.
    pub statement: String,
    /// What went wrong.
    pub failure: Failure,
}

impl std::fmt::Display for ScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let message = match &self.failure {
            Failure::Cancelled => "cancelled (Ctrl-C)".to_string(),
            Failure::Error(e) => e.clone(),
        };
        let mut statement: String = self.statement.lines().take(3).collect::<Vec<_>>().join("\n    ");
        if self.statement.lines().count() > 3 {
            statement.push_str("\n    ...");
        }
        write!(f, "error: {}: {message}\n  statement: {statement}", self.location)
    }
}

/// The state of one session: its context, variables and print settings.
pub struct Runner {
    /// The DataFusion context with siftql's functions.
    pub ctx: SessionContext,
    /// Script variables.
    pub vars: Variables,
    /// How results print.
    pub print: PrintOptions,
    /// Print each statement's elapsed time on stderr.
    pub timing: bool,
}

impl Runner {
    /// A runner over `ctx`.
    pub fn new(ctx: SessionContext, vars: Variables, print: PrintOptions, timing: bool) -> Self {
        Self { ctx, vars, print, timing }
    }

    /// Runs one SQL statement (variables already substituted), printing its result.
    async fn run_sql(&mut self, sql: &str) -> Result<(), Failure> {
        let started = Instant::now();
        let running = statement::start(&self.ctx, sql).await?;
        let progress = Progress::start(running.plan);
        let mut out = BufWriter::new(std::io::stdout());
        let printed = print_stream(running.stream, &self.print, &mut out).await;
        drop(progress);
        printed?;
        running.completion.commit()?;
        if self.timing {
            eprintln!("Time: {:.3} s", started.elapsed().as_secs_f64());
        }
        Ok(())
    }

    /// Runs one item with Ctrl-C cancelling it.
    pub async fn run_item(&mut self, item: &Item) -> Result<Flow, Failure> {
        match item {
            Item::Sql { text, .. } => {
                let sql = self.vars.substitute(text)?;
                tokio::select! {
                    result = self.run_sql(&sql) => result.map(|_| Flow::Continue),
                    _ = ctrl_c().notified() => Err(Failure::Cancelled),
                }
            }
            Item::Meta { text, .. } => {
                let text = self.vars.substitute(text)?;
                meta::run(self, &text).await
            }
        }
    }

    /// Runs a whole script; stops at the first failure and returns it with its place.
    /// `origin` names the script in errors.
    pub async fn run_script(&mut self, source: &str, origin: &str) -> Result<Flow, ScriptError> {
        let (mut items, tail) = split(source);
        items.extend(tail);
        for item in &items {
            let (line, text) = match item {
                Item::Sql { text, line } => (*line, text.clone()),
                Item::Meta { text, line } => (*line, format!("\\{text}")),
            };
            match Box::pin(self.run_item(item)).await {
                Ok(Flow::Continue) => {}
                Ok(Flow::Quit) => return Ok(Flow::Quit),
                Err(failure) => return Err(ScriptError { location: format!("{origin}:{line}"), statement: text, failure }),
            }
        }
        Ok(Flow::Continue)
    }

    /// Runs the script in `path`.
    pub async fn run_file(&mut self, path: &Path) -> Result<Flow, ScriptError> {
        let source = std::fs::read_to_string(path).map_err(|e| ScriptError {
            location: path.display().to_string(),
            statement: String::new(),
            failure: Failure::Error(format!("cannot read script: {e}")),
        })?;
        self.run_script(&source, &path.display().to_string()).await
    }
}
