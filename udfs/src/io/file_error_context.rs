//! Naming the file behind a failed Parquet scan: DataFusion's reader reports "Data corruption
//! detected" without saying where. [`FileErrorContextExec`] sits on top of the file scan and, when
//! a partition fails, adds the files and byte ranges that partition was reading.

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::Statistics;
use datafusion::common::exec_datafusion_err;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::datasource::listing::ListingTable;
use datafusion::datasource::physical_plan::FileScanConfig;
use datafusion::datasource::source::DataSourceExec;
use datafusion::error::Result;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown, TableType};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    ChildrenPropertiesMode, DisplayAs, DisplayFormatType, ExecutionPlan, PlanProperties, ReplaceChildrenOptions,
};
use futures::StreamExt;

/// The files (with byte ranges) partition `partition` of a file scan reads.
fn partition_files(plan: &Arc<dyn ExecutionPlan>, partition: usize) -> Option<String> {
    let scan = plan.downcast_ref::<DataSourceExec>()?;
    let config = scan.data_source().downcast_ref::<FileScanConfig>()?;
    let group = config.file_groups.get(partition)?;
    let files: Vec<String> = group
        .iter()
        .map(|file| {
            let path = format!("'/{}'", file.object_meta.location);
            match &file.range {
                Some(range) => format!("{path} (bytes {}..{})", range.start, range.end),
                None => path,
            }
        })
        .collect();
    Some(files.join(", "))
}

/// Adds the failing partition's files to errors of the wrapped scan.
#[derive(Debug)]
pub struct FileErrorContextExec {
    function: &'static str,
    input: Arc<dyn ExecutionPlan>,
}

impl FileErrorContextExec {
    /// Wraps `input`, naming `function` in errors.
    pub fn new(function: &'static str, input: Arc<dyn ExecutionPlan>) -> Self {
        Self { function, input }
    }
}

impl DisplayAs for FileErrorContextExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "FileErrorContextExec: {}", self.function)
    }
}

impl ExecutionPlan for FileErrorContextExec {
    fn name(&self) -> &str {
        "FileErrorContextExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        self.input.properties()
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn maintains_input_order(&self) -> Vec<bool> {
        vec![true]
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn replace_children(
        self: Arc<Self>,
        mut children: Vec<Arc<dyn ExecutionPlan>>,
        _options: ReplaceChildrenOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        match children.pop() {
            Some(input) if children.is_empty() => Ok(Arc::new(Self { function: self.function, input })),
            _ => Err(exec_datafusion_err!("FileErrorContextExec takes exactly one child")),
        }
    }

    fn with_new_children(self: Arc<Self>, children: Vec<Arc<dyn ExecutionPlan>>) -> Result<Arc<dyn ExecutionPlan>> {
        self.replace_children(children, ReplaceChildrenOptions::new(ChildrenPropertiesMode::Recompute))
    }

    fn execute(&self, partition: usize, context: Arc<TaskContext>) -> Result<SendableRecordBatchStream> {
        let files = partition_files(&self.input, partition).unwrap_or_else(|| "its input files".to_string());
        let function = self.function;
        let stream = self.input.execute(partition, context)?;
        let schema = stream.schema();
        let stream = stream.map(move |batch| batch.map_err(|e| exec_datafusion_err!("{function}: cannot read {files}: {e}")));
        Ok(Box::pin(RecordBatchStreamAdapter::new(schema, stream)))
    }
}

/// A listing table whose scans name the file when reading fails.
#[derive(Debug)]
pub struct NamedErrorsTable {
    function: &'static str,
    inner: ListingTable,
}

impl NamedErrorsTable {
    /// Wraps `inner` for `function`.
    pub fn new(function: &'static str, inner: ListingTable) -> Self {
        Self { function, inner }
    }
}

#[async_trait]
impl TableProvider for NamedErrorsTable {
    fn schema(&self) -> SchemaRef {
        self.inner.schema()
    }

    fn table_type(&self) -> TableType {
        self.inner.table_type()
    }

    fn supports_filters_pushdown(&self, filters: &[&Expr]) -> Result<Vec<TableProviderFilterPushDown>> {
        self.inner.supports_filters_pushdown(filters)
    }

    fn statistics(&self) -> Option<Statistics> {
        self.inner.statistics()
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let plan = self.inner.scan(state, projection, filters, limit).await?;
        Ok(Arc::new(FileErrorContextExec::new(self.function, plan)))
    }
}
