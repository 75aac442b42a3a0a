//! Extraction of stated-preference arguments (dicts of ranked lists by id, rank matrices, index
//! lists, score matrices, `ScoreMatrix`), enum options and result conversion for the stable
//! matching mirrors. Inputs are held as Python references (strings borrowed, integer arrays not
//! copied) and viewed as core [`Source`]s, so the core builds preferences with the GIL released.

use nastavnik::assign::{Proposer, RankStats};
use nastavnik::preferences::{Acceptability, IdLists, Source};
use ndarray::Array2;
use numpy::{
    AllowTypeChange, PyArrayDescrMethods, PyArrayLike1, PyArrayLike2, PyUntypedArray,
    PyUntypedArrayMethods,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFrozenSet, PyList, PyMapping, PySet, PyString, PyTuple};

use crate::convert::f64s;
use crate::errors::{InvalidValueError, ShapeError, UnknownIdError, map};

pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "?".to_string(), |n| n.to_string())
}

pub fn parse_proposer(s: &str) -> PyResult<Proposer> {
    crate::errors::map(s.parse())
}

pub fn parse_acceptability(s: Option<&str>) -> PyResult<Acceptability> {
    crate::errors::map(s.unwrap_or("mutual").parse())
}

/// `"ranks"` (false) or `"lists"` (true).
pub fn parse_layout(s: Option<&str>) -> PyResult<bool> {
    match s.unwrap_or("ranks") {
        "ranks" => Ok(false),
        "lists" => Ok(true),
        other => Err(InvalidValueError::new_err(format!(
            "layout must be \"ranks\" or \"lists\", got {other:?}"
        ))),
    }
}

pub fn parse_seed(obj: Option<&Bound<'_, PyAny>>) -> PyResult<u64> {
    let Some(obj) = obj else { return Ok(0) };
    if let Ok(s) = obj.extract::<u64>() {
        return Ok(s);
    }
    match obj.extract::<i128>() {
        Ok(v) => Err(InvalidValueError::new_err(format!(
            "seed must be an integer in [0, 2**64), got {v}"
        ))),
        Err(_) => Err(PyTypeError::new_err(format!(
            "seed must be an int, got {}",
            type_name(obj)
        ))),
    }
}

fn is_unordered(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PySet>()
        || obj.is_instance_of::<PyFrozenSet>()
        || obj.downcast::<PyMapping>().is_ok()
}

pub fn is_mapping(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyDict>() || obj.downcast::<PyMapping>().is_ok()
}

// ---------------------------------------------------------------- lists by id

/// One side's lists by id, held as owned references to the Python strings.
/// Layout: per owner, its key then its entries; `n_groups[a]` groups of sizes `sizes[..]`.
pub struct RawLists<'py> {
    strs: Vec<Bound<'py, PyString>>,
    n_groups: Vec<u32>,
    sizes: Vec<u32>,
}

impl<'py> RawLists<'py> {
    /// Read a dict `{owner id: [id or [tied ids], ...]}`. Unordered collections (sets, dicts)
    /// as a list or a tie group are a `TypeError`: their order varies between runs.
    pub fn read(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Self> {
        let pairs: Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)> =
            if let Ok(d) = obj.downcast::<PyDict>() {
                d.iter().collect()
            } else {
                let m = obj.downcast::<PyMapping>()?;
                m.items()?
                    .iter()
                    .map(|kv| kv.extract())
                    .collect::<PyResult<_>>()?
            };
        let mut out = Self {
            strs: Vec::new(),
            n_groups: Vec::with_capacity(pairs.len()),
            sizes: Vec::new(),
        };
        for (k, v) in pairs {
            let key = k.downcast_into::<PyString>().map_err(|e| {
                PyTypeError::new_err(format!(
                    "{name}: keys must be str ids, got {}",
                    type_name(e.into_inner().as_any())
                ))
            })?;
            let label = || key.to_string_lossy().into_owned();
            let not_list = |v: &Bound<'py, PyAny>| {
                let why = if is_unordered(v) {
                    " (an unordered collection is not a ranking; use a list, best first)"
                } else {
                    ""
                };
                PyTypeError::new_err(format!(
                    "{name}[{:?}] must be a list of ids (str) or of lists of tied ids, got {}{why}",
                    label(),
                    type_name(v)
                ))
            };
            if v.is_instance_of::<PyString>() || is_unordered(&v) {
                return Err(not_list(&v));
            }
            out.strs.push(key.clone());
            let mut n_groups = 0u32;
            let mut add = |e: Bound<'py, PyAny>, pos: usize| -> PyResult<()> {
                match e.downcast_into::<PyString>() {
                    Ok(s) => {
                        out.strs.push(s);
                        out.sizes.push(1);
                    }
                    Err(e) => {
                        let e = e.into_inner();
                        let bad = |x: &Bound<'py, PyAny>| {
                            let why = if is_unordered(x) {
                                " (sets and dicts are unordered: use a list or a tuple)"
                            } else {
                                ""
                            };
                            PyTypeError::new_err(format!(
                                "{name}[{:?}] entry {pos}: expected an id (str) or a list of tied ids (str), got {}{why}",
                                label(),
                                type_name(x)
                            ))
                        };
                        if is_unordered(&e) {
                            return Err(bad(&e));
                        }
                        let it = e.try_iter().map_err(|_| bad(&e))?;
                        let mut k = 0u32;
                        for x in it {
                            let x = x?;
                            let s = x
                                .downcast_into::<PyString>()
                                .map_err(|x| bad(&x.into_inner()))?;
                            out.strs.push(s);
                            k += 1;
                        }
                        out.sizes.push(k);
                    }
                }
                n_groups += 1;
                Ok(())
            };
            if let Ok(list) = v.downcast::<PyList>() {
                for (pos, e) in list.iter().enumerate() {
                    add(e, pos)?;
                }
            } else {
                let it = v.try_iter().map_err(|_| not_list(&v))?;
                for (pos, e) in it.enumerate() {
                    add(e?, pos)?;
                }
            }
            out.n_groups.push(n_groups);
        }
        Ok(out)
    }

    /// The core's flat view (strings borrowed from Python).
    pub fn flat(&self) -> PyResult<IdLists<'_>> {
        let n = self.n_groups.len();
        let nnz = self.strs.len() - n;
        let mut out = IdLists {
            owners: Vec::with_capacity(n),
            indptr: Vec::with_capacity(n + 1),
            entries: Vec::with_capacity(nnz),
            groups: Vec::with_capacity(nnz),
        };
        out.indptr.push(0);
        let (mut p, mut g) = (0usize, 0usize);
        for &ng in &self.n_groups {
            out.owners.push(self.strs[p].to_str()?);
            p += 1;
            for gi in 0..ng {
                let k = self.sizes[g] as usize;
                g += 1;
                for x in &self.strs[p..p + k] {
                    out.entries.push(x.to_str()?);
                }
                out.groups.extend(std::iter::repeat_n(gi, k));
                p += k;
            }
            out.indptr.push(out.entries.len());
        }
        Ok(out)
    }
}

// ---------------------------------------------------------------- matrices

fn as_2d<'py>(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Bound<'py, PyUntypedArray>> {
    let py = obj.py();
    let arr = match obj.downcast::<PyUntypedArray>() {
        Ok(a) => a.clone(),
        Err(_) => {
            if is_unordered(obj) {
                return Err(PyTypeError::new_err(format!(
                    "{name} must be a 2-D array or a dict of ranked lists, got {}",
                    type_name(obj)
                )));
            }
            let np = PyModule::import(py, "numpy")?;
            let a = np.call_method1("asarray", (obj,)).map_err(|e| {
                if e.is_instance_of::<PyValueError>(py) {
                    ShapeError::new_err(format!("{name} is not a rectangular 2-D array: {e}"))
                } else {
                    PyTypeError::new_err(format!("{name} must be a 2-D array: {e}"))
                }
            })?;
            a.downcast_into::<PyUntypedArray>()
                .map_err(|_| PyTypeError::new_err(format!("{name} must be a 2-D array")))?
        }
    };
    if arr.ndim() != 2 {
        return Err(ShapeError::new_err(format!(
            "{name} must be 2-D (mentees x mentors), got {} dimension(s) of shape {:?} ({})",
            arr.ndim(),
            arr.shape(),
            type_name(obj)
        )));
    }
    let kind = arr.dtype().kind();
    if !matches!(kind, b'f' | b'i' | b'u' | b'b') {
        return Err(PyTypeError::new_err(format!(
            "{name} must hold real numbers, got dtype {}",
            arr.dtype()
        )));
    }
    Ok(arr)
}

/// Unsigned 64-bit input beyond `i64::MAX` would wrap to a negative ("not acceptable") value in
/// the conversion to `int64`: reported instead, naming the position.
fn check_u64<'py>(arr: &Bound<'py, PyUntypedArray>, name: &str) -> PyResult<()> {
    if arr.dtype().kind() != b'u' || arr.dtype().itemsize() < 8 {
        return Ok(());
    }
    let a: numpy::PyReadonlyArrayDyn<'py, u64> = arr.as_any().extract()?;
    let view = a.as_array();
    if let Some((ix, v)) = view.indexed_iter().find(|(_, v)| **v > i64::MAX as u64) {
        return Err(InvalidValueError::new_err(format!(
            "{name} holds {v} at position {ix:?}; integers must lie in [0, 2**63)"
        )));
    }
    Ok(())
}

/// A score matrix as float64 (array-like or the `scores` of a `ScoreMatrix`).
pub fn score_matrix(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Array2<f64>> {
    if let Some(sm) = crate::scoring::PyScoreMatrix::of(obj) {
        return Ok(sm.scores.clone());
    }
    let arr = as_2d(obj, name)?;
    f64s(arr.as_any(), name)
}

fn int_array1<'py>(
    obj: &Bound<'py, PyAny>,
    name: &str,
) -> PyResult<PyArrayLike1<'py, i64, AllowTypeChange>> {
    if is_unordered(obj) {
        return Err(PyTypeError::new_err(format!(
            "{name} must be a 1-D integer array, got {} (unordered)",
            type_name(obj)
        )));
    }
    let np = PyModule::import(obj.py(), "numpy")?;
    let a = np
        .call_method1("asarray", (obj,))
        .map_err(|e| PyTypeError::new_err(format!("{name} must be a 1-D integer array: {e}")))?;
    let a = a
        .downcast_into::<PyUntypedArray>()
        .map_err(|_| PyTypeError::new_err(format!("{name} must be a 1-D integer array")))?;
    if a.ndim() != 1 {
        return Err(ShapeError::new_err(format!(
            "{name} must be 1-D, got shape {:?}",
            a.shape()
        )));
    }
    if !matches!(a.dtype().kind(), b'i' | b'u') && a.len() > 0 {
        return Err(PyTypeError::new_err(format!(
            "{name} must hold integers, got dtype {}",
            a.dtype()
        )));
    }
    check_u64(&a, name)?;
    a.as_any().extract()
}

/// One side's (or one pool's) stated preferences as held from Python.
pub enum Held<'py> {
    Lists(RawLists<'py>),
    Ranks(PyArrayLike2<'py, i64, AllowTypeChange>),
    OwnedRanks(Array2<i64>),
    Padded(PyArrayLike2<'py, i64, AllowTypeChange>),
    Csr(
        PyArrayLike1<'py, i64, AllowTypeChange>,
        PyArrayLike1<'py, i64, AllowTypeChange>,
        Option<PyArrayLike1<'py, i64, AllowTypeChange>>,
    ),
    Scores(Array2<f64>),
}

impl<'py> Held<'py> {
    /// A dict of lists by id, an integer rank matrix (float matrices must hold integers) or,
    /// with `lists`, index lists (padded 2-D or `(indptr, indices[, ranks])`).
    pub fn read(obj: &Bound<'py, PyAny>, name: &str, lists: bool) -> PyResult<Self> {
        if is_mapping(obj) {
            return RawLists::read(obj, name).map(Held::Lists);
        }
        if lists {
            if let Ok(t) = obj.downcast::<PyTuple>() {
                if !(2..=3).contains(&t.len()) {
                    return Err(PyTypeError::new_err(format!(
                        "{name} as a tuple must be (indptr, indices) or (indptr, indices, ranks), got {} items",
                        t.len()
                    )));
                }
                let ip = int_array1(&t.get_item(0)?, &format!("{name}[0] (indptr)"))?;
                let ix = int_array1(&t.get_item(1)?, &format!("{name}[1] (indices)"))?;
                let rk = if t.len() == 3 {
                    Some(int_array1(&t.get_item(2)?, &format!("{name}[2] (ranks)"))?)
                } else {
                    None
                };
                return Ok(Held::Csr(ip, ix, rk));
            }
            let arr = as_2d(obj, name)?;
            if !matches!(arr.dtype().kind(), b'i' | b'u') {
                return Err(PyTypeError::new_err(format!(
                    "{name} with layout=\"lists\" must hold integer indices (-1 = padding), got dtype {}",
                    arr.dtype()
                )));
            }
            check_u64(&arr, name)?;
            return Ok(Held::Padded(arr.as_any().extract()?));
        }
        let arr = as_2d(obj, name)?;
        if arr.dtype().kind() == b'f' {
            let f = f64s(arr.as_any(), name)?;
            return map(nastavnik::preferences::ranks_from_f64(f.view(), name))
                .map(Held::OwnedRanks);
        }
        check_u64(&arr, name)?;
        Ok(Held::Ranks(arr.as_any().extract()?))
    }

    /// A score matrix (array-like or `ScoreMatrix`).
    pub fn scores(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Self> {
        score_matrix(obj, name).map(Held::Scores)
    }

    /// The core view (borrowed; `Send`, for use with the GIL released).
    pub fn source(&self) -> PyResult<Source<'_>> {
        Ok(match self {
            Held::Lists(l) => Source::Ids(l.flat()?),
            Held::Ranks(a) => Source::Ranks(a.as_array()),
            Held::OwnedRanks(a) => Source::Ranks(a.view()),
            Held::Padded(a) => Source::Padded(a.as_array()),
            Held::Csr(ip, ix, rk) => Source::Csr(
                ip.as_array(),
                ix.as_array(),
                rk.as_ref().map(|r| r.as_array()),
            ),
            Held::Scores(a) => Source::Scores(a.view()),
        })
    }
}

/// Mentor maximum loads (`max_load=`): `None` (all 1), a sequence (one per mentor) or, with ids, a dict by mentor
/// id (mentors not in the dict keep capacity 1).
pub fn parse_capacities(
    obj: Option<&Bound<'_, PyAny>>,
    mentor_ids: Option<&[String]>,
    m: usize,
) -> PyResult<Vec<u32>> {
    let Some(obj) = obj else {
        return Ok(vec![1; m]);
    };
    let label = |j: usize| match mentor_ids {
        Some(ids) => format!("mentor {:?}", ids[j]),
        None => format!("mentor {j}"),
    };
    let check = |j: usize, v: i64| -> PyResult<u32> {
        u32::try_from(v).map_err(|_| {
            InvalidValueError::new_err(format!(
                "max_load: load of {} is {v}; must be an integer in [0, 2**32)",
                label(j)
            ))
        })
    };
    if let Ok(d) = obj.downcast::<PyDict>() {
        let Some(ids) = mentor_ids else {
            return Err(PyTypeError::new_err(
                "max_load may be a dict by mentor id only when the preferences have ids",
            ));
        };
        let index: std::collections::HashMap<&str, usize> = ids
            .iter()
            .enumerate()
            .map(|(j, id)| (id.as_str(), j))
            .collect();
        let mut caps = vec![1u32; m];
        for (k, v) in d.iter() {
            let id: String = k.extract().map_err(|_| {
                PyTypeError::new_err(format!(
                    "max_load: keys must be str ids, got {}",
                    type_name(&k)
                ))
            })?;
            let j = *index.get(id.as_str()).ok_or_else(|| {
                UnknownIdError::new_err(format!("max_load: unknown mentor id {id:?}"))
            })?;
            let v: i64 = v.extract().map_err(|_| {
                PyTypeError::new_err(format!(
                    "max_load[{id:?}] must be an int, got {}",
                    type_name(&v)
                ))
            })?;
            caps[j] = check(j, v)?;
        }
        return Ok(caps);
    }
    if is_unordered(obj) {
        return Err(PyTypeError::new_err(format!(
            "max_load must be a sequence of ints (one per mentor) or a dict by mentor id, got {}",
            type_name(obj)
        )));
    }
    let v: Vec<i64> = obj.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "max_load must be a sequence of ints (one per mentor){}, got {}",
            if mentor_ids.is_some() {
                " or a dict by mentor id"
            } else {
                ""
            },
            type_name(obj)
        ))
    })?;
    if v.len() != m {
        return Err(ShapeError::new_err(format!(
            "max_load has length {}, expected {m} (one per mentor)",
            v.len()
        )));
    }
    v.iter().enumerate().map(|(j, &c)| check(j, c)).collect()
}

// ---------------------------------------------------------------- output

pub fn label<'py>(
    py: Python<'py>,
    i: usize,
    ids: Option<&[String]>,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match ids.and_then(|ids| ids.get(i)) {
        Some(id) => PyString::new(py, id).into_any(),
        None => i.into_pyobject(py)?.into_any(),
    })
}

pub fn pairs_out<'py>(
    py: Python<'py>,
    pairs: &[(usize, usize)],
    a: Option<&[String]>,
    b: Option<&[String]>,
) -> PyResult<Bound<'py, PyList>> {
    let items = pairs
        .iter()
        .map(|&(i, j)| (label(py, i, a)?, label(py, j, b)?).into_pyobject(py))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

pub fn stats_dict<'py>(py: Python<'py>, s: &RankStats) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("n_participants", s.n_participants)?;
    d.set_item("n_matched", s.n_matched)?;
    d.set_item("n_unmatched", s.n_unmatched)?;
    d.set_item("n_first_choice", s.n_first_choice)?;
    d.set_item("first_choice_share", s.first_choice_share)?;
    d.set_item("mean_rank", s.mean_rank)?;
    d.set_item("worst_rank", s.worst_rank)?;
    d.set_item("n_unlisted", s.n_unlisted)?;
    Ok(d)
}

/// A `threads=` keyword: `None` (rayon's global pool) or a count in `[1, 1024]`.
pub fn parse_threads(threads: Option<i64>) -> PyResult<Option<usize>> {
    match threads {
        None => Ok(None),
        Some(n) => usize::try_from(n)
            .ok()
            .filter(|&n| (1..=nastavnik::parallel::MAX_THREADS).contains(&n))
            .map(Some)
            .ok_or_else(|| {
                InvalidValueError::new_err(format!(
                    "threads must lie in [1, {}], got {n}",
                    nastavnik::parallel::MAX_THREADS
                ))
            }),
    }
}
