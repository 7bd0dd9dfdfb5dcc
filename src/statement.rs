//! Running one SQL statement the siftql way: `COPY` targets get their format from the file name
//! and are written atomically. Shared by the CLI and the SQL-level tests.

use std::sync::Arc;

use datafusion::error::Result;
use datafusion::physical_plan::{ExecutionPlan, SendableRecordBatchStream, execute_stream};
use datafusion::prelude::SessionContext;
use datafusion::sql::parser::Statement;

use crate::copy::{self, AtomicTarget};

/// A started statement: its physical plan (for progress), its result stream, and what must
/// happen once the stream is fully consumed.
pub struct Started {
    /// The physical plan being executed.
    pub plan: Arc<dyn ExecutionPlan>,
    /// The result rows.
    pub stream: SendableRecordBatchStream,
    /// Completion of the statement after its stream ends.
    pub completion: Completion,
}

/// Work left after a statement's stream ends: publishing a `COPY`'s output.
pub struct Completion {
    target: Option<AtomicTarget>,
}

impl Completion {
    /// Publishes the output; call only after the stream ended without error. Dropping a
    /// `Completion` instead discards any partial output.
    pub fn commit(self) -> Result<()> {
        match self.target {
            Some(target) => target.commit(),
            None => Ok(()),
        }
    }
}

/// Parses, plans and starts one statement on `ctx`.
pub async fn start(ctx: &SessionContext, sql: &str) -> Result<Started> {
    let state = ctx.state();
    let dialect = state.config().options().sql_parser.dialect;
    let mut statement = state.sql_to_statement(sql, &dialect)?;
    let target = match &mut statement {
        Statement::CopyTo(copy_statement) => copy::prepare(copy_statement)?,
        _ => None,
    };
    let plan = state.statement_to_plan(statement).await?;
    let frame = ctx.execute_logical_plan(plan).await?;
    let task = Arc::new(frame.task_ctx());
    let plan = frame.create_physical_plan().await?;
    let stream = execute_stream(Arc::clone(&plan), task)?;
    Ok(Started { plan, stream, completion: Completion { target } })
}
