"""Compiled core of nastavnik (Rust). Hand-written stubs with numpy-style docstrings."""

from typing import Any, Literal, Mapping, Optional, Sequence, Union, final

import numpy as np
from numpy.typing import ArrayLike

__version__: str

class NastavnikError(ValueError):
    """Base class of nastavnik's input and solver errors (a ValueError)."""

class NonFiniteError(NastavnikError):
    """NaN or infinity where a finite number is required."""

class EmptyInputError(NastavnikError):
    """An input that must not be empty is empty."""

class ShapeError(NastavnikError):
    """Mismatched shapes or lengths."""

class DuplicateIdError(NastavnikError):
    """The same id appears twice."""

class UnknownIdError(NastavnikError):
    """An id that refers to nothing known."""

class InvalidValueError(NastavnikError):
    """A value outside its allowed range."""

class InfeasibleError(NastavnikError):
    """The hard constraints admit no solution."""

class SolverError(NastavnikError):
    """A solver failed (time limit without a solution, ...)."""

class ParseError(NastavnikError):
    """Malformed CSV or JSON input."""

class InternalError(RuntimeError):
    """A bug in nastavnik (please report): an internal panic was caught."""

def cosine(a: ArrayLike, b: ArrayLike) -> np.ndarray:
    """Cosine similarity matrix of mentee rows `a` (n×d) and mentor rows `b` (m×d).

    Parameters
    ----------
    a, b : array_like
        Real 2-D arrays with the same number of columns; float32 input (both) gives float32
        output, anything else float64.

    Returns
    -------
    numpy.ndarray
        n×m similarities; 0 where either vector is zero.

    Raises
    ------
    NonFiniteError
        NaN or inf, naming the matrix, row and column.
    ShapeError, EmptyInputError
        Different column counts; no rows or columns.

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> nk.cosine(np.array([[1.0, 0.0]]), np.array([[1.0, 1.0]])).round(4).tolist()
    [[0.7071]]
    """

def dot(a: ArrayLike, b: ArrayLike) -> np.ndarray:
    """Dot-product matrix ``a @ b.T`` (n×m); float32 stays float32.

    Parameters
    ----------
    a, b : array_like
        Real 2-D arrays with the same number of columns.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> nk.dot(np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]])).tolist()
    [[11.0]]
    """

def rbf(a: ArrayLike, b: ArrayLike, *, gamma: float = 1.0, weights: Optional[Sequence[float]] = None) -> np.ndarray:
    """Gaussian kernel ``exp(-gamma * sum(w * (a - b)**2))`` (n×m).

    Parameters
    ----------
    a, b : array_like
        Real 2-D arrays with the same number of columns.
    gamma : float
        Width, > 0.
    weights : sequence of float, optional
        Non-negative per-feature weights (length d).

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> float(nk.rbf(np.zeros((1, 2)), np.ones((1, 2)), gamma=0.5)[0, 0]) == float(np.exp(-1.0))
    True
    """

def weighted_euclidean(a: ArrayLike, b: ArrayLike, *, weights: Optional[Sequence[float]] = None) -> np.ndarray:
    """Weighted Euclidean distances ``sqrt(sum(w * (a - b)**2))`` (n×m; lower = more alike).

    Parameters
    ----------
    a, b : array_like
        Real 2-D arrays with the same number of columns.
    weights : sequence of float, optional
        Non-negative per-feature weights.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> nk.weighted_euclidean(np.array([[0.0, 0.0]]), np.array([[3.0, 4.0]])).round(6).tolist()
    [[5.0]]
    """

def jaccard(a: ArrayLike, b: ArrayLike) -> np.ndarray:
    """Jaccard index of multi-hot rows (bool or 0/1), 1 where both rows are empty.

    Parameters
    ----------
    a, b : array_like
        Boolean 2-D arrays with the same number of columns.

    Returns
    -------
    numpy.ndarray
        n×m float64.

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> nk.jaccard(np.array([[1, 1, 0]]), np.array([[1, 0, 1]])).round(4).tolist()
    [[0.3333]]
    """

def top_k(
    a: ArrayLike,
    b: ArrayLike,
    k: int,
    *,
    kernel: str = "cosine",
    gamma: Optional[float] = None,
    weights: Optional[Sequence[float]] = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The `k` best mentors of every mentee under a kernel, without building the n×m matrix.

    Parameters
    ----------
    a, b : array_like
        Mentee (n×d) and mentor (m×d) features.
    k : int
        Candidates per mentee, >= 1.
    kernel : {"cosine", "dot", "rbf"}
        Similarity to maximise.
    gamma, weights
        RBF parameters.

    Returns
    -------
    indices : numpy.ndarray
        n×min(k, m) int64 mentor indices, best first (ties: lower index first).
    scores : numpy.ndarray
        Matching scores (float32 for float32 input, else float64).

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> idx, s = nk.top_k(np.eye(2), np.array([[0.0, 1.0], [1.0, 0.0]]), 1)
    >>> idx.ravel().tolist()
    [1, 0]
    """

def synthetic_cohort(
    n_mentees: int = 200,
    n_mentors: int = 60,
    *,
    n_schools: int = 4,
    consent_rate: float = 0.97,
    seed: int = 42,
) -> tuple[Schema, Cohort]:
    """Seeded synthetic cohort of schools (forms, ages, deficits, interests, capacities, consent).

    Parameters
    ----------
    n_mentees, n_mentors : int
        Sizes.
    n_schools : int
        Number of schools.
    consent_rate : float
        Share with recorded consent, in [0, 1].
    seed : int
        Random seed (same seed, same cohort).

    Returns
    -------
    (Schema, Cohort)

    Examples
    --------
    >>> import nastavnik as nk
    >>> schema, cohort = nk.synthetic_cohort(10, 4, seed=1)
    >>> len(cohort)
    14
    """

def assign_groups(
    scores: ArrayLike | ScoreMatrix,
    *,
    max_load: int | Sequence[int] | None = None,
    min_load: int | Sequence[int] | None = None,
    mentors_per_mentee: int | Sequence[int] | None = None,
    reject_score: Optional[float] = None,
    forbidden: Optional[ArrayLike] = None,
) -> Assignment:
    """Form mentoring groups: capacitated assignment maximising the total score (exact).

    Every mentee gets exactly `mentors_per_mentee` distinct mentors (1 by default; a team of
    mentors when more), every mentor between `min_load` and `max_load` mentees, and the sum of the
    chosen scores is maximal. Solved exactly by min-cost flow (successive shortest paths with
    potentials) in the Rust core, with the GIL released. Deterministic.

    Parameters
    ----------
    scores : array_like or ScoreMatrix
        Mentees × mentors scores to maximise; ``-inf`` forbids a pair. float32 input is solved in
        float32, anything else in float64. A :class:`ScoreMatrix` attaches its ids to the result
        and supplies the default `max_load` (its ``mentor_capacity``).
    max_load : int or sequence of int, optional
        Maximum mentees per mentor (one int for all, or one per column). Required for an array.
    min_load : int or sequence of int, optional
        Minimum mentees per mentor (default 0).
    mentors_per_mentee : int or sequence of int, optional
        Number of distinct mentors of each mentee (one int for all, or one per row; default 1).
    reject_score : float, optional
        Gain of leaving one mentor slot of a mentee empty. Without it every slot must be filled
        (or the call raises :class:`InfeasibleError`); with it a mentee whose best option is worth
        less than `reject_score` stays unmatched. `total` counts it once per empty slot.
    forbidden : array_like of bool, optional
        Mask of the shape of `scores`; ``True`` forbids the pair (same as ``-inf``).

    Returns
    -------
    Assignment
        Optimal pairs (``status == "optimal"``); with ids for a ScoreMatrix.

    Raises
    ------
    NonFiniteError
        NaN or ``+inf`` in `scores`, naming row and column.
    EmptyInputError
        No mentees or no mentors.
    ShapeError
        A load / team-size sequence or the `forbidden` mask of the wrong length or shape.
    InvalidValueError
        A negative count, ``min_load > max_load`` (naming the mentor column), non-finite
        `reject_score`, a non-boolean mask.
    InfeasibleError
        The constraints admit no assignment (naming the mentee row or mentor column at fault).
    TypeError
        Wrong argument types; `max_load` missing for an array.

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> s = np.array([[9.0, 1.0], [8.0, 2.0], [7.0, 6.0], [1.0, 0.0]])
    >>> a = nk.assign_groups(s, max_load=2)
    >>> a.mentor_of.tolist(), a.total
    ([0, 0, 1, 1], 23.0)
    >>> nk.assign_groups(s, max_load=[3, 1], reject_score=2.5).mentor_of.tolist()
    [0, 0, 0, -1]
    >>> nk.assign_groups(s, max_load=4, mentors_per_mentee=2).mentors_of[0]
    [0, 1]
    >>> schema, cohort = nk.synthetic_cohort(30, 8, seed=1)
    >>> a = nk.assign_groups(nk.score(schema, cohort), reject_score=0.0)
    >>> a.to_pairs()[0]
    ('mentee-00009', 'mentor-00001')
    """

def pair_peers(
    weights: ArrayLike,
    *,
    objective: Literal["max_weight", "max_cardinality"] = "max_weight",
    reject_below: Optional[float] = None,
    forbidden: Optional[ArrayLike] = None,
    ids: Optional[Sequence[str]] = None,
) -> PeerMatching:
    """Pair participants of one pool (peer / mutual format) by maximum-weight matching (exact).

    Edmonds' blossom algorithm, O(n³), in the Rust core with the GIL released. Deterministic.

    Parameters
    ----------
    weights : array_like
        Symmetric n × n weights (float32 kept as float32); ``-inf`` = may not be paired; the
        diagonal is ignored.
    objective : {"max_weight", "max_cardinality"}
        ``"max_weight"``: maximum total weight (non-positive pairs are never formed).
        ``"max_cardinality"``: as many pairs as possible, then maximum weight among those.
    reject_below : float, optional
        Pairs of weight strictly below this are not formed.
    forbidden : array_like of bool, optional
        Symmetric n × n mask; ``True`` = may not be paired.
    ids : sequence of str, optional
        Participant ids (length n), attached to the result.

    Returns
    -------
    PeerMatching
        Optimal pairs (``status == "optimal"``).

    Raises
    ------
    NonFiniteError
        NaN or ``+inf`` off the diagonal, naming row and column.
    ShapeError, EmptyInputError
        Non-square weights, mask or ids of the wrong size; an empty matrix.
    InvalidValueError
        Asymmetric weights or mask (naming the first (row, column)), an unknown objective, a
        NaN threshold, a non-boolean mask.

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> no = -np.inf
    >>> w = np.array([[0, 10, 1, -2], [10, 0, -2, 1], [1, -2, 0, no], [-2, 1, no, 0]])
    >>> nk.pair_peers(w).pairs.tolist()
    [[0, 1]]
    >>> m = nk.pair_peers(w, objective="max_cardinality", ids=["a", "b", "c", "d"])
    >>> m.pairs.tolist(), m.total, m.ids
    ([[0, 2], [1, 3]], 2.0, ['a', 'b', 'c', 'd'])
    """

def assign_fair(
    scores: ArrayLike | ScoreMatrix,
    *,
    objective: Literal["max_min", "coverage", "max_sum"] = "max_min",
    max_load: int | Sequence[int] | None = None,
) -> Assignment:
    """Assign with a fair (bottleneck) or coverage objective (exact).

    A matching gives each mentee at most one mentor and each mentor at most one mentee (1:1,
    ``max_load=None``) or at most ``max_load`` mentees (group format). Let ν be the largest
    possible number of pairs: ν = min(n, m) (1:1) or n (groups) whenever forbidden pairs and
    capacities allow it, else the maximum that can be formed.

    * ``"max_min"``: among matchings with ν pairs, maximise the minimum pair score (the
      bottleneck), then the total score among those with that minimum. Binary search over the
      distinct scores with Hopcroft–Karp (Dinic with capacities) feasibility tests, then an exact
      assignment / min-cost flow on the pairs at or above the threshold.
    * ``"coverage"``: maximise the number of matched mentees (ν), then the total score; the
      cardinality is enforced exactly by dummy mentors, not by a numeric penalty.
    * ``"max_sum"``: the plain maximum total (as ``linear_sum_assignment`` / :func:`assign_groups`);
      raises :class:`InfeasibleError` when the smaller side (1:1) or every mentee (groups) cannot
      be matched.

    Runs in the Rust core with the GIL released. Deterministic.

    Parameters
    ----------
    scores : array_like or ScoreMatrix
        Mentees × mentors scores to maximise; ``-inf`` forbids a pair. float32 input is solved in
        float32, anything else in float64. A :class:`ScoreMatrix` attaches its ids to the result
        (its capacities are not used unless passed as ``max_load=m.mentor_capacity``).
    objective : {"max_min", "coverage", "max_sum"}
        What to optimise (see above).
    max_load : int or sequence of int, optional
        Group format: maximum mentees per mentor (one int for all, or one per column).
        ``None``: 1:1.

    Returns
    -------
    Assignment
        Optimal pairs (``status == "optimal"``); ``total`` is the sum of their scores. Empty when
        no pair can be formed.

    Raises
    ------
    NonFiniteError
        NaN or ``+inf`` in `scores`, naming row and column.
    EmptyInputError
        No mentees or no mentors.
    ShapeError
        `max_load` of the wrong length.
    InvalidValueError
        An unknown objective or a negative load.
    InfeasibleError
        Only with ``objective="max_sum"``, as described above.

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> s = np.array([[10.0, 5.0], [9.0, 4.5]])
    >>> nk.assign_fair(s, objective="max_sum").mentor_of.tolist()  # total 14.5, worst pair 4.5
    [0, 1]
    >>> a = nk.assign_fair(s)  # worst pair 5
    >>> a.mentor_of.tolist(), a.total
    ([1, 0], 14.0)
    >>> no = -np.inf
    >>> f = np.array([[3.0, no], [2.0, no]])
    >>> nk.assign_fair(f, objective="coverage").mentor_of.tolist()
    [0, -1]
    >>> nk.assign_fair(f, max_load=[2, 1]).n_matched
    2
    """

def rematch(
    scores: ArrayLike | ScoreMatrix,
    previous: Sequence[int | str | None] | ArrayLike,
    *,
    fixed: Optional[Sequence[tuple[int | str, int | str]]] = None,
    avoid: Optional[Sequence[tuple[int | str, int | str]]] = None,
    keep_bonus: Optional[float] = None,
    max_load: int | Sequence[int] | None = None,
) -> tuple[Assignment, dict[str, Any]]:
    """Re-match in the middle of the year, changing as little as possible (exact).

    Keeps every `fixed` pair, never uses an `avoid` pair (e.g. past partners), gives each mentee
    at most one mentor and each mentor at most one mentee (or `max_load`), and

    1. maximises the number of matched mentees (late joiners and mentees whose mentor left are
       re-placed; nobody is left out to keep a pair), then
    2. with ``keep_bonus=None``: keeps as many previous pairs as possible, then maximises the
       total score (lexicographic, exact: the second stage is restricted by complementary
       slackness of the first, no big-M weights); with ``keep_bonus=b``: maximises
       ``total + b * kept``.

    Runs in the Rust core (min-cost flows) with the GIL released. Deterministic.

    Parameters
    ----------
    scores : array_like or ScoreMatrix
        Current mentees × current mentors scores to maximise; ``-inf`` forbids a pair.
    previous : sequence
        Previous mentor of each current mentee (one entry per row), as a column index, a mentor id
        (ScoreMatrix only), or ``None`` / a negative int (e.g. ``Assignment.mentor_of`` = -1) for
        late joiners and mentees whose mentor left.
    fixed : sequence of (mentee, mentor), optional
        Pairs that must stay (indices, or ids for a ScoreMatrix).
    avoid : sequence of (mentee, mentor), optional
        Pairs that must not be formed.
    keep_bonus : float, optional
        Gain per kept previous pair; ``None`` keeps as many as possible first.
    max_load : int or sequence of int, optional
        Group format: maximum mentees per mentor. ``None``: 1:1.

    Returns
    -------
    assignment : Assignment
        The new pairs (``status == "optimal"``, ``total`` without bonus; ids for a ScoreMatrix).
    report : dict
        ``kept`` [(mentee, mentor)], ``moved`` [(mentee, old mentor, new mentor)],
        ``newly_matched`` [(mentee, mentor)] (no previous mentor), ``unmatched`` [mentee], and the
        counts ``n_kept``, ``n_moved``, ``n_newly_matched``, ``n_unmatched``; indices, or ids for a
        ScoreMatrix.

    Raises
    ------
    NonFiniteError, EmptyInputError
        NaN or ``+inf`` in `scores`; an empty matrix.
    ShapeError
        `previous` without one entry per mentee, `max_load` of the wrong length.
    InvalidValueError
        An index out of range in `previous`, `fixed` or `avoid` (naming row / column), a mentee
        fixed to two mentors, a non-finite `keep_bonus`.
    InfeasibleError
        A fixed pair that is forbidden or avoided, or fixed pairs over a mentor's capacity.
    UnknownIdError
        An id that is not in the ScoreMatrix.

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> s = np.array([[5.0, 1.0, 0.0], [4.0, 2.0, 0.0], [8.0, 0.0, 1.0]])
    >>> a, r = nk.rematch(s, [0, 1, None])  # mentee 2 joined late
    >>> a.mentor_of.tolist(), r["kept"], r["newly_matched"]
    ([0, 1, 2], [(0, 0), (1, 1)], [(2, 2)])
    >>> a, r = nk.rematch(s, [0, 1, None], keep_bonus=0.5)
    >>> a.mentor_of.tolist(), r["n_moved"]
    ([2, 1, 0], 1)
    >>> a, r = nk.rematch(s, [0, 1, None], fixed=[(2, 0)], avoid=[(0, 2)])
    >>> r["moved"]
    [(0, 0, 1), (1, 1, 2)]
    """

@final
class Schema:
    """Questionnaire schema (questions, weights, comparators) and the programme's hard rules.

    Examples
    --------
    >>> import nastavnik as nk
    >>> s = nk.Schema.from_json('{"questions": [{"id": "e", "type": "likert", "levels": 5}]}')
    >>> s.question_ids
    ['e']
    """

    @staticmethod
    def from_json(text: str) -> Schema:
        """Parse and validate a schema from JSON.

        Parameters
        ----------
        text : str

        Returns
        -------
        Schema
        """
    def to_json(self) -> str:
        """Serialise to JSON.

        Returns
        -------
        str
        """
    @property
    def question_ids(self) -> list[str]:
        """Question ids, in order."""
    def encode_features(self, cohort: Cohort, *, role: str = "mentee") -> tuple[np.ndarray, list[str], list[str]]:
        """Dense feature matrix of the consenting participants of one role.

        Parameters
        ----------
        cohort : Cohort
        role : {"mentee", "mentor"}

        Returns
        -------
        values : numpy.ndarray
            Participants × features (numeric normalised; one-hot / multi-hot options; columns scaled
            by sqrt(weight)).
        columns : list of str
            Feature names.
        ids : list of str
            Participant ids (rows).
        """

@final
class Cohort:
    """Validated participants (unique ids); only those with recorded consent are ever used.

    Examples
    --------
    >>> import nastavnik as nk
    >>> c = nk.Cohort.from_json('{"participants": [{"id": "a", "role": "mentee"}]}')
    >>> c.without_consent
    ['a']
    """

    @staticmethod
    def from_json(text: str) -> Cohort:
        """Parse a cohort from JSON ``{"participants": [...]}``.

        Parameters
        ----------
        text : str

        Returns
        -------
        Cohort
        """
    @staticmethod
    def from_csv(path: str, schema: Schema) -> Cohort:
        """Read the curator's CSV (columns ``id``, ``role``, participant fields, question ids).

        Parameters
        ----------
        path : str
        schema : Schema

        Returns
        -------
        Cohort
        """
    def to_json(self) -> str:
        """Serialise the consenting participants to JSON.

        Returns
        -------
        str
        """
    def __len__(self) -> int: ...
    @property
    def mentor_ids(self) -> list[str]:
        """Ids of consenting mentors."""
    @property
    def mentee_ids(self) -> list[str]:
        """Ids of consenting mentees."""
    @property
    def without_consent(self) -> list[str]:
        """Ids without recorded consent (never matched, scheduled or exported)."""

@final
class Candidates:
    """Sparse candidate lists (CSR): the best mentors of each mentee.

    Parameters
    ----------
    n_mentors : int
    indptr, indices, scores : sequence
        CSR arrays (row i holds ``indices[indptr[i]:indptr[i+1]]``).

    Examples
    --------
    >>> import nastavnik as nk
    >>> nk.Candidates(3, [0, 2], [2, 0], [0.9, 0.5]).nnz
    2
    """

    def __new__(cls, n_mentors: int, indptr: Sequence[int], indices: Sequence[int], scores: Sequence[float]) -> Candidates: ...
    @property
    def n_mentees(self) -> int:
        """Number of mentees (rows)."""
    @property
    def n_mentors(self) -> int:
        """Number of mentors (columns)."""
    @property
    def nnz(self) -> int:
        """Number of stored pairs."""
    @property
    def indptr(self) -> np.ndarray:
        """Row pointer (int64, length n_mentees + 1)."""
    @property
    def indices(self) -> np.ndarray:
        """Mentor index of each pair (int64)."""
    @property
    def scores(self) -> np.ndarray:
        """Score of each pair (float64)."""
    @property
    def mentee_ids(self) -> Optional[list[str]]:
        """Mentee ids of the rows, when known."""
    @property
    def mentor_ids(self) -> Optional[list[str]]:
        """Mentor ids of the columns, when known."""
    def to_dense(self) -> tuple[np.ndarray, np.ndarray]:
        """Padded n×k arrays: mentor indices (-1 padding) and scores (-inf padding).

        Returns
        -------
        (numpy.ndarray, numpy.ndarray)
        """

@final
class ScoreMatrix:
    """Dense mentees × mentors scores in [0, 1] with ids; ``-inf`` marks forbidden pairs."""

    @property
    def scores(self) -> np.ndarray:
        """float64 mentees × mentors matrix."""
    @property
    def mentee_ids(self) -> list[str]:
        """Row ids."""
    @property
    def mentor_ids(self) -> list[str]:
        """Column ids."""
    @property
    def mentor_capacity(self) -> list[int]:
        """Capacity of each mentor column."""
    @property
    def excluded_ids(self) -> list[str]:
        """Ids left out for lack of consent."""
    @property
    def forbidden(self) -> np.ndarray:
        """Boolean mask of forbidden pairs."""
    @property
    def shape(self) -> tuple[int, int]:
        """(mentees, mentors)."""

@final
class Scorer:
    """Mixed-schema scorer for one cohort (validates and encodes once).

    Parameters
    ----------
    schema : Schema
    cohort : Cohort

    Examples
    --------
    >>> import nastavnik as nk
    >>> schema, cohort = nk.synthetic_cohort(20, 6, seed=2)
    >>> sc = nk.Scorer(schema, cohort)
    >>> sc.top_k(3).n_mentees == len(sc.mentee_ids)
    True
    """

    def __new__(cls, schema: Schema, cohort: Cohort) -> Scorer: ...
    @property
    def mentee_ids(self) -> list[str]:
        """Consenting mentee ids (rows)."""
    @property
    def mentor_ids(self) -> list[str]:
        """Consenting mentor ids (columns)."""
    @property
    def mentor_capacity(self) -> list[int]:
        """Mentor capacities (columns)."""
    @property
    def excluded_ids(self) -> list[str]:
        """Ids left out for lack of consent."""
    def score_matrix(self) -> ScoreMatrix:
        """Dense score matrix (GIL released while computing).

        Returns
        -------
        ScoreMatrix
        """
    def top_k(self, k: int) -> Candidates:
        """The k best allowed mentors per mentee, without the dense matrix.

        Parameters
        ----------
        k : int

        Returns
        -------
        Candidates
        """
    def explain(self, mentee_id: str, mentor_id: str) -> dict[str, Any]:
        """Per-question contributions and the hard rules that forbid a pair.

        Parameters
        ----------
        mentee_id, mentor_id : str

        Returns
        -------
        dict
            ``score``, ``allowed``, ``forbidden_by`` (list of str), ``contributions`` (list of dict
            with ``question``, ``weight``, ``value``, ``contribution``).
        """

@final
class Assignment:
    """Mentee–mentor pairs chosen by a solver (every solver returns this type).

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> isinstance(nk.Assignment, type)
    True
    """

    @property
    def mentor_of(self) -> np.ndarray:
        """Mentor index of each mentee (int64), -1 when unmatched."""
    @property
    def pairs(self) -> np.ndarray:
        """(n_pairs, 2) int64 array of (mentee, mentor), sorted."""
    @property
    def mentees_of(self) -> list[list[int]]:
        """Mentees of each mentor."""
    @property
    def mentors_of(self) -> list[list[int]]:
        """Mentors of each mentee (teams of mentors give several)."""
    @property
    def total(self) -> float:
        """Sum of the scores of the chosen pairs."""
    @property
    def n_matched(self) -> int:
        """Number of matched mentees."""
    @property
    def n_mentees(self) -> int:
        """Number of mentees (rows)."""
    @property
    def n_mentors(self) -> int:
        """Number of mentors (columns)."""
    @property
    def status(self) -> str:
        """"optimal" (or stable), "feasible" (see `gap`) or "heuristic"."""
    @property
    def gap(self) -> Optional[float]:
        """Relative optimality gap for "feasible" MIP answers, else None."""
    @property
    def mentee_ids(self) -> Optional[list[str]]:
        """Row ids when the input carried ids."""
    @property
    def mentor_ids(self) -> Optional[list[str]]:
        """Column ids when the input carried ids."""
    def to_pairs(self) -> list[tuple[Any, Any]]:
        """Pairs as (mentee id, mentor id) when ids are known, else index tuples.

        Returns
        -------
        list of tuple
        """
    def __len__(self) -> int: ...

@final
class PeerMatching:
    """Pairs formed inside one pool (mutual / peer format)."""

    @property
    def mate(self) -> np.ndarray:
        """Partner of each participant (int64), -1 when unpaired."""
    @property
    def pairs(self) -> np.ndarray:
        """(n_pairs, 2) int64 array of (i, j) with i < j."""
    @property
    def total(self) -> float:
        """Total weight of the pairs."""
    @property
    def status(self) -> str:
        """Solver status."""
    @property
    def ids(self) -> Optional[list[str]]:
        """Participant ids when known."""
    def __len__(self) -> int: ...

# ---------------------------------------------------------------- stable matching

_Prefs = Union[
    Mapping[str, Sequence[Union[str, Sequence[str]]]],
    ArrayLike,
    tuple[ArrayLike, ArrayLike],
    tuple[ArrayLike, ArrayLike, ArrayLike],
]

def stable_matching(
    mentee_prefs: _Prefs,
    mentor_prefs: _Prefs,
    *,
    capacities: Optional[Union[Sequence[int], Mapping[str, int]]] = None,
    proposer: str = "mentee",
    seed: Optional[int] = None,
    acceptability: str = "mutual",
    mentee_ids: Optional[Sequence[str]] = None,
    mentor_ids: Optional[Sequence[str]] = None,
    scores: Optional[ArrayLike] = None,
    mentor_scores: Optional[ArrayLike] = None,
    weight: float = 0.5,
    layout: str = "ranks",
) -> Assignment:
    """Stable matching by deferred acceptance (Gale–Shapley; hospital/resident with capacities).

    The result has no blocking pair: no mentee and mentor who both prefer each other to what
    they got (a mentor with a free place prefers any acceptable mentee to the free place). With
    ``proposer="mentee"`` it is the mentee-optimal stable matching (every mentee gets their best
    partner over all stable matchings), with ``"mentor"`` the mentor-optimal one. Ties are broken
    by a random strict order drawn from ``seed`` (the result is stable for the refined order, so
    weakly stable for the stated one). Runs in ``O(L log c)`` for ``L`` list entries and
    capacity ``c``, with the GIL released.

    Parameters
    ----------
    mentee_prefs, mentor_prefs : dict or array_like
        Either **both dicts by id**, ``{"e1": ["m2", ["m1", "m3"]], ...}``: each value is a list,
        best first, whose entries are an id or a list of ids tied together; a missing key means
        an empty list. Or **both rank matrices**, laid out mentees x mentors for both sides
        (column ``j`` of ``mentor_prefs`` is mentor ``j``'s view of the mentees): positive
        integers are ranks (smaller is better, equal = tie, gaps allowed), ``0`` or negative means
        not acceptable. Or, with ``layout="lists"``, **both index lists as arrays** (the fast
        form for large cohorts: no ids to hash, no dense matrix): row ``i`` of ``mentee_prefs``
        lists mentee ``i``'s mentor indices best first and row ``j`` of ``mentor_prefs`` lists
        mentor ``j``'s mentee indices, each side either a 2-D integer array padded with ``-1``
        (negative entries are skipped; strict order) or a CSR tuple ``(indptr, indices)`` or
        ``(indptr, indices, ranks)`` (list ``i`` is ``indices[indptr[i]:indptr[i + 1]]``;
        ``ranks`` non-decreasing within a list, equal = tie). There are as many mentees as
        ``mentee_prefs`` has lists and as many mentors as ``mentor_prefs`` has.
    capacities : sequence of int or dict, optional
        Number of mentees each mentor may take (>= 0), one per mentor; with dicts by id also a
        dict by mentor id (mentors not in it keep 1). Default: 1 for every mentor.
    proposer : {"mentee", "mentor"}
        Which side proposes, i.e. which side's optimum is returned.
    seed : int
        Seed of the tie-breaking order (same seed, same result).
    acceptability : {"mutual", "either"}
        ``"mutual"``: a pair may be formed only when both list each other. ``"either"``: when at
        least one lists the other; the other then ranks such partners together after everyone
        they listed.
    mentee_ids, mentor_ids : sequence of str, optional
        The ids, in order (rows and columns of the result). With dicts, by default mentee ids are
        the keys of ``mentee_prefs`` in order, followed by ids that only appear in the lists of
        ``mentor_prefs`` (in order of first appearance); likewise for mentors. Pass them to fix
        the order and to turn a misspelt id into an error. With rank matrices they only label
        the result.
    scores, mentor_scores : array_like, optional
        Questionnaire scores (mentees x mentors, higher is better, ``-inf`` forbidden) to blend
        with the stated lists: each participant orders partners by
        ``weight * stated + (1 - weight) * score`` (both normalised to [0, 1] per participant;
        stated = 1 for the first tie group down to 0 for unlisted). Every pair with a finite
        score becomes listed. ``mentor_scores`` defaults to ``scores``.
    weight : float
        Weight of the stated ranks in the blend, in [0, 1].
    layout : {"ranks", "lists"}
        How array input is read: rank matrices (default) or index lists (see above). Dicts are
        always lists by id.

    Returns
    -------
    Assignment
        Status ``"optimal"`` (stable), ``total`` = number of pairs; ``mentee_ids`` and
        ``mentor_ids`` are set when ids are known.

    Raises
    ------
    UnknownIdError, DuplicateIdError
        An unknown or repeated id (named in the message), a mentee listing a mentee.
    InvalidValueError
        Someone listing themselves, negative capacities, non-integer ranks, bad option strings,
        index lists with an out-of-range index or a bad ``indptr``.
    NonFiniteError
        NaN or infinite ranks or scores (naming row and column).
    ShapeError
        Matrices of different shapes, not 2-D, capacities of the wrong length.
    TypeError
        Non-str ids, a str where a list is expected, dicts mixed with matrices.

    Examples
    --------
    >>> import nastavnik as nk
    >>> mentees = {"ann": ["kim", "lee"], "bob": ["kim"], "cat": [["kim", "lee"]]}
    >>> mentors = {"kim": ["cat", "ann", "bob"], "lee": ["ann", "cat"]}
    >>> a = nk.stable_matching(mentees, mentors)
    >>> a.to_pairs()
    [('ann', 'kim'), ('cat', 'lee')]
    >>> nk.blocking_pairs(a, mentees, mentors)
    []
    >>> nk.stable_matching(mentees, mentors, capacities={"kim": 2}).to_pairs()
    [('ann', 'kim'), ('bob', 'kim'), ('cat', 'lee')]
    >>> import numpy as np
    >>> mentee_ranks = np.array([[1, 2], [1, 2]])     # both mentees prefer mentor 0
    >>> mentor_ranks = np.array([[2, 1], [1, 2]])     # mentor 0 prefers mentee 1
    >>> nk.stable_matching(mentee_ranks, mentor_ranks).mentor_of.tolist()
    [1, 0]
    >>> mentee_lists = np.array([[0, 1], [0, -1]])    # mentee 1 lists mentor 0 only
    >>> mentor_lists = (np.array([0, 2, 3]), np.array([1, 0, 0]))  # CSR: mentor 0: 1, 0; mentor 1: 0
    >>> nk.stable_matching(mentee_lists, mentor_lists, layout="lists").pairs.tolist()
    [[0, 1], [1, 0]]
    """

def stable_matching_from_scores(
    mentee_scores: Union[ArrayLike, "ScoreMatrix"],
    mentor_scores: Optional[Union[ArrayLike, "ScoreMatrix"]] = None,
    *,
    capacities: Optional[Union[Sequence[int], Mapping[str, int]]] = None,
    proposer: str = "mentee",
    seed: Optional[int] = None,
    acceptability: str = "mutual",
    mentee_ids: Optional[Sequence[str]] = None,
    mentor_ids: Optional[Sequence[str]] = None,
) -> Assignment:
    """Stable matching where each side ranks the other by a score matrix.

    Parameters
    ----------
    mentee_scores : array_like or ScoreMatrix
        Mentees x mentors; mentee ``i`` ranks mentors by row ``i`` (higher is better, equal =
        tie, ``-inf`` = not acceptable). A :class:`ScoreMatrix` also supplies ids and (unless
        given) the mentor capacities.
    mentor_scores : array_like or ScoreMatrix, optional
        Mentees x mentors; mentor ``j`` ranks mentees by column ``j``. Default: ``mentee_scores``.
    capacities, proposer, seed, acceptability, mentee_ids, mentor_ids
        As in :func:`stable_matching`.

    Returns
    -------
    Assignment

    Raises
    ------
    NonFiniteError
        NaN or ``+inf`` (naming row and column).
    ShapeError
        Shapes differ or are not 2-D.

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> s = np.array([[0.9, 0.5], [0.8, 0.1]])
    >>> nk.stable_matching_from_scores(s).mentor_of.tolist()
    [0, 1]
    """

def blocking_pairs(
    assignment: Assignment,
    mentee_prefs: Union[_Prefs, ArrayLike],
    mentor_prefs: Optional[Union[_Prefs, ArrayLike]] = None,
    *,
    capacities: Optional[Union[Sequence[int], Mapping[str, int]]] = None,
    acceptability: str = "mutual",
    mentee_ids: Optional[Sequence[str]] = None,
    mentor_ids: Optional[Sequence[str]] = None,
    scores: Optional[ArrayLike] = None,
    mentor_scores: Optional[ArrayLike] = None,
    weight: float = 0.5,
    from_scores: bool = False,
    layout: str = "ranks",
) -> list[tuple[Any, Any]]:
    """Pairs that block `assignment` (both would rather be together), sorted.

    Parameters
    ----------
    assignment : Assignment
        Any assignment of these mentees and mentors. With dicts by id, its ``mentee_ids`` and
        ``mentor_ids`` (when set) fix the id order.
    mentee_prefs, mentor_prefs, capacities, acceptability, mentee_ids, mentor_ids, scores, mentor_scores, weight, layout
        As in :func:`stable_matching` (``mentor_prefs`` is required unless ``from_scores``).
    from_scores : bool
        Read ``mentee_prefs`` / ``mentor_prefs`` as score matrices, as in
        :func:`stable_matching_from_scores`.

    Returns
    -------
    list of tuple
        ``(mentee, mentor)``: ids when known, else indices. Empty for a stable assignment.

    Raises
    ------
    InvalidValueError
        A mentor holding more mentees than its capacity.
    ShapeError
        The assignment does not fit the preferences.

    Examples
    --------
    >>> import nastavnik as nk
    >>> e = {"ann": ["kim", "lee"], "bob": ["kim", "lee"]}
    >>> m = {"kim": ["ann", "bob"], "lee": ["ann", "bob"]}
    >>> a = nk.stable_matching(e, m)
    >>> nk.blocking_pairs(a, e, m)
    []
    >>> bad = nk.stable_matching(e, m, proposer="mentor", acceptability="either")
    >>> nk.blocking_pairs(bad, e, m)
    []
    """

def rank_stats(
    assignment: Assignment,
    mentee_prefs: Union[_Prefs, ArrayLike],
    mentor_prefs: Optional[Union[_Prefs, ArrayLike]] = None,
    *,
    acceptability: str = "mutual",
    mentee_ids: Optional[Sequence[str]] = None,
    mentor_ids: Optional[Sequence[str]] = None,
    scores: Optional[ArrayLike] = None,
    mentor_scores: Optional[ArrayLike] = None,
    weight: float = 0.5,
    from_scores: bool = False,
    layout: str = "ranks",
) -> dict[str, dict[str, Any]]:
    """How well each side did by its own (effective) lists.

    Parameters
    ----------
    assignment : Assignment
    mentee_prefs, mentor_prefs, acceptability, mentee_ids, mentor_ids, scores, mentor_scores, weight, from_scores, layout
        As in :func:`blocking_pairs`.

    Returns
    -------
    dict
        ``{"mentee": {...}, "mentor": {...}}``, each with ``n_participants``, ``n_matched``,
        ``n_unmatched``, ``n_first_choice``, ``first_choice_share``, ``mean_rank`` and
        ``worst_rank`` (1-based tie-group ranks of the partners; None when nobody is ranked) and
        ``n_unlisted`` (partners outside the participant's list).

    Examples
    --------
    >>> import nastavnik as nk
    >>> e = {"ann": ["kim", "lee"], "bob": ["kim", "lee"]}
    >>> m = {"kim": ["bob", "ann"], "lee": ["ann", "bob"]}
    >>> st = nk.rank_stats(nk.stable_matching(e, m), e, m)
    >>> st["mentee"]["mean_rank"], st["mentor"]["n_first_choice"]
    (1.5, 2)
    """

@final
class RoommatesResult:
    """Outcome of :func:`stable_roommates`; unpacks as ``(matching, stable, blocking_pairs)``."""

    @property
    def matching(self) -> PeerMatching:
        """The pairs (status "optimal" when stable, else "heuristic")."""
    @property
    def stable(self) -> bool:
        """Whether the matching has no blocking pair."""
    @property
    def blocking_pairs(self) -> list[tuple[Any, Any]]:
        """Blocking pairs ``(a, b)`` (ids when known, else indices with a < b); empty when stable."""
    @property
    def set_aside(self) -> list[Any]:
        """Participants removed to reach a stable core when no stable matching exists."""
    @property
    def rank_stats(self) -> dict[str, Any]:
        """Rank statistics of the matching (as one side of :func:`rank_stats`)."""
    def __iter__(self) -> Any: ...
    def __len__(self) -> int: ...

def stable_roommates(
    prefs: Union[Mapping[str, Sequence[Union[str, Sequence[str]]]], ArrayLike],
    *,
    seed: Optional[int] = None,
    acceptability: str = "mutual",
    ids: Optional[Sequence[str]] = None,
) -> RoommatesResult:
    """Stable pairs within one pool (Irving's stable roommates algorithm, ``O(L)``).

    When a stable matching exists it is found (``stable`` is True). Otherwise the participant at
    which Irving's algorithm fails is set aside and the rest solved again; the remaining
    unmatched participants are paired greedily, and ``stable`` is False with the blocking pairs
    listed. Ties are broken by a random strict order drawn from ``seed``.

    Parameters
    ----------
    prefs : dict or array_like
        A dict by id (as in :func:`stable_matching`; ids are the keys followed by ids only named
        in lists, unless ``ids`` is given) or a square rank matrix (``prefs[i, j]`` = ``i``'s rank
        of ``j``; positive = rank, ``0``/negative = not acceptable; diagonal ignored).
    seed : int
        Tie-breaking seed.
    acceptability : {"mutual", "either"}
        As in :func:`stable_matching`.
    ids : sequence of str, optional
        Participant ids in order.

    Returns
    -------
    RoommatesResult

    Raises
    ------
    InvalidValueError
        A participant listing themselves (named).
    UnknownIdError, DuplicateIdError, ShapeError, NonFiniteError
        As in :func:`stable_matching`.

    Examples
    --------
    >>> import nastavnik as nk
    >>> p = {"a": ["b", "c"], "b": ["a", "c"], "c": ["a", "b"]}
    >>> matching, stable, blocking = nk.stable_roommates(p)
    >>> matching.mate.tolist(), stable, blocking
    ([1, 0, -1], True, [])
    >>> odd = {"a": ["b", "c", "d"], "b": ["c", "a", "d"], "c": ["a", "b", "d"], "d": ["a", "b", "c"]}
    >>> nk.stable_roommates(odd).stable
    False
    """

def assign_lap(
    scores: Union[ArrayLike, ScoreMatrix],
    *,
    reject_score: Optional[float] = None,
    forbidden: Optional[ArrayLike] = None,
) -> Assignment:
    """Optimal one-to-one assignment maximising the total score (Jonker–Volgenant).

    Parameters
    ----------
    scores : array_like or ScoreMatrix
        Mentees × mentors, to maximise; ``-inf`` marks a forbidden pair. Rectangular is fine
        (no padding). float32 input is solved without conversion to a float64 copy of the matrix.
        A ScoreMatrix attaches its ids to the result.
    reject_score : float, optional
        Without it the smaller side must be fully matched (like
        ``scipy.optimize.linear_sum_assignment``), else ``InfeasibleError`` names a row that
        cannot be. With it, a mentee stays unmatched rather than take a pair scoring below it.
    forbidden : array_like of bool, optional
        Extra forbidden pairs (same shape as `scores`).

    Returns
    -------
    Assignment
        Status "optimal"; ``total`` is the sum of the matched scores.

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> a = nk.assign_lap(np.array([[1.0, 2.0], [3.0, 1.0]]))
    >>> a.mentor_of.tolist(), a.total
    ([1, 0], 5.0)
    """

def assign_sparse(candidates: Candidates, *, reject_score: Optional[float] = None) -> Assignment:
    """Optimal one-to-one assignment on sparse candidate lists (pairs not listed are forbidden).

    For district and regional cohorts whose dense matrix would not fit in memory: combine with
    :meth:`Scorer.top_k` or build :class:`Candidates` from CSR arrays.

    Parameters
    ----------
    candidates : Candidates
        CSR lists of each mentee's allowed mentors and their scores.
    reject_score : float, optional
        As in :func:`assign_lap`.

    Returns
    -------
    Assignment

    Raises
    ------
    InfeasibleError
        A mentee with no candidate, or a group of mentees with too few candidates between them,
        named by row.

    Examples
    --------
    >>> import nastavnik as nk
    >>> c = nk.Candidates(2, [0, 2, 3], [0, 1, 0], [0.9, 0.5, 0.8])
    >>> nk.assign_sparse(c).mentor_of.tolist()
    [1, 0]
    """

def assign_batch(problems: Sequence[ArrayLike], *, reject_score: Optional[float] = None) -> list[Assignment]:
    """Solve many independent dense assignment problems in parallel (one call, GIL released).

    Parameters
    ----------
    problems : sequence of array_like
        Score matrices to maximise (shapes may differ).
    reject_score : float, optional
        As in :func:`assign_lap`, for every problem.

    Returns
    -------
    list of Assignment
        In input order. An invalid or infeasible problem raises its error, prefixed by
        ``problems[k]``.

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> [a.total for a in nk.assign_batch([np.eye(2), np.ones((1, 3))])]
    [2.0, 1.0]
    """

def assign_greedy(
    scores: Union[ArrayLike, ScoreMatrix],
    *,
    reject_score: Optional[float] = None,
    forbidden: Optional[ArrayLike] = None,
) -> Assignment:
    """Greedy baseline: repeatedly take the best remaining allowed pair (ties: lowest row, column).

    Parameters
    ----------
    scores : array_like or ScoreMatrix
    reject_score : float, optional
        Pairs below it are never taken.
    forbidden : array_like of bool, optional

    Returns
    -------
    Assignment
        Status "heuristic".

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> nk.assign_greedy(np.array([[3.0, 2.0], [2.0, 0.0]])).total
    3.0
    """

def assign_random(
    scores: Union[ArrayLike, ScoreMatrix],
    *,
    seed: int = 0,
    reject_score: Optional[float] = None,
    forbidden: Optional[ArrayLike] = None,
) -> Assignment:
    """Seeded random baseline: a random maximal matching over the allowed pairs.

    Parameters
    ----------
    scores : array_like or ScoreMatrix
    seed : int
        Same seed, same answer.
    reject_score : float, optional
        Pairs below it are never taken.
    forbidden : array_like of bool, optional

    Returns
    -------
    Assignment
        Status "heuristic".

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> nk.assign_random(np.ones((3, 3)), seed=1).n_matched
    3
    """

def assign_mip(
    scores: Union[ArrayLike, ScoreMatrix],
    *,
    max_load: Union[int, Sequence[int], None] = None,
    min_load: Union[int, Sequence[int], None] = None,
    mentors_per_mentee: Optional[tuple[int, int]] = None,
    reject_score: Optional[float] = None,
    categories: Optional[Sequence[str]] = None,
    priority: Optional[Sequence[str]] = None,
    classes: Optional[Sequence[str]] = None,
    class_limit: Optional[int] = None,
    quotas: Optional[Sequence[Mapping[str, Any]]] = None,
    require: Optional[Sequence[tuple[Any, Any]]] = None,
    forbid: Optional[Sequence[tuple[Any, Any]]] = None,
    time_limit: Optional[float] = None,
    gap: Optional[float] = None,
) -> Assignment:
    """Optimal assignment under side constraints: a MIP solved by HiGHS (through good_lp).

    Parameters
    ----------
    scores : array_like or ScoreMatrix
        Mentees × mentors to maximise; ``-inf`` marks forbidden pairs. A ScoreMatrix lets rows and
        columns below be given by id and supplies the default `max_load` (its capacities).
    max_load, min_load : int or sequence of int, optional
        Per-mentor bounds on the number of mentees (default max 1, min 0).
    mentors_per_mentee : (int, int), optional
        Min and max mentors per mentee (default exactly one).
    reject_score : float, optional
        Allow unmatched mentees, each worth this score.
    categories, priority : sequence of str, optional
        One category label per mentee, and the categories whose mentees must all be matched.
    classes, class_limit : sequence of str and int, optional
        One class label per mentee (e.g. "7B"); at most `class_limit` mentees of one class per mentor.
    quotas : sequence of dict, optional
        Each ``{"name": str, "mentees": rows or ids or None, "mentors": cols or ids or None,
        "min": int, "max": int}``: bounds on the number of pairs inside that block (e.g. a school's
        mentees, or a school's mentees with university mentors). ``None`` means every row/column.
    require, forbid : sequence of (mentee, mentor), optional
        Pairs that must / must not be formed (indices, or ids with a ScoreMatrix).
    time_limit : float, optional
        Seconds; the best answer found is returned with its gap.
    gap : float, optional
        Relative optimality gap at which to stop.

    Returns
    -------
    Assignment
        Status "optimal" when proven, else "feasible" with ``gap``.

    Raises
    ------
    InfeasibleError
        Names the constraint (quota, class limit, mentee row...) that cannot be met.
    SolverError
        No feasible answer within the time limit.

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> s = np.array([[5.0, 1.0], [4.0, 2.0], [3.0, 3.0]])
    >>> a = nk.assign_mip(s, max_load=2, quotas=[{"name": "mentor 1 busy", "mentors": [1], "min": 2}])
    >>> a.mentees_of, a.status
    ([[0], [1, 2]], 'optimal')
    """

def standing_slots_json(grid: str, people: str, units: str, rooms: str, options: str) -> str:
    """Solve a standing-slot problem given as JSON strings; return the JSON report.

    Low-level entry point of :func:`nastavnik.standing.standing_slots`, which builds the JSON
    from Python objects and parses the report.

    Parameters
    ----------
    grid : str
        ``{"days", "day_start", "slot_minutes", "slots_per_day"}`` (minutes).
    people, units, rooms : str
        JSON lists of people (``id``, ``consent``, ``availability``, ``preferred``), units
        (``id``, ``people``, ``mode``, ``size``, ``duration``) and rooms (``id``, ``capacity``,
        ``closed``).
    options : str
        JSON object with ``method``, ``time_limit``, ``gap``, ``threads``, ``spread_weight``,
        ``in_person_weight`` (all optional).

    Returns
    -------
    str
        JSON report: ``placements``, ``unscheduled`` (with reason codes), ``n_scheduled``,
        ``objective``, ``status``, ``gap``, ``n_components``, ``breakdown``.

    Raises
    ------
    ParseError, InvalidValueError, UnknownIdError, DuplicateIdError
        Malformed JSON or bad elements, named by list position and id.

    Examples
    --------
    >>> import json, nastavnik._nastavnik as ext
    >>> g = json.dumps({"days": 1, "day_start": 600, "slot_minutes": 60, "slots_per_day": 1})
    >>> r = ext.standing_slots_json(g, '[{"id": "a"}]', '[{"id": "u", "people": ["a"], "size": 1}]', "[]", "{}")
    >>> json.loads(r)["n_scheduled"]
    1
    """
