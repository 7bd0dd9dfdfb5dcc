//! Row access to a column of MinHash signatures (`FixedSizeList`, `List` or `LargeList` of
//! `UInt32`).

use datafusion::arrow::array::{Array, ArrayRef, AsArray, UInt32Array};
use datafusion::arrow::datatypes::{DataType, UInt32Type};
use datafusion::common::exec_err;
use datafusion::error::Result;

/// A signature column.
pub struct SignatureColumn<'a> {
    array: &'a ArrayRef,
    values: &'a UInt32Array,
}

/// Whether `t` is a list type of `UInt32` a signature can have.
pub fn is_signature_type(t: &DataType) -> bool {
    match t {
        DataType::FixedSizeList(f, _) | DataType::List(f) | DataType::LargeList(f) => f.data_type() == &DataType::UInt32,
        _ => false,
    }
}

impl<'a> SignatureColumn<'a> {
    /// Reads argument `index` of `function` as signatures.
    pub fn new(function: &str, array: &'a ArrayRef, index: usize, name: &str) -> Result<Self> {
        let values = match array.data_type() {
            DataType::FixedSizeList(..) => array.as_fixed_size_list().values(),
            DataType::List(_) => array.as_list::<i32>().values(),
            DataType::LargeList(_) => array.as_list::<i64>().values(),
            other => {
                return exec_err!(
                    "{function}: argument {} ({name}) must be a MinHash signature (list of UInt32), got {other}",
                    index + 1
                );
            }
        };
        let Some(values) = values.as_primitive_opt::<UInt32Type>() else {
            return exec_err!(
                "{function}: argument {} ({name}) must be a list of UInt32, got {}",
                index + 1,
                array.data_type()
            );
        };
        Ok(Self { array, values })
    }

    /// The slots of row `row`, `None` for NULL.
    pub fn get(&self, row: usize) -> Option<&'a [u32]> {
        if self.array.is_null(row) {
            return None;
        }
        let (start, end) = match self.array.data_type() {
            DataType::FixedSizeList(_, n) => {
                let n = *n as usize;
                let offset = self.array.as_fixed_size_list().value_offset(row) as usize;
                (offset, offset + n)
            }
            DataType::List(_) => {
                let o = self.array.as_list::<i32>().value_offsets();
                (o[row] as usize, o[row + 1] as usize)
            }
            _ => {
                let o = self.array.as_list::<i64>().value_offsets();
                (o[row] as usize, o[row + 1] as usize)
            }
        };
        Some(&self.values.values()[start..end])
    }
}
