//! The siftql session and the pieces its front ends share: building a context with siftql's
//! functions, running statements (atomic, format-aware `COPY`), splitting scripts, variables,
//! result printing and progress.

pub mod copy;
pub mod output;
pub mod progress;
pub mod script;
pub mod session;
pub mod statement;
pub mod vars;
