//! Deduplication: MinHash signatures, LSH bands, near-duplicate clusters, and exact
//! document and line hashes.
//!
//! The pure algorithms ([`shingles`], [`signature`], [`lsh`], [`cluster`], [`exact`]) work on
//! `&str` and slices; the SQL functions wrap them.

pub mod cluster;
pub mod exact;
pub mod lsh;
pub mod shingles;
pub mod signature;
