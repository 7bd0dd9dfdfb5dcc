//! A leaf `ExecutionPlan` over independent partition sources: the one scan operator behind
//! `read_jsonl` and `synthetic_corpus`. It counts `output_rows` and `bytes_scanned` so front ends
//! can show progress while a query runs. Its streams spend Tokio's cooperative budget, so a
//! cancelled query's tasks stop at the next batch instead of running on.

use std::fmt::{self, Debug};
use std::sync::Arc;

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::internal_err;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::error::Result;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr};
use datafusion::physical_plan::coop::make_cooperative;
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType, SchedulingType};
use datafusion::physical_plan::metrics::{Count, ExecutionPlanMetricsSet, MetricBuilder, MetricsSet};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    ChildrenPropertiesMode, DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning, PlanProperties,
    ReplaceChildrenOptions,
};
use futures::StreamExt;

/// Counters a partition source updates while it runs.
#[derive(Debug, Clone)]
pub struct SourceMetrics {
    /// Bytes read from storage (compressed bytes for compressed files).
    pub bytes_scanned: Count,
    /// Records skipped because they were malformed (only when the user asked to skip them).
    pub skipped_records: Count,
}

/// One partition of a [`SourceExec`]: opens a stream of batches in the exec's projected schema.
pub trait PartitionSource: Debug + Send + Sync {
    /// Starts producing this partition's batches.
    fn open(&self, context: Arc<TaskContext>, metrics: SourceMetrics) -> Result<SendableRecordBatchStream>;
    /// A short description for `EXPLAIN` (files, id ranges, ...).
    fn describe(&self) -> String;
}

/// Leaf execution plan whose partitions are [`PartitionSource`]s.
#[derive(Debug)]
pub struct SourceExec {
    name: &'static str,
    schema: SchemaRef,
    partitions: Vec<Arc<dyn PartitionSource>>,
    properties: Arc<PlanProperties>,
    metrics: ExecutionPlanMetricsSet,
}

impl SourceExec {
    /// A plan named `name` producing `schema` from `partitions` (at least one).
    pub fn new(name: &'static str, schema: SchemaRef, partitions: Vec<Arc<dyn PartitionSource>>) -> Self {
        let properties = PlanProperties::new(
            EquivalenceProperties::new(Arc::clone(&schema)),
            Partitioning::UnknownPartitioning(partitions.len().max(1)),
            EmissionType::Incremental,
            Boundedness::Bounded,
        )
        .with_scheduling_type(SchedulingType::Cooperative);
        Self {
            name,
            schema,
            partitions,
            properties: Arc::new(properties),
            metrics: ExecutionPlanMetricsSet::new(),
        }
    }
}

impl DisplayAs for SourceExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        let parts: Vec<String> = self.partitions.iter().map(|p| p.describe()).collect();
        write!(f, "{}: partitions={} [{}]", self.name, self.partitions.len(), parts.join(", "))
    }
}

impl ExecutionPlan for SourceExec {
    fn name(&self) -> &str {
        self.name
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![]
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn replace_children(
        self: Arc<Self>,
        _children: Vec<Arc<dyn ExecutionPlan>>,
        _options: ReplaceChildrenOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        Ok(self)
    }

    fn with_new_children(self: Arc<Self>, children: Vec<Arc<dyn ExecutionPlan>>) -> Result<Arc<dyn ExecutionPlan>> {
        self.replace_children(children, ReplaceChildrenOptions::new(ChildrenPropertiesMode::Recompute))
    }

    fn execute(&self, partition: usize, context: Arc<TaskContext>) -> Result<SendableRecordBatchStream> {
        if self.partitions.is_empty() {
            return Ok(Box::pin(RecordBatchStreamAdapter::new(Arc::clone(&self.schema), futures::stream::empty())));
        }
        let Some(source) = self.partitions.get(partition) else {
            return internal_err!("{}: no partition {partition} (has {})", self.name, self.partitions.len());
        };
        let output_rows = MetricBuilder::new(&self.metrics).output_rows(partition);
        let metrics = SourceMetrics {
            bytes_scanned: MetricBuilder::new(&self.metrics).counter("bytes_scanned", partition),
            skipped_records: MetricBuilder::new(&self.metrics).counter("skipped_records", partition),
        };
        let stream = source.open(context, metrics)?.inspect(move |batch| {
            if let Ok(batch) = batch {
                output_rows.add(batch.num_rows());
            }
        });
        Ok(make_cooperative(Box::pin(RecordBatchStreamAdapter::new(Arc::clone(&self.schema), stream))))
    }

    fn metrics(&self) -> Option<MetricsSet> {
        Some(self.metrics.clone_inner())
    }
}
