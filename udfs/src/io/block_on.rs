//! Running the async parts of table-function planning (file metadata) from the synchronous
//! `TableFunctionImpl::call_with_args`, on any Tokio runtime flavour or none.

use std::future::Future;

use datafusion::common::exec_datafusion_err;
use datafusion::error::Result;
use tokio::runtime::{Handle, RuntimeFlavor};

/// Drives `future` to completion: in place on a multi-threaded runtime, otherwise on a scoped
/// thread with its own current-thread runtime (so a current-thread caller never panics).
pub fn block_on<F, T>(future: F) -> Result<T>
where
    F: Future<Output = Result<T>> + Send,
    T: Send,
{
    match Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() == RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(|| handle.block_on(future))
        }
        _ => std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map_err(|e| exec_datafusion_err!("cannot start a runtime: {e}"))?
                        .block_on(future)
                })
                .join()
                .map_err(|_| exec_datafusion_err!("planning thread panicked"))?
        }),
    }
}
