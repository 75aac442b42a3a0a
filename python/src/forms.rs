//! Python mirrors of `nastavnik::io`: tables from CSV/XLSX/DataFrames, the cohort format, form
//! mappings and imports. Thin: extract, call the core with the GIL released, convert.

use std::path::PathBuf;
use std::sync::Arc;

use nastavnik::io::form::{FormMapping, draft_mapping, import_form};
use nastavnik::io::{self, RowUnit, Table};
use pyo3::prelude::*;

use crate::errors::run_detached;
use crate::scoring::{PyCohort, PySchema};

/// Headers, rows of cells, row numbers, encoding and separator of a table.
type TableParts = (
    Vec<String>,
    Vec<Vec<String>>,
    Vec<usize>,
    String,
    Option<String>,
);

fn unit_from(name: &str) -> PyResult<RowUnit> {
    match name {
        "line" => Ok(RowUnit::Line),
        "excel" => Ok(RowUnit::ExcelRow),
        "frame" => Ok(RowUnit::FrameRow),
        "record" => Ok(RowUnit::Record),
        other => Err(pyo3::exceptions::PyValueError::new_err(format!(
            "unit must be \"line\", \"excel\", \"frame\" or \"record\", got {other:?}"
        ))),
    }
}

fn table_from_parts(
    source: &str,
    unit: RowUnit,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
) -> nastavnik::Result<Table> {
    let first = match unit {
        RowUnit::Line | RowUnit::ExcelRow => 2,
        RowUnit::FrameRow | RowUnit::Record => 0,
    };
    let numbered = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| (i + first, r))
        .collect();
    Table::from_rows(source, unit, headers, numbered)
}

/// Read a CSV or XLSX file into (headers, rows, row numbers, encoding, separator).
#[pyfunction]
pub fn read_table(py: Python<'_>, path: PathBuf) -> PyResult<TableParts> {
    let t = run_detached(py, || io::read_table(&path))?;
    let lines = t.rows.iter().map(|r| r.line).collect();
    let rows = t.rows.into_iter().map(|r| r.cells).collect();
    Ok((
        t.headers,
        rows,
        lines,
        t.encoding,
        t.separator.map(String::from),
    ))
}

/// Draft a mapping from a CSV/XLSX export: (mapping JSON, notes).
#[pyfunction]
pub fn draft_form_mapping(py: Python<'_>, path: PathBuf) -> PyResult<(String, Vec<String>)> {
    run_detached(py, || {
        let d = draft_mapping(&io::read_table(&path)?)?;
        Ok((d.mapping.to_json(), d.notes))
    })
}

/// Check a mapping JSON and return it normalised.
#[pyfunction]
pub fn check_form_mapping(py: Python<'_>, mapping_json: &str) -> PyResult<String> {
    run_detached(py, || Ok(FormMapping::from_json(mapping_json)?.to_json()))
}

fn do_import(t: &Table, mapping_json: &str) -> nastavnik::Result<(PyCohort, String, String)> {
    let m = FormMapping::from_json(mapping_json)?;
    let got = import_form(t, &m)?;
    Ok((
        PyCohort {
            inner: Arc::new(got.cohort.clone()),
        },
        got.report_json(),
        m.schema.to_json(),
    ))
}

/// Import a CSV/XLSX form export with a mapping: (cohort, report JSON, schema JSON).
#[pyfunction]
pub fn import_form_file(
    py: Python<'_>,
    path: PathBuf,
    mapping_json: &str,
) -> PyResult<(PyCohort, String, String)> {
    run_detached(py, || do_import(&io::read_table(&path)?, mapping_json))
}

/// Import a form export given as rows of text cells (a DataFrame): (cohort, report, schema JSON).
#[pyfunction]
#[pyo3(signature = (headers, rows, mapping_json, *, source = "DataFrame", unit = "frame"))]
pub fn import_form_rows(
    py: Python<'_>,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    mapping_json: &str,
    source: &str,
    unit: &str,
) -> PyResult<(PyCohort, String, String)> {
    let unit = unit_from(unit)?;
    run_detached(py, || {
        do_import(
            &table_from_parts(source, unit, headers, rows)?,
            mapping_json,
        )
    })
}

/// Read the cohort format from rows of text cells (DataFrame or records).
#[pyfunction]
#[pyo3(signature = (headers, rows, schema, *, source = "DataFrame", unit = "frame"))]
pub fn cohort_from_rows(
    py: Python<'_>,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    schema: &PySchema,
    source: &str,
    unit: &str,
) -> PyResult<PyCohort> {
    let unit = unit_from(unit)?;
    let schema = schema.inner.clone();
    let c = run_detached(py, || {
        io::cohort_from_table(&table_from_parts(source, unit, headers, rows)?, &schema)
    })?;
    Ok(PyCohort { inner: Arc::new(c) })
}
