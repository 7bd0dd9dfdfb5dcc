//! The function reference in Markdown, generated from each function's `Documentation` (the
//! README embeds it between markers, and a test keeps the two in step).

use siftql_udfs::function_docs;

/// Markdown reference of every siftql function, grouped by documentation section.
pub fn functions_markdown() -> String {
    let mut docs = function_docs();
    docs.sort_by(|a, b| a.documentation.doc_section.label.cmp(b.documentation.doc_section.label).then(a.name.cmp(&b.name)));
    let mut out = String::new();
    let mut section = "";
    for doc in &docs {
        let d = &doc.documentation;
        if d.doc_section.label != section {
            section = d.doc_section.label;
            out.push_str(&format!("### {section}\n\n"));
            if let Some(description) = d.doc_section.description {
                out.push_str(&format!("{description}\n\n"));
            }
        }
        out.push_str(&format!("#### `{}`\n\n*{} function* — `{}`\n\n{}\n\n", doc.name, doc.kind, d.syntax_example, d.description));
        if let Some(arguments) = &d.arguments {
            for (name, what) in arguments {
                out.push_str(&format!("- `{name}`: {what}\n"));
            }
            out.push('\n');
        }
        if let Some(example) = &d.sql_example {
            out.push_str(&format!("```sql\n{example}\n```\n\n"));
        }
    }
    out
}
