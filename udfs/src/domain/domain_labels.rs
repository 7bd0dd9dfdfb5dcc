//! `domain_labels([taxonomy])`: the label sets of published domain taxonomies, as reference
//! tables for classifier training and mixture reports.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{ArrayRef, StringArray, UInt32Array};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::catalog::{TableFunctionArgs, TableFunctionImpl, TableProvider};
use datafusion::common::plan_err;
use datafusion::datasource::MemTable;
use datafusion::error::Result;
use datafusion::logical_expr::Documentation;

use super::DOC_SECTION_DOMAIN;
use crate::args::{check_arg_count, string_arg};

const NAME: &str = "domain_labels";
const SYNTAX: &str = "domain_labels([taxonomy])";

/// WebOrganizer (Wettig et al. 2025) topic domains.
const WEBORGANIZER_TOPICS: [&str; 24] = [
    "Adult Content",
    "Art & Design",
    "Software Development",
    "Crime & Law",
    "Education & Jobs",
    "Electronics & Hardware",
    "Entertainment",
    "Social Life",
    "Fashion & Beauty",
    "Finance & Business",
    "Food & Dining",
    "Games",
    "Health",
    "History & Geography",
    "Home & Hobbies",
    "Industrial",
    "Literature",
    "Politics",
    "Religion",
    "Science, Math & Technology",
    "Software",
    "Sports & Fitness",
    "Transportation",
    "Travel & Tourism",
];

/// WebOrganizer format domains.
const WEBORGANIZER_FORMATS: [&str; 24] = [
    "Academic Writing",
    "Content Listing",
    "Creative Writing",
    "Customer Support Page",
    "Discussion Forum / Comment Section",
    "FAQs",
    "Incomplete Content",
    "Knowledge Article",
    "Legal Notices",
    "Listicle",
    "News Article",
    "Nonfiction Writing",
    "Organizational About Page",
    "Organizational Announcement",
    "Personal About Page",
    "Personal Blog",
    "Product Page",
    "Q&A Forum",
    "Spam / Ads",
    "Structured Data",
    "Technical Writing",
    "Transcript / Interview",
    "Tutorial / How-To Guide",
    "User Reviews",
];

/// DataMan (Peng et al. 2025) application domains, letters A to O.
const DATAMAN: [&str; 15] = [
    "Medicine",
    "Finance",
    "Law",
    "Education",
    "Technology",
    "Entertainment",
    "Mathematics",
    "Coding",
    "Government",
    "Culture",
    "Transportation",
    "Retail E-commerce",
    "Telecommunication",
    "Agriculture",
    "Other",
];

/// NVIDIA NeMo Curator domain-classifier classes.
const NVIDIA_DOMAINS: [&str; 26] = [
    "Adult",
    "Arts_and_Entertainment",
    "Autos_and_Vehicles",
    "Beauty_and_Fitness",
    "Books_and_Literature",
    "Business_and_Industrial",
    "Computers_and_Electronics",
    "Finance",
    "Food_and_Drink",
    "Games",
    "Health",
    "Hobbies_and_Leisure",
    "Home_and_Garden",
    "Internet_and_Telecom",
    "Jobs_and_Education",
    "Law_and_Government",
    "News",
    "Online_Communities",
    "People_and_Society",
    "Pets_and_Animals",
    "Real_Estate",
    "Science",
    "Sensitive_Subjects",
    "Shopping",
    "Sports",
    "Travel_and_Transportation",
];

/// The Pile's `pile_set_name` values.
const PILE_SETS: [&str; 22] = [
    "Pile-CC",
    "PubMed Central",
    "Books3",
    "OpenWebText2",
    "ArXiv",
    "Github",
    "FreeLaw",
    "StackExchange",
    "USPTO Backgrounds",
    "PubMed Abstracts",
    "Gutenberg (PG-19)",
    "OpenSubtitles",
    "Wikipedia (en)",
    "DM Mathematics",
    "Ubuntu IRC",
    "BookCorpus2",
    "EuroParl",
    "HackerNews",
    "YoutubeSubtitles",
    "PhilPapers",
    "NIH ExPorter",
    "Enron Emails",
];

/// Every taxonomy: (name, labels in published order).
const TAXONOMIES: [(&str, &[&str]); 5] = [
    ("weborganizer_topics", &WEBORGANIZER_TOPICS),
    ("weborganizer_formats", &WEBORGANIZER_FORMATS),
    ("dataman", &DATAMAN),
    ("nvidia_domains", &NVIDIA_DOMAINS),
    ("pile_sets", &PILE_SETS),
];

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DOMAIN,
        "Label sets of published domain taxonomies as a table (taxonomy, label_id, label), label_id \
         being the 0-based position in the published order: 'weborganizer_topics' (24 topics) and \
         'weborganizer_formats' (24 formats) of WebOrganizer (Wettig et al. 2025), 'dataman' (15 \
         application domains of DataMan, Peng et al. 2025, letters A to O), 'nvidia_domains' (26 \
         classes of NVIDIA's NeMo Curator domain classifier) and 'pile_sets' (the Pile's 22 \
         pile_set_name values). Without an argument, all of them. Label names only; use them to \
         check classifier outputs or to seed a labelled table for ft_train.",
        SYNTAX,
    )
    .with_sql_example("SELECT label FROM domain_labels('dataman') ORDER BY label_id;")
    .with_argument(
        "taxonomy",
        "'weborganizer_topics', 'weborganizer_formats', 'dataman', 'nvidia_domains' or 'pile_sets' (default: all).",
    )
    .build()
});

/// The `domain_labels` table function.
#[derive(Debug, Default)]
pub struct DomainLabels;

impl DomainLabels {
    /// Its documentation.
    pub fn documentation() -> &'static Documentation {
        &DOCUMENTATION
    }
}

impl TableFunctionImpl for DomainLabels {
    fn call_with_args(&self, args: TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
        let exprs = args.exprs();
        check_arg_count(NAME, exprs, 0, 1, SYNTAX)?;
        let selected: Vec<(&str, &[&str])> = if exprs.is_empty() {
            TAXONOMIES.to_vec()
        } else {
            let wanted = string_arg(NAME, exprs, 0, "taxonomy")?;
            match TAXONOMIES.iter().find(|(name, _)| name.eq_ignore_ascii_case(wanted.trim())) {
                Some(t) => vec![*t],
                None => {
                    let known: Vec<&str> = TAXONOMIES.iter().map(|(name, _)| *name).collect();
                    return plan_err!(
                        "{NAME}: argument 1 (taxonomy) is '{wanted}', not a known taxonomy; known: {}",
                        known.join(", ")
                    );
                }
            }
        };
        let rows: Vec<(&str, u32, &str)> = selected
            .iter()
            .flat_map(|(name, labels)| labels.iter().enumerate().map(move |(i, label)| (*name, i as u32, *label)))
            .collect();
        let schema = Arc::new(Schema::new(vec![
            Field::new("taxonomy", DataType::Utf8, false),
            Field::new("label_id", DataType::UInt32, false),
            Field::new("label", DataType::Utf8, false),
        ]));
        let columns: Vec<ArrayRef> = vec![
            Arc::new(rows.iter().map(|r| Some(r.0)).collect::<StringArray>()),
            Arc::new(rows.iter().map(|r| r.1).collect::<UInt32Array>()),
            Arc::new(rows.iter().map(|r| Some(r.2)).collect::<StringArray>()),
        ];
        let batch = RecordBatch::try_new(Arc::clone(&schema), columns)?;
        Ok(Arc::new(MemTable::try_new(schema, vec![vec![batch]])?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_counts_and_uniqueness() {
        let counts: Vec<(&str, usize)> = TAXONOMIES.iter().map(|(n, l)| (*n, l.len())).collect();
        assert_eq!(
            counts,
            [("weborganizer_topics", 24), ("weborganizer_formats", 24), ("dataman", 15), ("nvidia_domains", 26), ("pile_sets", 22)]
        );
        for (name, labels) in TAXONOMIES {
            let mut sorted = labels.to_vec();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), labels.len(), "{name} has duplicate labels");
        }
    }
}
