//! Python mirrors of stated preferences and stable matching (`nastavnik::preferences`,
//! `nastavnik::assign::stable`, `nastavnik::assign::roommates`).
//!
//! Preferences come either as dicts of ranked lists by id or as integer rank matrices
//! (mentees × mentors). Id strings are borrowed from the Python objects (an arena of owned
//! references keeps them alive while the GIL is released), so large dicts are not copied twice.

use std::collections::HashSet;

use rustc_hash::FxHashSet;

use nastavnik::Error;
use nastavnik::assign::{self, Proposer, RankStats, StableOptions};
use nastavnik::preferences::{Acceptability, PeerPreferences, Preferences, RankedLists, Side};
use ndarray::{Array2, ArrayView1, ArrayView2};
use numpy::{
    AllowTypeChange, PyArrayDescrMethods, PyArrayLike1, PyArrayLike2, PyUntypedArray,
    PyUntypedArrayMethods,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyMapping, PyString, PyTuple};

use crate::assign::{PyAssignment, PyPeerMatching};
use crate::convert::f64s;
use crate::errors::{InvalidValueError, NonFiniteError, ShapeError, UnknownIdError, run_detached};

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "?".to_string(), |n| n.to_string())
}

fn parse_proposer(s: &str) -> PyResult<Proposer> {
    match s {
        "mentee" | "mentees" => Ok(Proposer::Mentees),
        "mentor" | "mentors" => Ok(Proposer::Mentors),
        other => Err(InvalidValueError::new_err(format!(
            "proposer must be \"mentee\" or \"mentor\", got {other:?}"
        ))),
    }
}

fn parse_acceptability(s: &str) -> PyResult<Acceptability> {
    match s {
        "mutual" => Ok(Acceptability::Mutual),
        "either" => Ok(Acceptability::Either),
        other => Err(InvalidValueError::new_err(format!(
            "acceptability must be \"mutual\" or \"either\", got {other:?}"
        ))),
    }
}

fn parse_seed(obj: &Bound<'_, PyAny>) -> PyResult<u64> {
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

// ---------------------------------------------------------------- lists by id

/// One side's lists by id, held as owned references to the Python strings.
/// Layout: per owner, its key then its entries; `n_groups[a]` groups of sizes `sizes[..]`.
struct RawLists<'py> {
    strs: Vec<Bound<'py, PyString>>,
    n_groups: Vec<u32>,
    sizes: Vec<u32>,
}

/// Borrowed view: `(owner id, tie groups of ids)` in dict order.
type IdLists<'a> = Vec<(&'a str, Vec<Vec<&'a str>>)>;

impl<'py> RawLists<'py> {
    fn read(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Self> {
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
                PyTypeError::new_err(format!(
                    "{name}[{:?}] must be a list of ids (str) or of lists of tied ids, got {}",
                    label(),
                    type_name(v)
                ))
            };
            if v.is_instance_of::<PyString>() {
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
                            PyTypeError::new_err(format!(
                                "{name}[{:?}] entry {pos}: expected an id (str) or a list of tied ids (str), got {}",
                                label(),
                                type_name(x)
                            ))
                        };
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

    /// Flat view: list `r` is owned by `owners[r]` and holds `entries[indptr[r]..indptr[r + 1]]`
    /// with tie-group numbers `groups`.
    fn flat(&self) -> PyResult<FlatLists<'_>> {
        let n = self.n_groups.len();
        let nnz = self.strs.len() - n;
        let mut out = FlatLists {
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

    fn view(&self) -> PyResult<IdLists<'_>> {
        let s: Vec<&str> = self
            .strs
            .iter()
            .map(|x| x.to_str())
            .collect::<PyResult<_>>()?;
        let mut out = Vec::with_capacity(self.n_groups.len());
        let (mut p, mut g) = (0usize, 0usize);
        for &ng in &self.n_groups {
            let owner = s[p];
            p += 1;
            let mut groups = Vec::with_capacity(ng as usize);
            for _ in 0..ng {
                let k = self.sizes[g] as usize;
                g += 1;
                groups.push(s[p..p + k].to_vec());
                p += k;
            }
            out.push((owner, groups));
        }
        Ok(out)
    }
}

/// One side's lists by id, flat: list `r` is owned by `owners[r]` and holds
/// `entries[indptr[r]..indptr[r + 1]]` (best first) with tie-group numbers `groups`.
struct FlatLists<'a> {
    owners: Vec<&'a str>,
    indptr: Vec<usize>,
    entries: Vec<&'a str>,
    groups: Vec<u32>,
}

/// Ids of one side: `given`, or the keys of `own` followed by every id named in `named_in` (in
/// order of first appearance). An id named by the other side that is a key of the other side's
/// dict only (e.g. a mentee listing another mentee) is an `UnknownIdError`.
fn resolve_ids<'a>(
    given: Option<&'a [String]>,
    own: &FlatLists<'a>,
    named_in: &FlatLists<'a>,
    labels: (&str, &str, &str),
) -> PyResult<Vec<&'a str>> {
    if let Some(g) = given {
        return Ok(g.iter().map(String::as_str).collect());
    }
    let (target, owner, kw) = labels;
    let mut seen: FxHashSet<&str> =
        FxHashSet::with_capacity_and_hasher(own.owners.len() * 2, Default::default());
    let mut ids = Vec::with_capacity(own.owners.len());
    for &k in &own.owners {
        if seen.insert(k) {
            ids.push(k);
        }
    }
    let other_keys: FxHashSet<&str> = named_in.owners.iter().copied().collect();
    for (r, o) in named_in.owners.iter().enumerate() {
        for &id in &named_in.entries[named_in.indptr[r]..named_in.indptr[r + 1]] {
            if seen.contains(id) {
                continue;
            }
            if id != *o && other_keys.contains(id) {
                return Err(UnknownIdError::new_err(format!(
                    "{owner} {o:?} lists {id:?}, which is a {owner} (a key of the {owner} \
                     preferences), not a {target}; pass {kw}= if the two sides share ids"
                )));
            }
            seen.insert(id);
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Peer ids: `given`, or the keys followed by every id named in a list.
fn resolve_peer_ids<'a>(given: Option<&'a [String]>, lists: &IdLists<'a>) -> Vec<&'a str> {
    if let Some(g) = given {
        return g.iter().map(String::as_str).collect();
    }
    let mut seen: HashSet<&str> = HashSet::with_capacity(lists.len());
    let mut ids = Vec::with_capacity(lists.len());
    for &id in lists
        .iter()
        .map(|(k, _)| k)
        .chain(lists.iter().flat_map(|(_, g)| g.iter().flatten()))
    {
        if seen.insert(id) {
            ids.push(id);
        }
    }
    ids
}

// ---------------------------------------------------------------- matrices

fn as_2d<'py>(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Bound<'py, PyUntypedArray>> {
    let py = obj.py();
    let arr = match obj.downcast::<PyUntypedArray>() {
        Ok(a) => a.clone(),
        Err(_) => {
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
            "{name} must be 2-D (mentees x mentors), got {} dimension(s) of shape {:?}",
            arr.ndim(),
            arr.shape()
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

/// An integer rank matrix, borrowed from numpy when it already holds integers.
enum RankSrc<'py> {
    Py(PyArrayLike2<'py, i64, AllowTypeChange>),
    Owned(Array2<i64>),
}

impl RankSrc<'_> {
    fn view(&self) -> ArrayView2<'_, i64> {
        match self {
            RankSrc::Py(a) => a.as_array(),
            RankSrc::Owned(a) => a.view(),
        }
    }
}

/// An integer rank matrix: integer arrays directly (no copy), float arrays when every entry is
/// integral.
fn rank_matrix<'py>(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<RankSrc<'py>> {
    let arr = as_2d(obj, name)?;
    if arr.dtype().kind() != b'f' {
        return Ok(RankSrc::Py(arr.as_any().extract()?));
    }
    let f = f64s(arr.as_any(), name)?;
    for ((r, c), &v) in f.indexed_iter() {
        if !v.is_finite() {
            return Err(NonFiniteError::new_err(format!(
                "{name} holds {v} at row {r}, column {c}; ranks must be integers"
            )));
        }
        if v.fract() != 0.0 {
            return Err(InvalidValueError::new_err(format!(
                "{name} holds {v} at row {r}, column {c}; ranks must be integers \
                 (use stable_matching_from_scores for scores)"
            )));
        }
    }
    Ok(RankSrc::Owned(f.mapv(|v| v as i64)))
}

/// Preference lists given as integer arrays (`layout="lists"`), borrowed from numpy.
enum ListSrc<'py> {
    /// Owners x list length, target indices best first, negative = padding.
    Padded(PyArrayLike2<'py, i64, AllowTypeChange>),
    /// `(indptr, indices[, ranks])`.
    Csr(
        PyArrayLike1<'py, i64, AllowTypeChange>,
        PyArrayLike1<'py, i64, AllowTypeChange>,
        Option<PyArrayLike1<'py, i64, AllowTypeChange>>,
    ),
}

/// GIL-free view of a [`ListSrc`].
enum ListView<'a> {
    Padded(ArrayView2<'a, i64>),
    Csr(
        ArrayView1<'a, i64>,
        ArrayView1<'a, i64>,
        Option<ArrayView1<'a, i64>>,
    ),
}

fn int_array1<'py>(
    obj: &Bound<'py, PyAny>,
    name: &str,
) -> PyResult<PyArrayLike1<'py, i64, AllowTypeChange>> {
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
    a.as_any().extract()
}

fn list_arrays<'py>(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<ListSrc<'py>> {
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
        return Ok(ListSrc::Csr(ip, ix, rk));
    }
    let arr = as_2d(obj, name)?;
    if !matches!(arr.dtype().kind(), b'i' | b'u') {
        return Err(PyTypeError::new_err(format!(
            "{name} with layout=\"lists\" must hold integer indices (-1 = padding), got dtype {}",
            arr.dtype()
        )));
    }
    Ok(ListSrc::Padded(arr.as_any().extract()?))
}

impl ListSrc<'_> {
    fn view(&self) -> ListView<'_> {
        match self {
            ListSrc::Padded(a) => ListView::Padded(a.as_array()),
            ListSrc::Csr(ip, ix, rk) => ListView::Csr(
                ip.as_array(),
                ix.as_array(),
                rk.as_ref().map(|r| r.as_array()),
            ),
        }
    }

    fn n_owners(&self) -> usize {
        match self {
            ListSrc::Padded(a) => a.as_array().nrows(),
            ListSrc::Csr(ip, ..) => ip.as_array().len().saturating_sub(1),
        }
    }
}

impl ListView<'_> {
    /// Number of owners (lists).
    fn n_owners(&self) -> usize {
        match self {
            ListView::Padded(a) => a.nrows(),
            ListView::Csr(ip, ..) => ip.len().saturating_sub(1),
        }
    }

    /// The lists as a core `RankedLists` (validated by `RankedLists::from_csr`).
    fn build(&self, side: Side, n_targets: usize) -> nastavnik::Result<RankedLists> {
        let what = format!("{} preference lists", side.owner_label());
        let idx = |v: i64, k: usize| -> nastavnik::Result<u32> {
            u32::try_from(v).map_err(|_| {
                Error::invalid(
                    what.clone(),
                    format!("entry {k} is {v}; indices must lie in [0, 2**32)"),
                )
            })
        };
        match self {
            ListView::Padded(a) => {
                let mut indptr = Vec::with_capacity(a.nrows() + 1);
                indptr.push(0usize);
                let mut items = Vec::with_capacity(a.len());
                let mut ranks = Vec::with_capacity(a.len());
                for row in a.rows() {
                    let start = items.len();
                    for &v in row.iter().filter(|&&v| v >= 0) {
                        ranks.push((items.len() - start) as u32);
                        items.push(idx(v, items.len())?);
                    }
                    indptr.push(items.len());
                }
                RankedLists::from_csr(side, n_targets, indptr, items, ranks)
            }
            ListView::Csr(ip, ix, rk) => {
                let indptr = ip
                    .iter()
                    .enumerate()
                    .map(|(k, &v)| {
                        usize::try_from(v).map_err(|_| {
                            Error::invalid(
                                "preference indptr",
                                format!("indptr[{k}] is {v}; must be >= 0"),
                            )
                        })
                    })
                    .collect::<nastavnik::Result<Vec<usize>>>()?;
                let items = ix
                    .iter()
                    .enumerate()
                    .map(|(k, &v)| idx(v, k))
                    .collect::<nastavnik::Result<Vec<u32>>>()?;
                let ranks = match rk {
                    Some(r) => r
                        .iter()
                        .enumerate()
                        .map(|(k, &v)| {
                            u32::try_from(v).map_err(|_| {
                                Error::invalid(
                                    "preference ranks",
                                    format!("ranks[{k}] is {v}; must lie in [0, 2**32)"),
                                )
                            })
                        })
                        .collect::<nastavnik::Result<Vec<u32>>>()?,
                    None => {
                        // strict lists: position within the row (invalid indptr is reported by
                        // from_csr, rows that do not fit are left at 0)
                        let mut r = vec![0u32; items.len()];
                        for w in indptr.windows(2) {
                            if w[0] <= w[1] && w[1] <= r.len() {
                                for (p, x) in r[w[0]..w[1]].iter_mut().enumerate() {
                                    *x = p as u32;
                                }
                            }
                        }
                        r
                    }
                };
                if indptr.is_empty() {
                    return Err(Error::invalid("preference indptr", "must start with 0"));
                }
                RankedLists::from_csr(side, n_targets, indptr, items, ranks)
            }
        }
    }
}

fn score_matrix(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Array2<f64>> {
    let arr = as_2d(obj, name)?;
    f64s(arr.as_any(), name)
}

/// Mentor capacities: `None` (all 1), a sequence (one per mentor) or, with ids, a dict by mentor
/// id (mentors not in the dict keep capacity 1).
fn parse_capacities(
    obj: Option<&Bound<'_, PyAny>>,
    mentor_ids: Option<&[&str]>,
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
                "capacities: capacity of {} is {v}; must be an integer in [0, 2**32)",
                label(j)
            ))
        })
    };
    if let Ok(d) = obj.downcast::<PyDict>() {
        let Some(ids) = mentor_ids else {
            return Err(PyTypeError::new_err(
                "capacities may be a dict by mentor id only when the preferences are given by id",
            ));
        };
        let index: std::collections::HashMap<&str, usize> =
            ids.iter().enumerate().map(|(j, &id)| (id, j)).collect();
        let mut caps = vec![1u32; m];
        for (k, v) in d.iter() {
            let id: String = k.extract().map_err(|_| {
                PyTypeError::new_err(format!(
                    "capacities: keys must be str ids, got {}",
                    type_name(&k)
                ))
            })?;
            let j = *index.get(id.as_str()).ok_or_else(|| {
                UnknownIdError::new_err(format!("capacities: unknown mentor id {id:?}"))
            })?;
            let v: i64 = v.extract().map_err(|_| {
                PyTypeError::new_err(format!(
                    "capacities[{id:?}] must be an int, got {}",
                    type_name(&v)
                ))
            })?;
            caps[j] = check(j, v)?;
        }
        return Ok(caps);
    }
    let v: Vec<i64> = obj.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "capacities must be a sequence of ints (one per mentor){}, got {}",
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
            "capacities has length {}, expected {m} (one per mentor)",
            v.len()
        )));
    }
    v.iter().enumerate().map(|(j, &c)| check(j, c)).collect()
}

// ---------------------------------------------------------------- preferences input

/// The GIL-free part of the input (no Python references: moved into the detached closure).
enum Raw {
    Ids,
    Ranks,
    Lists,
    Scores(Array2<f64>, Option<Array2<f64>>),
}

/// Everything needed to build `Preferences` (parsed with the GIL held).
struct PrefArgs<'py> {
    lists: Option<(RawLists<'py>, RawLists<'py>)>,
    ranks: Option<(RankSrc<'py>, RankSrc<'py>)>,
    arrays: Option<(ListSrc<'py>, ListSrc<'py>)>,
    core: Core,
}

struct Core {
    raw: Raw,
    mentee_ids: Option<Vec<String>>,
    mentor_ids: Option<Vec<String>>,
    blend: Option<(Array2<f64>, Option<Array2<f64>>)>,
    weight: f64,
    acceptability: Acceptability,
}

fn parse_layout(s: &str) -> PyResult<bool> {
    match s {
        "ranks" => Ok(false),
        "lists" => Ok(true),
        other => Err(InvalidValueError::new_err(format!(
            "layout must be \"ranks\" or \"lists\", got {other:?}"
        ))),
    }
}

#[allow(clippy::too_many_arguments)]
fn parse_prefs<'py>(
    mentee_prefs: &Bound<'py, PyAny>,
    mentor_prefs: &Bound<'py, PyAny>,
    mentee_ids: Option<Vec<String>>,
    mentor_ids: Option<Vec<String>>,
    scores: Option<&Bound<'py, PyAny>>,
    mentor_scores: Option<&Bound<'py, PyAny>>,
    weight: f64,
    acceptability: &str,
    from_scores: bool,
    layout: &str,
) -> PyResult<PrefArgs<'py>> {
    let acceptability = parse_acceptability(acceptability)?;
    let as_lists = parse_layout(layout)?;
    let is_map =
        |o: &Bound<'py, PyAny>| o.downcast::<PyMapping>().is_ok() || o.is_instance_of::<PyDict>();
    let (mut lists, mut ranks, mut arrays) = (None, None, None);
    if !from_scores && mentor_prefs.is_none() {
        return Err(PyTypeError::new_err(
            "mentor_prefs is required (a dict by id or a rank matrix)",
        ));
    }
    let raw = if from_scores {
        let e = score_matrix(mentee_prefs, "mentee_scores")?;
        let m = if mentor_prefs.is_none() {
            None
        } else {
            Some(score_matrix(mentor_prefs, "mentor_scores")?)
        };
        Raw::Scores(e, m)
    } else {
        match (is_map(mentee_prefs), is_map(mentor_prefs)) {
            (true, true) => {
                lists = Some((
                    RawLists::read(mentee_prefs, "mentee_prefs")?,
                    RawLists::read(mentor_prefs, "mentor_prefs")?,
                ));
                Raw::Ids
            }
            (false, false) if as_lists => {
                arrays = Some((
                    list_arrays(mentee_prefs, "mentee_prefs")?,
                    list_arrays(mentor_prefs, "mentor_prefs")?,
                ));
                Raw::Lists
            }
            (false, false) => {
                ranks = Some((
                    rank_matrix(mentee_prefs, "mentee_prefs")?,
                    rank_matrix(mentor_prefs, "mentor_prefs")?,
                ));
                Raw::Ranks
            }
            _ => {
                return Err(PyTypeError::new_err(
                    "mentee_prefs and mentor_prefs must both be dicts of ranked lists by id or \
                     both be rank matrices (mentees x mentors) or, with layout=\"lists\", both \
                     index lists as arrays",
                ));
            }
        }
    };
    let blend = match scores {
        None => {
            if mentor_scores.is_some() {
                return Err(PyTypeError::new_err("mentor_scores needs scores= as well"));
            }
            None
        }
        Some(s) => Some((
            score_matrix(s, "scores")?,
            mentor_scores
                .map(|m| score_matrix(m, "mentor_scores"))
                .transpose()?,
        )),
    };
    let dims = match (&raw, &ranks) {
        (Raw::Ranks, Some((e, m))) => Some((e.view().dim(), m.view().dim())),
        (Raw::Scores(e, Some(m)), _) => Some((e.dim(), m.dim())),
        _ => None,
    };
    if let Some((e, m)) = dims
        && e != m
    {
        let name = if from_scores {
            "mentor_scores"
        } else {
            "mentor_prefs"
        };
        return Err(ShapeError::new_err(format!(
            "{name} has shape {}x{}, expected {}x{} like the mentee side (mentees x mentors)",
            m.0, m.1, e.0, e.1
        )));
    }
    Ok(PrefArgs {
        lists,
        ranks,
        arrays,
        core: Core {
            raw,
            mentee_ids,
            mentor_ids,
            blend,
            weight,
            acceptability,
        },
    })
}

/// Prepared input: borrowed id lists, matrices and arrays, and resolved ids.
struct Prepared<'a> {
    lists: Option<(FlatLists<'a>, FlatLists<'a>)>,
    ranks: Option<(ArrayView2<'a, i64>, ArrayView2<'a, i64>)>,
    arrays: Option<(ListView<'a>, ListView<'a>)>,
    mentee_ids: Option<Vec<&'a str>>,
    mentor_ids: Option<Vec<&'a str>>,
    m: usize,
}

impl<'py> PrefArgs<'py> {
    fn prepare(&self) -> PyResult<Prepared<'_>> {
        let given_e = self.core.mentee_ids.as_deref();
        let given_m = self.core.mentor_ids.as_deref();
        let mut prepared_ranks = None;
        let mut prepared_arrays = None;
        let (lists, e_ids, m_ids, n, m) = match (&self.core.raw, &self.lists) {
            (Raw::Ids, None) => return Err(PyTypeError::new_err("internal: lists not read")),
            (Raw::Ids, Some((e, m))) => {
                let (e, m) = (e.flat()?, m.flat()?);
                let e_ids = resolve_ids(given_e, &e, &m, ("mentee", "mentor", "mentee_ids"))?;
                let m_ids = resolve_ids(given_m, &m, &e, ("mentor", "mentee", "mentor_ids"))?;
                let (n, mm) = (e_ids.len(), m_ids.len());
                (Some((e, m)), Some(e_ids), Some(m_ids), n, mm)
            }
            (raw, _) => {
                let (n, m) = match raw {
                    Raw::Scores(s, _) => s.dim(),
                    Raw::Ranks => {
                        let Some((e, mr)) = &self.ranks else {
                            return Err(PyTypeError::new_err("internal: ranks not read"));
                        };
                        let (e, mr) = (e.view(), mr.view());
                        let d = e.dim();
                        prepared_ranks = Some((e, mr));
                        d
                    }
                    Raw::Lists => {
                        let Some((e, mr)) = &self.arrays else {
                            return Err(PyTypeError::new_err("internal: lists not read"));
                        };
                        let d = (e.n_owners(), mr.n_owners());
                        prepared_arrays = Some((e.view(), mr.view()));
                        d
                    }
                    Raw::Ids => (0, 0),
                };
                for (ids, len, what) in [(given_e, n, "mentee_ids"), (given_m, m, "mentor_ids")] {
                    if let Some(ids) = ids
                        && ids.len() != len
                    {
                        return Err(ShapeError::new_err(format!(
                            "{what} has length {}, expected {len} (the matrix is {n}x{m}, mentees x mentors)",
                            ids.len()
                        )));
                    }
                }
                (None, borrow_ids(given_e), borrow_ids(given_m), n, m)
            }
        };
        if let Some((s, ms)) = &self.core.blend {
            for (x, what) in [(Some(s), "scores"), (ms.as_ref(), "mentor_scores")] {
                if let Some(x) = x
                    && x.dim() != (n, m)
                {
                    return Err(ShapeError::new_err(format!(
                        "{what} has shape {}x{}, expected {n}x{m} (mentees x mentors)",
                        x.nrows(),
                        x.ncols()
                    )));
                }
            }
        }
        Ok(Prepared {
            lists,
            ranks: prepared_ranks,
            arrays: prepared_arrays,
            mentee_ids: e_ids,
            mentor_ids: m_ids,
            m,
        })
    }
}

impl Core {
    /// Build the core preferences (call with the GIL released).
    fn build(&self, p: &Prepared<'_>) -> nastavnik::Result<Preferences> {
        let acc = self.acceptability;
        let (e, m) = match (&self.raw, &p.lists, &p.ranks, &p.arrays) {
            (Raw::Ids, Some((el, ml)), ..) => {
                let (ei, mi) = (
                    p.mentee_ids.as_deref().unwrap_or_default(),
                    p.mentor_ids.as_deref().unwrap_or_default(),
                );
                (
                    RankedLists::from_ids_flat(
                        Side::Mentee,
                        ei,
                        mi,
                        &el.owners,
                        &el.indptr,
                        &el.entries,
                        &el.groups,
                    )?,
                    RankedLists::from_ids_flat(
                        Side::Mentor,
                        mi,
                        ei,
                        &ml.owners,
                        &ml.indptr,
                        &ml.entries,
                        &ml.groups,
                    )?,
                )
            }
            (Raw::Ranks, _, Some((e, m)), _) => {
                if self.blend.is_none() {
                    return Preferences::from_rank_matrices(*e, *m, acc);
                }
                (
                    RankedLists::from_rank_matrix(Side::Mentee, *e)?,
                    RankedLists::from_rank_matrix(Side::Mentor, m.t())?,
                )
            }
            (Raw::Lists, _, _, Some((e, m))) => {
                let (n, mm) = (e.n_owners(), p.m);
                (e.build(Side::Mentee, mm)?, m.build(Side::Mentor, n)?)
            }
            (Raw::Scores(e, m), ..) => {
                return Preferences::from_scores(e.view(), m.as_ref().unwrap_or(e).view(), acc);
            }
            _ => {
                return Err(Error::invalid(
                    "preferences",
                    "internal: input not prepared",
                ));
            }
        };
        match &self.blend {
            None => Preferences::from_lists(e, m, acc),
            Some((s, ms)) => Preferences::blend(
                &e,
                &m,
                s.view(),
                ms.as_ref().unwrap_or(s).view(),
                self.weight,
                acc,
            ),
        }
    }
}

fn borrow_ids(g: Option<&[String]>) -> Option<Vec<&str>> {
    g.map(|g| g.iter().map(String::as_str).collect())
}

fn owned(ids: &Option<Vec<&str>>) -> Option<Vec<String>> {
    ids.as_ref()
        .map(|v| v.iter().map(|s| (*s).to_string()).collect())
}

fn label<'py>(py: Python<'py>, i: usize, ids: Option<&[String]>) -> PyResult<Bound<'py, PyAny>> {
    Ok(match ids {
        Some(ids) => PyString::new(py, &ids[i]).into_any(),
        None => i.into_pyobject(py)?.into_any(),
    })
}

fn pairs_out<'py>(
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

fn stats_dict<'py>(py: Python<'py>, s: &RankStats) -> PyResult<Bound<'py, PyDict>> {
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

// ---------------------------------------------------------------- functions

#[allow(clippy::too_many_arguments)]
fn solve(
    py: Python<'_>,
    args: PrefArgs<'_>,
    capacities: Option<&Bound<'_, PyAny>>,
    proposer: &str,
    seed: &Bound<'_, PyAny>,
) -> PyResult<PyAssignment> {
    let options = StableOptions {
        proposer: parse_proposer(proposer)?,
        seed: parse_seed(seed)?,
    };
    let p = args.prepare()?;
    let caps = parse_capacities(capacities, p.mentor_ids.as_deref(), p.m)?;
    let core = &args.core;
    let a = run_detached(py, || {
        let prefs = core.build(&p)?;
        assign::stable_matching(&prefs, &caps, &options)
    })?;
    Ok(PyAssignment::new(
        a,
        owned(&p.mentee_ids),
        owned(&p.mentor_ids),
    ))
}

/// Deferred acceptance (Gale–Shapley) on stated preferences; see the stub for documentation.
#[pyfunction]
#[pyo3(signature = (mentee_prefs, mentor_prefs, *, capacities = None, proposer = "mentee", seed = None,
                    acceptability = "mutual", mentee_ids = None, mentor_ids = None, scores = None,
                    mentor_scores = None, weight = 0.5, layout = "ranks"))]
#[allow(clippy::too_many_arguments)]
pub fn stable_matching<'py>(
    py: Python<'py>,
    mentee_prefs: &Bound<'py, PyAny>,
    mentor_prefs: &Bound<'py, PyAny>,
    capacities: Option<&Bound<'py, PyAny>>,
    proposer: &str,
    seed: Option<&Bound<'py, PyAny>>,
    acceptability: &str,
    mentee_ids: Option<Vec<String>>,
    mentor_ids: Option<Vec<String>>,
    scores: Option<&Bound<'py, PyAny>>,
    mentor_scores: Option<&Bound<'py, PyAny>>,
    weight: f64,
    layout: &str,
) -> PyResult<PyAssignment> {
    let args = parse_prefs(
        mentee_prefs,
        mentor_prefs,
        mentee_ids,
        mentor_ids,
        scores,
        mentor_scores,
        weight,
        acceptability,
        false,
        layout,
    )?;
    let zero = 0u64.into_pyobject(py)?.into_any();
    solve(py, args, capacities, proposer, seed.unwrap_or(&zero))
}

/// `(scores, mentee ids, mentor ids, mentor capacities)` of a `ScoreMatrix`.
type ScoreMatrixParts<'py> = (
    Bound<'py, PyAny>,
    Vec<String>,
    Vec<String>,
    Bound<'py, PyAny>,
);

fn score_matrix_parts<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Option<ScoreMatrixParts<'py>>> {
    if obj.downcast::<crate::scoring::PyScoreMatrix>().is_err() {
        return Ok(None);
    }
    Ok(Some((
        obj.getattr("scores")?,
        obj.getattr("mentee_ids")?.extract()?,
        obj.getattr("mentor_ids")?.extract()?,
        obj.getattr("mentor_capacity")?,
    )))
}

/// Deferred acceptance where each side ranks the other by a score matrix.
#[pyfunction]
#[pyo3(signature = (mentee_scores, mentor_scores = None, *, capacities = None, proposer = "mentee",
                    seed = None, acceptability = "mutual", mentee_ids = None, mentor_ids = None))]
#[allow(clippy::too_many_arguments)]
pub fn stable_matching_from_scores<'py>(
    py: Python<'py>,
    mentee_scores: &Bound<'py, PyAny>,
    mentor_scores: Option<&Bound<'py, PyAny>>,
    capacities: Option<&Bound<'py, PyAny>>,
    proposer: &str,
    seed: Option<&Bound<'py, PyAny>>,
    acceptability: &str,
    mentee_ids: Option<Vec<String>>,
    mentor_ids: Option<Vec<String>>,
) -> PyResult<PyAssignment> {
    let none = py.None().into_bound(py);
    let (mut e, mut e_ids, mut m_ids, caps) = (
        mentee_scores.clone(),
        mentee_ids,
        mentor_ids,
        capacities.cloned(),
    );
    if let Some((s, ei, mi, _capacity)) = score_matrix_parts(mentee_scores)? {
        e = s;
        e_ids = e_ids.or(Some(ei));
        m_ids = m_ids.or(Some(mi));
        // one-to-one unless `capacities` is given, as every strategy
    }
    let m = match mentor_scores {
        Some(ms) => match score_matrix_parts(ms)? {
            Some((s, ..)) => s,
            None => ms.clone(),
        },
        None => none,
    };
    let args = parse_prefs(
        &e,
        &m,
        e_ids,
        m_ids,
        None,
        None,
        0.0,
        acceptability,
        true,
        "ranks",
    )?;
    let zero = 0u64.into_pyobject(py)?.into_any();
    solve(py, args, caps.as_ref(), proposer, seed.unwrap_or(&zero))
}

/// Preference inputs of an assignment check: (mentee prefs, mentor prefs, mentee ids, mentor ids).
type CheckPrefs<'a, 'py> = (
    &'a Bound<'py, PyAny>,
    Option<&'a Bound<'py, PyAny>>,
    Option<Vec<String>>,
    Option<Vec<String>>,
);

/// Optional score blending of an assignment check: (scores, mentor scores, weight, from scores).
type CheckBlend<'a, 'py> = (
    Option<&'a Bound<'py, PyAny>>,
    Option<&'a Bound<'py, PyAny>>,
    f64,
    bool,
);

/// Parse the preferences an assignment is checked against (`blocking_pairs`, `rank_stats`),
/// taking ids from the assignment when the lists are given by id, and run `check` on them.
fn with_check_prefs<'py, R>(
    py: Python<'py>,
    assignment: &PyAssignment,
    (mentee_prefs, mentor_prefs, mentee_ids, mentor_ids): CheckPrefs<'_, 'py>,
    (scores, mentor_scores, weight, from_scores): CheckBlend<'_, 'py>,
    acceptability: &str,
    layout: &str,
    check: impl FnOnce(&Prepared<'_>, &Core) -> PyResult<R>,
) -> PyResult<R> {
    let none = py.None().into_bound(py);
    let mp = mentor_prefs.unwrap_or(&none);
    let by_id = mentee_prefs.downcast::<PyMapping>().is_ok();
    let (ei, mi) = assignment_ids(assignment, mentee_ids, mentor_ids, by_id);
    let args = parse_prefs(
        mentee_prefs,
        mp,
        ei,
        mi,
        scores,
        mentor_scores,
        weight,
        acceptability,
        from_scores,
        layout,
    )?;
    let p = args.prepare()?;
    check(&p, &args.core)
}

fn assignment_ids(
    a: &PyAssignment,
    mentee_ids: Option<Vec<String>>,
    mentor_ids: Option<Vec<String>>,
    by_id: bool,
) -> (Option<Vec<String>>, Option<Vec<String>>) {
    if !by_id {
        return (mentee_ids, mentor_ids);
    }
    (
        mentee_ids.or_else(|| a.mentee_ids.clone()),
        mentor_ids.or_else(|| a.mentor_ids.clone()),
    )
}

/// Blocking pairs of an assignment under stated preferences.
#[pyfunction]
#[pyo3(signature = (assignment, mentee_prefs, mentor_prefs = None, *, capacities = None,
                    acceptability = "mutual", mentee_ids = None, mentor_ids = None, scores = None,
                    mentor_scores = None, weight = 0.5, from_scores = false, layout = "ranks"))]
#[allow(clippy::too_many_arguments)]
pub fn blocking_pairs<'py>(
    py: Python<'py>,
    assignment: &Bound<'py, PyAssignment>,
    mentee_prefs: &Bound<'py, PyAny>,
    mentor_prefs: Option<&Bound<'py, PyAny>>,
    capacities: Option<&Bound<'py, PyAny>>,
    acceptability: &str,
    mentee_ids: Option<Vec<String>>,
    mentor_ids: Option<Vec<String>>,
    scores: Option<&Bound<'py, PyAny>>,
    mentor_scores: Option<&Bound<'py, PyAny>>,
    weight: f64,
    from_scores: bool,
    layout: &str,
) -> PyResult<Bound<'py, PyList>> {
    let a = assignment.get();
    let prefs = (mentee_prefs, mentor_prefs, mentee_ids, mentor_ids);
    let blend = (scores, mentor_scores, weight, from_scores);
    with_check_prefs(py, a, prefs, blend, acceptability, layout, |p, core| {
        let caps = parse_capacities(capacities, p.mentor_ids.as_deref(), p.m)?;
        let out = run_detached(py, || {
            assign::blocking_pairs(&a.inner, &core.build(p)?, &caps)
        })?;
        let (e, m) = (owned(&p.mentee_ids), owned(&p.mentor_ids));
        pairs_out(py, &out, e.as_deref(), m.as_deref())
    })
}

/// Rank statistics of an assignment per side.
#[pyfunction]
#[pyo3(signature = (assignment, mentee_prefs, mentor_prefs = None, *, acceptability = "mutual",
                    mentee_ids = None, mentor_ids = None, scores = None, mentor_scores = None,
                    weight = 0.5, from_scores = false, layout = "ranks"))]
#[allow(clippy::too_many_arguments)]
pub fn rank_stats<'py>(
    py: Python<'py>,
    assignment: &Bound<'py, PyAssignment>,
    mentee_prefs: &Bound<'py, PyAny>,
    mentor_prefs: Option<&Bound<'py, PyAny>>,
    acceptability: &str,
    mentee_ids: Option<Vec<String>>,
    mentor_ids: Option<Vec<String>>,
    scores: Option<&Bound<'py, PyAny>>,
    mentor_scores: Option<&Bound<'py, PyAny>>,
    weight: f64,
    from_scores: bool,
    layout: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let a = assignment.get();
    let prefs = (mentee_prefs, mentor_prefs, mentee_ids, mentor_ids);
    let blend = (scores, mentor_scores, weight, from_scores);
    let (e, m) = with_check_prefs(py, a, prefs, blend, acceptability, layout, |p, core| {
        run_detached(py, || assign::rank_stats(&a.inner, &core.build(p)?))
    })?;
    let d = PyDict::new(py);
    d.set_item("mentee", stats_dict(py, &e)?)?;
    d.set_item("mentor", stats_dict(py, &m)?)?;
    Ok(d)
}

// ---------------------------------------------------------------- roommates

/// Outcome of `stable_roommates`; unpacks as `(matching, stable, blocking_pairs)`.
#[pyclass(name = "RoommatesResult", module = "nastavnik._nastavnik", frozen)]
pub struct PyRoommatesResult {
    #[pyo3(get)]
    matching: Py<PyPeerMatching>,
    #[pyo3(get)]
    stable: bool,
    #[pyo3(get)]
    blocking_pairs: Py<PyList>,
    #[pyo3(get)]
    set_aside: Py<PyList>,
    #[pyo3(get)]
    rank_stats: Py<PyDict>,
}

#[pymethods]
impl PyRoommatesResult {
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyIterator>> {
        (
            self.matching.clone_ref(py),
            self.stable,
            self.blocking_pairs.clone_ref(py),
        )
            .into_pyobject(py)?
            .try_iter()
    }

    fn __len__(&self) -> usize {
        3
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "RoommatesResult({} pairs, stable={}, {} blocking pairs, {} set aside)",
            self.matching.get().inner.pairs().len(),
            if self.stable { "True" } else { "False" },
            self.blocking_pairs.bind(py).len(),
            self.set_aside.bind(py).len()
        )
    }
}

/// Irving's stable roommates algorithm on stated peer preferences.
#[pyfunction]
#[pyo3(signature = (prefs, *, seed = None, acceptability = "mutual", ids = None))]
pub fn stable_roommates<'py>(
    py: Python<'py>,
    prefs: &Bound<'py, PyAny>,
    seed: Option<&Bound<'py, PyAny>>,
    acceptability: &str,
    ids: Option<Vec<String>>,
) -> PyResult<PyRoommatesResult> {
    let acc = parse_acceptability(acceptability)?;
    let seed = match seed {
        Some(s) => parse_seed(s)?,
        None => 0,
    };
    let mut raw_lists = None;
    let ranks = if prefs.downcast::<PyMapping>().is_ok() {
        raw_lists = Some(RawLists::read(prefs, "prefs")?);
        None
    } else {
        let r = rank_matrix(prefs, "prefs")?.view().to_owned();
        if r.nrows() != r.ncols() {
            return Err(ShapeError::new_err(format!(
                "prefs must be a square rank matrix (participants x participants), got {}x{}",
                r.nrows(),
                r.ncols()
            )));
        }
        if let Some(ids) = &ids
            && ids.len() != r.nrows()
        {
            return Err(ShapeError::new_err(format!(
                "ids has length {}, expected {} (one per row of prefs)",
                ids.len(),
                r.nrows()
            )));
        }
        Some(r)
    };
    let (lists, peer_ids) = match &raw_lists {
        Some(r) => {
            let l = r.view()?;
            let id = resolve_peer_ids(ids.as_deref(), &l);
            (Some(l), Some(id))
        }
        None => (
            None,
            ids.as_ref().map(|v| v.iter().map(String::as_str).collect()),
        ),
    };
    let (outcome, stats) = run_detached(py, || {
        let p = match (&ranks, &lists, &peer_ids) {
            (Some(r), _, _) => PeerPreferences::from_rank_matrix(r.view(), acc)?,
            (None, Some(l), Some(id)) => PeerPreferences::from_ids(id, l, acc)?,
            _ => return Err(Error::invalid("preferences", "internal: ids not prepared")),
        };
        let o = assign::stable_roommates(&p, seed)?;
        let s = assign::peer_rank_stats(&o.matching, &p)?;
        Ok((o, s))
    })?;
    let ids = owned(&peer_ids);
    let blocking = pairs_out(py, &outcome.blocking_pairs, ids.as_deref(), ids.as_deref())?;
    let set_aside = PyList::new(
        py,
        outcome
            .set_aside
            .iter()
            .map(|&i| label(py, i, ids.as_deref()))
            .collect::<PyResult<Vec<_>>>()?,
    )?;
    Ok(PyRoommatesResult {
        matching: Py::new(py, PyPeerMatching::new(outcome.matching, ids))?,
        stable: outcome.stable,
        blocking_pairs: blocking.unbind(),
        set_aside: set_aside.unbind(),
        rank_stats: stats_dict(py, &stats)?.unbind(),
    })
}
