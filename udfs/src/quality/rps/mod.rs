//! RedPajama-V2's rule-based quality signals as plain Rust: word lists, the
//! signal kernel and its one-pass scan of the raw text, Python-exact rounding and the
//! reference JSON format.

pub mod json;
pub mod python_float;
pub mod raw_scan;
pub mod signals;
pub mod wordlists;
