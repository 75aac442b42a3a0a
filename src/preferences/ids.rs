//! Identifiers at the edge: lists given by string id are translated into positions in id slices
//! (unknown ids, duplicates and self-references reported by name).

use rustc_hash::FxHashMap;

use super::{Acceptability, NONE, PeerPreferences, Preferences, RankedLists, Side, check_u32};
use crate::error::{Error, Result};

impl RankedLists {
    /// Build one side's stated lists by string id: `lists` holds `(owner id, tie groups of target
    /// ids)`, best first; owners are positions in `owner_ids`, targets positions in `target_ids`
    /// (for [`Side::Peer`] pass the same slice twice). Owners without a list get an empty one.
    ///
    /// This keeps the raw stated lists (no acceptability filtering), e.g. for [`RankedLists::blend`].
    ///
    /// # Errors
    /// [`Error::DuplicateId`] for an id repeated in `owner_ids` or `target_ids`, an owner given two
    /// lists or a target named twice in one list; [`Error::UnknownId`] for an owner or target not
    /// in the id slices; [`Error::InvalidValue`] when an owner lists their own id.
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// let lists = vec![("ann", vec![vec!["lee"], vec!["kim", "max"]])];
    /// let l = RankedLists::from_ids(Side::Mentee, &["bob", "ann"], &["kim", "lee", "max"], &lists).unwrap();
    /// assert_eq!(l.groups(1), vec![vec![1], vec![0, 2]]);
    /// assert!(l.groups(0).is_empty());
    /// let bad = vec![("ann", vec![vec!["zoe"]])];
    /// let e = RankedLists::from_ids(Side::Mentee, &["ann"], &["kim"], &bad).unwrap_err();
    /// assert!(e.to_string().contains("zoe"));
    /// ```
    pub fn from_ids<S, K, V>(
        side: Side,
        owner_ids: &[S],
        target_ids: &[S],
        lists: &[(K, Vec<Vec<V>>)],
    ) -> Result<Self>
    where
        S: AsRef<str>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let owners = index_ids(owner_ids, &format!("{} ids", side.owner_label()))?;
        if side == Side::Peer {
            return nested_by_id(side, &owners, &owners, lists);
        }
        let targets = index_ids(target_ids, &format!("{} ids", side.target_label()))?;
        nested_by_id(side, &owners, &targets, lists)
    }

    /// Build one side's stated lists by string id from flat (CSR) input: list `r` belongs to
    /// `owners[r]` and holds `entries[indptr[r]..indptr[r + 1]]`, best first, where
    /// `groups[k]` numbers the tie group of entry `k` (non-decreasing within a list, equal =
    /// tie, any gaps). Same meaning and checks as [`RankedLists::from_ids`], without building
    /// nested vectors (the form a binding fills from a dict of lists); ids are hashed once.
    ///
    /// # Errors
    /// As [`RankedLists::from_ids`]; [`Error::ShapeMismatch`] when the arrays disagree;
    /// [`Error::InvalidValue`] for a non-monotone `indptr` or decreasing group numbers.
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// // ann: lee, then kim and max tied
    /// let l = RankedLists::from_ids_flat(Side::Mentee, &["bob", "ann"], &["kim", "lee", "max"],
    ///     &["ann"], &[0, 3], &["lee", "kim", "max"], &[0, 1, 1]).unwrap();
    /// assert_eq!(l.groups(1), vec![vec![1], vec![0, 2]]);
    /// assert!(l.groups(0).is_empty());
    /// ```
    pub fn from_ids_flat<S, K, V>(
        side: Side,
        owner_ids: &[S],
        target_ids: &[S],
        owners: &[K],
        indptr: &[usize],
        entries: &[V],
        groups: &[u32],
    ) -> Result<Self>
    where
        S: AsRef<str>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        if indptr.len() != owners.len() + 1 || indptr[0] != 0 {
            return Err(Error::shape(
                "flat preference lists",
                format!("indptr of {} entries starting at 0", owners.len() + 1),
                format!("{} entries", indptr.len()),
            ));
        }
        let nnz = indptr[owners.len()];
        if entries.len() != nnz || groups.len() != nnz {
            return Err(Error::shape(
                "flat preference lists",
                format!("{nnz} entries and group numbers (indptr[-1])"),
                format!("{} entries, {} group numbers", entries.len(), groups.len()),
            ));
        }
        if let Some(r) = (0..owners.len()).find(|&r| indptr[r + 1] < indptr[r]) {
            return Err(Error::invalid(
                "preference indptr",
                format!("decreases at list {r}"),
            ));
        }
        let owner_index = index_ids(owner_ids, &format!("{} ids", side.owner_label()))?;
        let target_index;
        let targets = if side == Side::Peer {
            &owner_index
        } else {
            target_index = index_ids(target_ids, &format!("{} ids", side.target_label()))?;
            &target_index
        };
        csr_by_id(
            side,
            &owner_index,
            targets,
            owners.len(),
            |r| owners[r].as_ref(),
            |r, f| {
                for k in indptr[r]..indptr[r + 1] {
                    f(groups[k], entries[k].as_ref())?;
                }
                Ok(())
            },
        )
    }
}

impl Preferences {
    /// Build from lists by string id: `mentee_lists` holds `(mentee id, tie groups of mentor ids)`,
    /// `mentor_lists` holds `(mentor id, tie groups of mentee ids)`. Index `i` is the position of a
    /// mentee in `mentee_ids`, `j` that of a mentor in `mentor_ids`. A participant without a list
    /// has an empty list. (A map converts with `.into_iter().collect::<Vec<_>>()`.)
    ///
    /// # Errors
    /// * [`Error::DuplicateId`] for an id repeated in `mentee_ids` / `mentor_ids`, a participant
    ///   given two lists (rows of the list slice), or an id named twice in one list (positions in
    ///   the flattened list);
    /// * [`Error::UnknownId`] for a list owner or a listed id not among the ids;
    /// * [`Error::InvalidValue`] for a self-reference (a mentee listing a mentor with its own id).
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, Preferences};
    /// let l = |o: &str, g: &[&[&str]]| (o.to_string(),
    ///     g.iter().map(|x| x.iter().map(|s| s.to_string()).collect()).collect::<Vec<Vec<String>>>());
    /// let e = Preferences::from_ids(&["a"], &["x"], &[l("a", &[&["y"]])], &[], Acceptability::Mutual);
    /// assert_eq!(e.unwrap_err().to_string(), "unknown id \"y\" in preference list of mentee \"a\"");
    /// let e = Preferences::from_ids(&["a"], &["x"], &[l("a", &[&["x"], &["x"]])], &[], Acceptability::Mutual);
    /// assert!(e.unwrap_err().to_string().contains("duplicate id \"x\""));
    /// ```
    pub fn from_ids<S, K, V>(
        mentee_ids: &[S],
        mentor_ids: &[S],
        mentee_lists: &[(K, Vec<Vec<V>>)],
        mentor_lists: &[(K, Vec<Vec<V>>)],
        acceptability: Acceptability,
    ) -> Result<Self>
    where
        S: AsRef<str>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mentee_index = index_ids(mentee_ids, "mentee ids")?;
        let mentor_index = index_ids(mentor_ids, "mentor ids")?;
        let e = nested_by_id(Side::Mentee, &mentee_index, &mentor_index, mentee_lists)?;
        let m = nested_by_id(Side::Mentor, &mentor_index, &mentee_index, mentor_lists)?;
        Self::from_lists(e, m, acceptability)
    }
}

impl PeerPreferences {
    /// Build from lists by string id: `(participant id, tie groups of participant ids)`.
    ///
    /// # Errors
    /// [`Error::DuplicateId`], [`Error::UnknownId`] as for [`Preferences::from_ids`];
    /// [`Error::InvalidValue`] when a participant lists themselves (naming the id).
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let lists = vec![("a".to_string(), vec![vec!["a".to_string()]])];
    /// let e = PeerPreferences::from_ids(&["a", "b"], &lists, Acceptability::Mutual).unwrap_err();
    /// assert!(e.to_string().contains("\"a\" lists themselves"));
    /// ```
    pub fn from_ids<S, K, V>(
        ids: &[S],
        lists: &[(K, Vec<Vec<V>>)],
        acceptability: Acceptability,
    ) -> Result<Self>
    where
        S: AsRef<str>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let index = index_ids(ids, "participant ids")?;
        let l = nested_by_id(Side::Peer, &index, &index, lists)?;
        Self::from_lists(l, acceptability)
    }
}

/// Position of each id in its slice (a fast non-cryptographic hash: ids are interned once).
type IdIndex<'a> = FxHashMap<&'a str, u32>;

fn index_ids<'a, S: AsRef<str>>(ids: &'a [S], what: &str) -> Result<IdIndex<'a>> {
    check_u32(ids.len(), what)?;
    let mut index = IdIndex::with_capacity_and_hasher(ids.len(), Default::default());
    for (k, id) in ids.iter().enumerate() {
        if let Some(first) = index.insert(id.as_ref(), k as u32) {
            return Err(Error::DuplicateId {
                what: what.to_string(),
                id: id.as_ref().to_string(),
                first: first as usize,
                second: k,
            });
        }
    }
    Ok(index)
}

/// One side's lists by id straight into CSR form. There are `n_rows` lists; `owner_of(r)` is the
/// owner id of list `r` and `each_entry(r, f)` calls `f(group, target id)` for its entries in
/// order (`group` non-decreasing; equal = tie). Checks, in this order per list: unknown or
/// repeated owner, then per entry self-reference, unknown target, target repeated in the list.
fn csr_by_id<'s>(
    side: Side,
    owners: &IdIndex<'_>,
    targets: &IdIndex<'_>,
    n_rows: usize,
    owner_of: impl Fn(usize) -> &'s str,
    each_entry: impl Fn(usize, &mut dyn FnMut(u32, &str) -> Result<()>) -> Result<()>,
) -> Result<RankedLists> {
    let owner = side.owner_label();
    let (n_owners, n_targets) = (owners.len(), targets.len());
    let mut row_of = vec![NONE; n_owners];
    // target -> (row that last named it, position): a stamp array instead of a per-row set
    let mut seen: Vec<(u32, u32)> = vec![(NONE, 0); n_targets];
    let mut row_ptr = Vec::with_capacity(n_rows + 1);
    row_ptr.push(0usize);
    let mut items: Vec<u32> = Vec::new();
    let mut ranks: Vec<u32> = Vec::new();
    let mut has_ties = false;
    for r in 0..n_rows {
        let oid = owner_of(r);
        let a = *owners.get(oid).ok_or_else(|| Error::UnknownId {
            what: format!("{owner} preference lists (list owners)"),
            id: oid.to_string(),
        })? as usize;
        if row_of[a] != NONE {
            return Err(Error::DuplicateId {
                what: format!("{owner} preference lists (a {owner} given two lists)"),
                id: oid.to_string(),
                first: row_of[a] as usize,
                second: r,
            });
        }
        row_of[a] = r as u32;
        let what = || format!("preference list of {owner} {oid:?}");
        let start = items.len();
        let mut last_group: Option<u32> = None;
        let mut rank = 0u32;
        let row = r as u32;
        each_entry(r, &mut |g, tid| {
            let pos = items.len() - start;
            if tid == oid {
                return Err(Error::invalid(what(), format!("{oid:?} lists themselves")));
            }
            let b = *targets.get(tid).ok_or_else(|| Error::UnknownId {
                what: what(),
                id: tid.to_string(),
            })? as usize;
            if seen[b].0 == row {
                return Err(Error::DuplicateId {
                    what: what(),
                    id: tid.to_string(),
                    first: seen[b].1 as usize,
                    second: pos,
                });
            }
            seen[b] = (row, pos as u32);
            match last_group {
                Some(l) if l == g => has_ties = true,
                Some(l) if g < l => {
                    return Err(Error::invalid(
                        what(),
                        format!("tie-group numbers decrease at position {pos}"),
                    ));
                }
                Some(_) => rank += 1,
                None => {}
            }
            last_group = Some(g);
            items.push(b as u32);
            ranks.push(rank);
            Ok(())
        })?;
        row_ptr.push(items.len());
    }
    check_u32(items.len(), "preference entries")?;
    let in_order = n_rows == n_owners && row_of.iter().enumerate().all(|(a, &r)| r == a as u32);
    let (indptr, items, ranks) = if in_order {
        (row_ptr, items, ranks)
    } else {
        // lists given in another order (or missing): reorder rows by owner
        let mut indptr = Vec::with_capacity(n_owners + 1);
        indptr.push(0usize);
        let mut it = Vec::with_capacity(items.len());
        let mut rk = Vec::with_capacity(items.len());
        for &r in &row_of {
            if r != NONE {
                let span = row_ptr[r as usize]..row_ptr[r as usize + 1];
                it.extend_from_slice(&items[span.clone()]);
                rk.extend_from_slice(&ranks[span]);
            }
            indptr.push(it.len());
        }
        (indptr, it, rk)
    };
    Ok(RankedLists {
        side,
        n_targets,
        indptr,
        items,
        ranks,
        has_ties,
    })
}

/// [`csr_by_id`] over nested lists `(owner id, tie groups of target ids)`.
fn nested_by_id<K: AsRef<str>, V: AsRef<str>>(
    side: Side,
    owners: &IdIndex<'_>,
    targets: &IdIndex<'_>,
    lists: &[(K, Vec<Vec<V>>)],
) -> Result<RankedLists> {
    csr_by_id(
        side,
        owners,
        targets,
        lists.len(),
        |r| lists[r].0.as_ref(),
        |r, f| {
            for (g, group) in lists[r].1.iter().enumerate() {
                for t in group {
                    f(g as u32, t.as_ref())?;
                }
            }
            Ok(())
        },
    )
}

/// One side's stated lists by id, flat (borrowed strings): list `r` belongs to `owners[r]` and
/// holds `entries[indptr[r]..indptr[r + 1]]`, best first, where `groups[k]` numbers the tie
/// group of entry `k` (non-decreasing within a list; equal = tie).
///
/// This is the form a binding fills from a dict of ranked lists without building nested
/// vectors; [`RankedLists::from_ids_flat`] consumes it, [`infer_ids`] reads ids from it.
///
/// ```
/// use nastavnik::preferences::IdLists;
/// let mut l = IdLists::default();
/// l.push("ann", &[&["kim"], &["lee", "max"]]);
/// assert_eq!(l.owners, ["ann"]);
/// assert_eq!(l.groups, [0, 1, 1]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdLists<'a> {
    /// Owner id of each list.
    pub owners: Vec<&'a str>,
    /// List boundaries (`owners.len() + 1` offsets into `entries`, starting at 0).
    pub indptr: Vec<usize>,
    /// Listed ids, best first within each list.
    pub entries: Vec<&'a str>,
    /// Tie-group number of each entry.
    pub groups: Vec<u32>,
}

impl Default for IdLists<'_> {
    fn default() -> Self {
        Self {
            owners: Vec::new(),
            indptr: vec![0],
            entries: Vec::new(),
            groups: Vec::new(),
        }
    }
}

impl<'a> IdLists<'a> {
    /// Append `owner`'s list given as tie groups, best first (empty groups are skipped by the
    /// builders, since only the order of group numbers matters).
    ///
    /// ```
    /// let mut l = nastavnik::preferences::IdLists::default();
    /// l.push("kim", &[&["ann"]]);
    /// assert_eq!(l.indptr, [0, 1]);
    /// ```
    pub fn push(&mut self, owner: &'a str, groups: &[&[&'a str]]) {
        self.owners.push(owner);
        for (g, group) in groups.iter().enumerate() {
            for &id in *group {
                self.entries.push(id);
                self.groups.push(g as u32);
            }
        }
        self.indptr.push(self.entries.len());
    }

    /// The entries of list `r`.
    ///
    /// ```
    /// let mut l = nastavnik::preferences::IdLists::default();
    /// l.push("kim", &[&["ann", "bob"]]);
    /// assert_eq!(l.list(0), ["ann", "bob"]);
    /// ```
    pub fn list(&self, r: usize) -> &[&'a str] {
        &self.entries[self.indptr[r]..self.indptr[r + 1]]
    }

    /// One side's [`RankedLists`] over the given id slices (see [`RankedLists::from_ids_flat`]).
    ///
    /// # Errors
    /// As [`RankedLists::from_ids_flat`].
    ///
    /// ```
    /// use nastavnik::preferences::{IdLists, Side};
    /// let mut l = IdLists::default();
    /// l.push("ann", &[&["lee"]]);
    /// let r = l.ranked(Side::Mentee, &["ann"], &["kim", "lee"]).unwrap();
    /// assert_eq!(r.groups(0), vec![vec![1]]);
    /// ```
    pub fn ranked<S: AsRef<str>>(
        &self,
        side: Side,
        owner_ids: &[S],
        target_ids: &[S],
    ) -> Result<RankedLists> {
        RankedLists::from_ids_flat(
            side,
            owner_ids,
            target_ids,
            &self.owners,
            &self.indptr,
            &self.entries,
            &self.groups,
        )
    }
}

/// The ids of both sides of stated lists by id, **inferred on purpose** where not given.
///
/// With `mentee_ids` (or `mentor_ids`) given, that side's ids are exactly those (checked for
/// duplicates; lists naming other ids are reported later as unknown). Otherwise a side's ids are
/// the owners of its own lists in order, followed by every id the other side's lists name that is
/// not among them, in order of first appearance (so a participant who did not
/// return a questionnaire still gets an id).
///
/// # Errors
/// [`Error::DuplicateId`] for a repeated given id; [`Error::UnknownId`] when inference would put
/// one id on the wrong side: a mentee list naming another mentee (an owner of a mentee list), or an
/// id that appears only inside lists yet on both sides (named as a mentor by a mentee and as a
/// mentee by a mentor) — pass both id lists when the two sides really share ids.
///
/// ```
/// use nastavnik::preferences::{IdLists, infer_ids};
/// let (mut e, mut m) = (IdLists::default(), IdLists::default());
/// e.push("ann", &[&["kim"], &["lee"]]);
/// m.push("kim", &[&["bob"]]);
/// let (mentees, mentors) = infer_ids(&e, &m, None, None).unwrap();
/// assert_eq!(mentees, ["ann", "bob"]);
/// assert_eq!(mentors, ["kim", "lee"]);
/// // "zed" named as a mentor by ann and as a mentee by kim: ambiguous
/// e.push("eve", &[&["zed"]]);
/// m.push("lee", &[&["zed"]]);
/// assert!(infer_ids(&e, &m, None, None).is_err());
/// ```
pub fn infer_ids<'a>(
    mentee: &IdLists<'a>,
    mentor: &IdLists<'a>,
    mentee_ids: Option<&[&'a str]>,
    mentor_ids: Option<&[&'a str]>,
) -> Result<(Vec<&'a str>, Vec<&'a str>)> {
    let e = infer_side(
        Side::Mentee,
        mentee,
        mentor,
        mentee_ids,
        mentor_ids.is_some(),
    )?;
    let m = infer_side(
        Side::Mentor,
        mentor,
        mentee,
        mentor_ids,
        mentee_ids.is_some(),
    )?;
    Ok((e, m))
}

/// The ids of one side: `given`, or the keys of `own` then the ids named by `other`'s lists.
fn infer_side<'a>(
    side: Side,
    own: &IdLists<'a>,
    other: &IdLists<'a>,
    given: Option<&[&'a str]>,
    other_given: bool,
) -> Result<Vec<&'a str>> {
    let (me, them) = (side.owner_label(), side.target_label());
    if let Some(g) = given {
        index_ids(g, &format!("{me}_ids"))?;
        return Ok(g.to_vec());
    }
    let mut seen: FxHashMap<&str, ()> =
        FxHashMap::with_capacity_and_hasher(own.owners.len() * 2, Default::default());
    let mut ids = Vec::with_capacity(own.owners.len());
    for &k in &own.owners {
        if seen.insert(k, ()).is_none() {
            ids.push(k);
        }
    }
    let other_keys: FxHashMap<&str, ()> = other.owners.iter().map(|&k| (k, ())).collect();
    // ids my own lists name (as the other side): an id both named here and there is ambiguous
    let named_by_own: FxHashMap<&str, &str> = if other_given {
        FxHashMap::default()
    } else {
        let mut h = FxHashMap::default();
        for (r, &o) in own.owners.iter().enumerate() {
            for &id in own.list(r) {
                h.entry(id).or_insert(o);
            }
        }
        h
    };
    for (r, &o) in other.owners.iter().enumerate() {
        for &id in other.list(r) {
            if seen.contains_key(id) {
                continue;
            }
            if id != o && other_keys.contains_key(id) {
                return Err(Error::UnknownId {
                    what: format!(
                        "preference list of {them} {o:?}: {id:?} is a {them} (it has a {them} \
                         list), not a {me}; pass {me}_ids= if the two sides share ids"
                    ),
                    id: id.to_string(),
                });
            }
            if let Some(&by) = named_by_own.get(id)
                && !other_keys.contains_key(id)
            {
                return Err(Error::UnknownId {
                    what: format!(
                        "preference lists: {id:?} is named as a {them} by {me} {by:?} and as a \
                         {me} by {them} {o:?} but has no list on either side; pass mentee_ids= \
                         and mentor_ids= to say which side it is on"
                    ),
                    id: id.to_string(),
                });
            }
            seen.insert(id, ());
            ids.push(id);
        }
    }
    check_u32(ids.len(), &format!("{me} ids"))?;
    Ok(ids)
}

/// The ids of one pool of peers: `given` (checked for duplicates), or the owners of the lists in
/// order followed by every other id the lists name, in order of first appearance.
///
/// # Errors
/// [`Error::DuplicateId`] for a repeated given id.
///
/// ```
/// use nastavnik::preferences::{IdLists, infer_peer_ids};
/// let mut l = IdLists::default();
/// l.push("ann", &[&["bob"], &["eve"]]);
/// l.push("bob", &[&["ann"]]);
/// assert_eq!(infer_peer_ids(&l, None).unwrap(), ["ann", "bob", "eve"]);
/// assert!(infer_peer_ids(&l, Some(&["ann", "ann"])).is_err());
/// ```
pub fn infer_peer_ids<'a>(lists: &IdLists<'a>, given: Option<&[&'a str]>) -> Result<Vec<&'a str>> {
    if let Some(g) = given {
        index_ids(g, "ids")?;
        return Ok(g.to_vec());
    }
    let mut seen: FxHashMap<&str, ()> =
        FxHashMap::with_capacity_and_hasher(lists.owners.len() * 2, Default::default());
    let mut ids = Vec::with_capacity(lists.owners.len());
    for &id in lists.owners.iter().chain(&lists.entries) {
        if seen.insert(id, ()).is_none() {
            ids.push(id);
        }
    }
    check_u32(ids.len(), "participant ids")?;
    Ok(ids)
}

/// Checks that `ids` has no repeated id; `what` names the collection (e.g. `"mentee_ids"`).
///
/// # Errors
/// [`Error::DuplicateId`] naming the id and both positions.
///
/// ```
/// assert!(nastavnik::preferences::check_unique_ids(&["a", "b"], "ids").is_ok());
/// let e = nastavnik::preferences::check_unique_ids(&["a", "b", "a"], "ids").unwrap_err();
/// assert!(e.to_string().contains("\"a\""));
/// ```
pub fn check_unique_ids<S: AsRef<str>>(ids: &[S], what: &str) -> Result<()> {
    index_ids(ids, what).map(|_| ())
}
