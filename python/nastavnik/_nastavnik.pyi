"""Compiled core of nastavnik (Rust). Hand-written stubs with numpy-style docstrings."""

from typing import Any, Literal, Optional, Sequence, final

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
