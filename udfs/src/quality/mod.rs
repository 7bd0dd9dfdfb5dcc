//! Quality signals and heuristic filters: the RedPajama-V2 rule-based signals and
//! datatrove's Gopher, C4 and FineWeb filters, matching the reference implementations.

use std::sync::Arc;

use datafusion::logical_expr::{DocSection, ScalarUDF};

pub mod badwords;
mod batch_words;
mod c4_badwords;
mod c4_quality;
pub mod datatrove;
mod documents;
mod filter_udf;
mod fineweb_quality;
mod gopher_quality;
mod gopher_repetition;
mod options;
pub mod rps;
mod rps_arrow;
mod rps_signal;
mod rps_signals;
mod rps_signals_json;
mod struct_rows;

pub use c4_badwords::C4BadwordsFunc;
pub use c4_quality::C4QualityFunc;
pub use fineweb_quality::FineWebQualityFunc;
pub use gopher_quality::GopherQualityFunc;
pub use gopher_repetition::GopherRepetitionFunc;
pub use rps_signal::RpsSignalFunc;
pub use rps_signals::RpsSignalsFunc;
pub use rps_signals_json::RpsSignalsJsonFunc;

/// Documentation section of the quality functions.
pub const DOC_SECTION_QUALITY: DocSection = DocSection {
    include: true,
    label: "Quality signals",
    description: Some("RedPajama-V2 signals and the Gopher, C4 and FineWeb filters."),
};

/// The quality scalar functions.
pub fn scalar_udfs() -> Vec<Arc<ScalarUDF>> {
    let mut udfs = vec![
        Arc::new(ScalarUDF::from(RpsSignalsFunc::default())),
        Arc::new(ScalarUDF::from(RpsSignalsJsonFunc::default())),
        Arc::new(ScalarUDF::from(GopherQualityFunc::default())),
        Arc::new(ScalarUDF::from(GopherRepetitionFunc::default())),
        Arc::new(ScalarUDF::from(C4QualityFunc::default())),
        Arc::new(ScalarUDF::from(FineWebQualityFunc::default())),
        Arc::new(ScalarUDF::from(C4BadwordsFunc::default())),
    ];
    udfs.extend(RpsSignalFunc::all().into_iter().map(|f| Arc::new(ScalarUDF::from(f))));
    udfs
}
