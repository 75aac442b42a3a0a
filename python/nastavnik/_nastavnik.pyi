"""Compiled core of nastavnik (Rust). Hand-written stubs with numpy-style docstrings."""

import os
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

def cosine(a: ArrayLike, b: ArrayLike, *, threads: Optional[int] = None) -> np.ndarray:
    """Cosine similarity matrix of mentee rows `a` (n×d) and mentor rows `b` (m×d).

    Parameters
    ----------
    a, b : array_like
        Real 2-D arrays with the same number of columns; float32 input (both) gives float32
        output, anything else float64.
    threads : int, optional
        Worker threads (a local pool; default: all cores). The result is identical on any
        thread count.

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

def dot(a: ArrayLike, b: ArrayLike, *, threads: Optional[int] = None) -> np.ndarray:
    """Dot-product matrix ``a @ b.T`` (n×m); float32 stays float32.

    Parameters
    ----------
    a, b : array_like
        Real 2-D arrays with the same number of columns.
    threads : int, optional
        Worker threads (a local pool; default: all cores). The result is identical on any
        thread count.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> nk.dot(np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]])).tolist()
    [[11.0]]
    """

def rbf(
    a: ArrayLike,
    b: ArrayLike,
    *,
    gamma: float = 1.0,
    weights: Optional[Sequence[float]] = None,
    threads: Optional[int] = None,
) -> np.ndarray:
    """Gaussian kernel ``exp(-gamma * sum(w * (a - b)**2))`` (n×m).

    Parameters
    ----------
    a, b : array_like
        Real 2-D arrays with the same number of columns.
    gamma : float
        Width, > 0.
    weights : sequence of float, optional
        Non-negative per-feature weights (length d).
    threads : int, optional
        Worker threads (a local pool; default: all cores). The result is identical on any
        thread count.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> float(nk.rbf(np.zeros((1, 2)), np.ones((1, 2)), gamma=0.5)[0, 0]) == float(np.exp(-1.0))
    True
    """

def weighted_euclidean(
    a: ArrayLike, b: ArrayLike, *, weights: Optional[Sequence[float]] = None, threads: Optional[int] = None
) -> np.ndarray:
    """Weighted Euclidean distances ``sqrt(sum(w * (a - b)**2))`` (n×m; lower = more alike).

    Parameters
    ----------
    a, b : array_like
        Real 2-D arrays with the same number of columns.
    weights : sequence of float, optional
        Non-negative per-feature weights.
    threads : int, optional
        Worker threads (a local pool; default: all cores). The result is identical on any
        thread count.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> nk.weighted_euclidean(np.array([[0.0, 0.0]]), np.array([[3.0, 4.0]])).round(6).tolist()
    [[5.0]]
    """

def jaccard(a: ArrayLike, b: ArrayLike, *, threads: Optional[int] = None) -> np.ndarray:
    """Jaccard index of multi-hot rows (bool or 0/1), 1 where both rows are empty.

    Parameters
    ----------
    a, b : array_like
        Boolean 2-D arrays with the same number of columns.
    threads : int, optional
        Worker threads (a local pool; default: all cores). The result is identical on any
        thread count.

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
    threads: Optional[int] = None,
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
    threads : int, optional
        Worker threads (a local pool; default: all cores). The result is identical on any
        thread count.

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
    n_mentees: Optional[int] = None,
    n_mentors: Optional[int] = None,
    *,
    n_schools: Optional[int] = None,
    consent_rate: float = 0.97,
    seed: Optional[int] = None,
) -> tuple[Schema, Cohort]:
    """Seeded synthetic cohort of schools (forms, ages, deficits, interests, capacities, consent).

    Parameters
    ----------
    n_mentees, n_mentors : int, optional
        Sizes (default 200 and 60).
    n_schools : int, optional
        Number of schools (default 4).
    consent_rate : float
        Share with recorded consent, in [0, 1].
    seed : int, optional
        Random seed, a non-negative integer (default 42; same seed, same cohort).

    Returns
    -------
    (Schema, Cohort)

    Raises
    ------
    InvalidValueError
        A negative or too large size or seed (naming the argument).
    TypeError
        A non-integer size or seed.

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
    team_size: int | Sequence[int] | None = None,
    reject_score: Optional[float] = None,
    forbidden: Optional[ArrayLike] = None,
    threads: Optional[int] = None,
) -> Assignment:
    """Form mentoring groups: capacitated assignment maximising the total score (exact).

    Every mentee gets exactly `team_size` distinct mentors (1 by default; a team of
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
    team_size : int or sequence of int, optional
        Number of distinct mentors of each mentee (one int for all, or one per row; default 1).
        The old spelling ``mentors_per_mentee=`` is a ``TypeError`` naming this one.
    reject_score : float, optional
        Gain of leaving one mentor slot of a mentee empty. Without it every slot must be filled
        (or the call raises :class:`InfeasibleError`); with it a mentee whose best option is worth
        less than `reject_score` stays unmatched. `total` is the sum of the chosen pairs' scores;
        `objective` adds `reject_score` once per empty slot.
    forbidden : array_like of bool, optional
        Mask of the shape of `scores`; ``True`` forbids the pair (same as ``-inf``).
    threads : int, optional
        Worker threads (a local pool; default: all cores). The result is identical on any
        thread count.

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
    >>> nk.assign_groups(s, max_load=4, team_size=2).mentors_of[0]
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
    required: Optional[Sequence[tuple[int | str, int | str]]] = None,
    forbidden: Optional[Sequence[tuple[int | str, int | str]]] = None,
    keep_bonus: Optional[float] = None,
    max_load: int | Sequence[int] | None = None,
) -> tuple[Assignment, dict[str, Any]]:
    """Re-match in the middle of the year, changing as little as possible (exact).

    Keeps every `required` pair, never uses a `forbidden` pair (e.g. past partners), gives each mentee
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
    required : sequence of (mentee, mentor), optional
        Pairs that must stay (indices, or ids for a ScoreMatrix). Formerly ``fixed=`` (now a
        ``TypeError`` naming this keyword).
    forbidden : sequence of (mentee, mentor), optional
        Pairs that must not be formed. Formerly ``avoid=`` (now a ``TypeError``).
    keep_bonus : float, optional
        Gain per kept previous pair; ``None`` keeps as many as possible first.
    max_load : int or sequence of int, optional
        Group format: maximum mentees per mentor. ``None``: 1:1.

    Returns
    -------
    assignment : Assignment
        The new pairs (``status == "optimal"``, ``total`` without bonus, ``objective`` =
        ``total + keep_bonus * n_kept`` with a bonus and ``None`` without one, where the order is
        lexicographic; ids for a ScoreMatrix).
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
        An index out of range in `previous`, `required` or `forbidden` (naming row / column), a
        mentee required with two mentors, a non-finite `keep_bonus`.
    InfeasibleError
        A required pair that is forbidden, or required pairs over a mentor's capacity.
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
    >>> a, r = nk.rematch(s, [0, 1, None], required=[(2, 0)], forbidden=[(0, 2)])
    >>> r["moved"]
    [(0, 0, 1), (1, 1, 2)]
    """

__all__ = [
    "__version__",
    "NastavnikError",
    "NonFiniteError",
    "EmptyInputError",
    "ShapeError",
    "DuplicateIdError",
    "UnknownIdError",
    "InvalidValueError",
    "InfeasibleError",
    "SolverError",
    "ParseError",
    "InternalError",
    "cosine",
    "dot",
    "rbf",
    "weighted_euclidean",
    "jaccard",
    "top_k",
    "synthetic_cohort",
    "assign_groups",
    "pair_peers",
    "assign_lap",
    "assign_mip",
    "assign_sparse",
    "assign_batch",
    "assign_greedy",
    "assign_random",
    "assign_fair",
    "rematch",
    "Assignment",
    "PeerMatching",
    "Schema",
    "Cohort",
    "Candidates",
    "ScoreMatrix",
    "Scorer",
    "stable_matching",
    "stable_matching_from_scores",
    "blocking_pairs",
    "rank_stats",
    "stable_roommates",
    "RoommatesResult",
    "Problem",
    "Strategy",
    "Solution",
    "solve",
    "Preferences",
    "HistoricalCohort",
    "WhyNotSolver",
    "synthetic_history",
    "sweep_json",
    "ridge_json",
    "spearman",
    "evaluate_json",
    "strategy_json",
    "kpis_json",
    "read_table",
    "draft_form_mapping",
    "check_form_mapping",
    "import_form_file",
    "import_form_rows",
    "cohort_from_rows",
    "standing_slots_json",
    # pickling helpers (private, used by nastavnik._pickle)
    "_assignment_state",
    "_peer_state",
    "_rebuild_assignment",
    "_rebuild_candidates",
    "_rebuild_peer",
    "_rebuild_roommates",
    "_rebuild_score_matrix",
    "_rebuild_solution",
    "_solution_state",
    "schedule_json",
    "schedule_ics_json",
    "schedule_ics_logged_json",
    "schedule_csv_json",
    "production_calendar_json",
    "schedule_conflict_set_json",
]

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
    def from_csv(path: Union[str, "os.PathLike[str]"], schema: Schema) -> Cohort:
        """Read the curator's cohort file, CSV or XLSX (columns ``id``, ``role``, participant
        fields, question ids; headers case-insensitive; encoding and separator detected).

        Every problem of the file is reported at once with its line (Excel row) and column.

        Parameters
        ----------
        path : str or path-like
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
    def to_frame(self) -> Any:
        """Consenting participants as a DataFrame (index: id); people without consent are left out.

        Parameters
        ----------
        self : Cohort

        Returns
        -------
        pandas.DataFrame
            Columns ``role`` and the participant fields, then one column per answered question.
        """

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
    def to_frame(self) -> Any:
        """Candidate lists in long form: ``mentee``, ``mentor``, ``rank`` (0 = best), ``score``.

        Parameters
        ----------
        self : Candidates

        Returns
        -------
        pandas.DataFrame
        """

@final
class ScoreMatrix:
    """Dense mentees × mentors scores in [0, 1] with ids; ``-inf`` marks forbidden pairs.

    A handle on the core Rust score matrix: solvers read it directly (no copy through Python
    attributes), and ``scores`` is a read-only view of it (``np.array(m.scores)`` for a
    writable copy).
    """

    @property
    def scores(self) -> np.ndarray:
        """float64 mentees × mentors matrix (read-only view, no copy)."""
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
    def to_frame(self) -> Any:
        """Score matrix as a DataFrame (index: mentee ids, columns: mentor ids).

        Parameters
        ----------
        self : ScoreMatrix

        Returns
        -------
        pandas.DataFrame
        """

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
        """Sum of the scores of the chosen pairs (NaN for stable matching on stated lists)."""
    @property
    def objective(self) -> Optional[float]:
        """What the solver optimised: `total` plus `reject_score` per empty slot (``assign_lap``,
        ``assign_sparse``, ``assign_groups``, ``assign_mip``: per mentee left unmatched);
        ``None`` for solvers that optimise no single number (greedy, random, stable, fair
        ``max_min``/``coverage``)."""
    @property
    def n_pairs(self) -> int:
        """Number of pairs (as ``len(assignment)``)."""
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
        """One of "optimal", "stable", "feasible", "time_limit", "gap_limit", "partial" (see the README's naming table)."""
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
    def to_frame(self, scores: Any = None) -> Any:
        """Pairs of an assignment: ``mentee``, ``mentor`` (ids when known) and ``score`` if given.

        Parameters
        ----------
        self : Assignment
        scores : array_like or ScoreMatrix, optional
            The matrix the assignment was solved on, to add each pair's score.

        Returns
        -------
        pandas.DataFrame
        """

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

@final
class Preferences:
    """Stated preferences validated, id-resolved and cross-linked **once**, reused by
    :func:`stable_matching`, :func:`blocking_pairs`, :func:`rank_stats` and (peer preferences)
    :func:`stable_roommates`, so a large cohort is not re-parsed on every call.

    Parameters
    ----------
    mentee_prefs, mentor_prefs : dict, array_like or ScoreMatrix
        As in :func:`stable_matching`: both dicts of ranked lists by id, both rank matrices
        (mentees x mentors), both index lists (``layout="lists"``), or, with
        ``from_scores=True`` or a :class:`ScoreMatrix`, score matrices (``mentor_prefs``
        defaults to the mentees' scores). Sets and dicts as rankings are a ``TypeError``.
    acceptability : {"mutual", "either"}, optional
        Which pairs may be formed (default ``"mutual"``).
    mentee_ids, mentor_ids : sequence of str, optional
        The ids in order; inferred from dicts as documented in :func:`stable_matching`, taken
        from a ``ScoreMatrix``; checked for duplicates and length on every path.
    scores, mentor_scores : array_like, optional
        Scores blended with the stated lists (see :func:`stable_matching`).
    weight : float, optional
        Weight of the stated ranks in the blend (default 0.5).
    from_scores : bool
        Read ``mentee_prefs`` / ``mentor_prefs`` as score matrices.
    layout : {"ranks", "lists"}, optional
        How array input is read (default ``"ranks"``).
    threads : int, optional
        Worker threads for building the preferences (a local pool; default: all cores). The
        result is identical on any thread count.

    Raises
    ------
    UnknownIdError, DuplicateIdError, InvalidValueError, NonFiniteError, ShapeError, TypeError
        As :func:`stable_matching`.

    Examples
    --------
    >>> import nastavnik as nk
    >>> p = nk.Preferences({"ann": ["kim", "lee"], "bob": ["kim"]}, {"kim": ["bob", "ann"], "lee": ["ann"]})
    >>> p
    Preferences(2 mentees x 2 mentors, 3 acceptable pairs, acceptability="mutual")
    >>> a = nk.stable_matching(p)
    >>> a.to_pairs()
    [('ann', 'lee'), ('bob', 'kim')]
    >>> nk.blocking_pairs(a, p), nk.rank_stats(a, p)["mentee"]["n_matched"]
    ([], 2)
    >>> peers = nk.Preferences.peers({"ann": ["bob"], "bob": ["ann"]})
    >>> nk.stable_roommates(peers).matching.pairs.tolist()
    [[0, 1]]
    """

    def __new__(
        cls,
        mentee_prefs: Union[_Prefs, "ScoreMatrix"],
        mentor_prefs: Optional[Union[_Prefs, "ScoreMatrix"]] = None,
        *,
        acceptability: Optional[str] = None,
        mentee_ids: Optional[Sequence[str]] = None,
        mentor_ids: Optional[Sequence[str]] = None,
        scores: Optional[ArrayLike] = None,
        mentor_scores: Optional[ArrayLike] = None,
        weight: Optional[float] = None,
        from_scores: bool = False,
        layout: Optional[str] = None,
        threads: Optional[int] = None,
    ) -> Preferences: ...
    @staticmethod
    def peers(
        prefs: Union[Mapping[str, Sequence[Union[str, Sequence[str]]]], ArrayLike],
        *,
        acceptability: Optional[str] = None,
        ids: Optional[Sequence[str]] = None,
        scores: Optional[ArrayLike] = None,
        weight: Optional[float] = None,
        layout: Optional[str] = None,
        threads: Optional[int] = None,
    ) -> "Preferences":
        """Peer preferences of one pool (for :func:`stable_roommates`).

        ``prefs`` is a dict of ranked lists by id, a square rank matrix, square index lists
        (``layout="lists"``) or, blended with ``scores`` by ``weight``, any of those. ``ids``
        default to the dict's keys followed by ids named only in lists.
        """
    @property
    def is_peer(self) -> bool:
        """Whether these are peer (one-pool) preferences."""
    @property
    def acceptability(self) -> str:
        """``"mutual"`` or ``"either"``."""
    @property
    def mentee_ids(self) -> Optional[list[str]]:
        """Mentee ids (two-sided, when known)."""
    @property
    def mentor_ids(self) -> Optional[list[str]]:
        """Mentor ids (two-sided, when known)."""
    @property
    def ids(self) -> Optional[list[str]]:
        """Participant ids (peer, when known)."""
    @property
    def shape(self) -> tuple[int, int]:
        """``(n_mentees, n_mentors)``, or ``(n, n)`` for peers."""
    @property
    def n_acceptable_pairs(self) -> int:
        """Number of pairs that may be formed under the acceptability rule."""

def stable_matching(
    mentee_prefs: Union[_Prefs, "Preferences"],
    mentor_prefs: Optional[_Prefs] = None,
    *,
    max_load: Optional[Union[Sequence[int], Mapping[str, int]]] = None,
    proposer: str = "mentee",
    seed: Optional[int] = None,
    acceptability: Optional[str] = None,
    mentee_ids: Optional[Sequence[str]] = None,
    mentor_ids: Optional[Sequence[str]] = None,
    scores: Optional[ArrayLike] = None,
    mentor_scores: Optional[ArrayLike] = None,
    weight: Optional[float] = None,
    layout: Optional[str] = None,
    threads: Optional[int] = None,
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
    mentee_prefs, mentor_prefs : dict, array_like or Preferences
        A :class:`Preferences` built once (then ``mentor_prefs`` and the building options
        ``acceptability``, ids, ``scores``, ``mentor_scores``, ``weight``, ``layout`` must not be
        given: a ``TypeError`` otherwise). Or **both dicts by id**, ``{"e1": ["m2", ["m1", "m3"]], ...}``: each value is a list,
        best first, whose entries are an id or a list of ids tied together; a missing key means
        an empty list. Sets, frozensets and dicts are unordered and are a ``TypeError`` as a
        list or as a tie group. Or **both rank matrices**, laid out mentees x mentors for both sides
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
    max_load : sequence of int or dict, optional
        Number of mentees each mentor may take (>= 0), one per mentor; with dicts by id also a
        dict by mentor id (mentors not in it keep 1). Default: 1 for every mentor, also for a
        :class:`ScoreMatrix` (one-to-one like every solver but :func:`assign_groups`; pass
        ``max_load=m.mentor_capacity`` for its capacities). Formerly ``capacities=`` (now a
        ``TypeError`` naming this keyword).
    proposer : {"mentee", "mentor"}
        Which side proposes, i.e. which side's optimum is returned.
    seed : int
        Seed of the tie-breaking order (same seed, same result).
    acceptability : {"mutual", "either"}, optional
        Default ``"mutual"``. ``"mutual"``: a pair may be formed only when both list each other. ``"either"``: when at
        least one lists the other; the other then ranks such partners together after everyone
        they listed.
    mentee_ids, mentor_ids : sequence of str, optional
        The ids, in order (rows and columns of the result). With dicts, by default mentee ids are
        the keys of ``mentee_prefs`` in order, followed by ids that only appear in the lists of
        ``mentor_prefs`` (in order of first appearance); likewise for mentors (ids inferred on
        purpose: a participant who returned no list still gets an id). An id that inference
        would put on the wrong side is an ``UnknownIdError``: a mentee listing a mentee, or an id
        named as a mentor by a mentee and as a mentee by a mentor while listed by no one; pass
        both id lists when the two sides really share ids. Pass them to fix the order and to
        turn a misspelt id into an error. With rank matrices they only label the result
        (checked for length and duplicates).
    scores, mentor_scores : array_like, optional
        Questionnaire scores (mentees x mentors, higher is better, ``-inf`` forbidden) to blend
        with the stated lists: each participant orders partners by
        ``weight * stated + (1 - weight) * score`` (both normalised to [0, 1] per participant;
        stated = 1 for the first tie group down to 0 for unlisted). Every pair with a finite
        score becomes listed. ``mentor_scores`` defaults to ``scores``.
    weight : float, optional
        Weight of the stated ranks in the blend, in [0, 1] (default 0.5).
    layout : {"ranks", "lists"}, optional
        How array input is read: rank matrices (default) or index lists (see above). Dicts are
        always lists by id.
    threads : int, optional
        Worker threads for building the preferences (a local pool; default: all cores). The
        result is identical on any thread count.

    Returns
    -------
    Assignment
        Status ``"stable"``, ``total`` is NaN (no scores; ``len(a)`` counts the pairs); ``mentee_ids`` and
        ``mentor_ids`` are set when ids are known.

    Raises
    ------
    UnknownIdError, DuplicateIdError
        An unknown or repeated id (named in the message), a mentee listing a mentee.
    InvalidValueError
        Someone listing themselves, negative capacities, non-integer ranks, bad option strings,
        index lists with an out-of-range index (at or beyond ``2**32 - 1`` too, never capped) or
        a bad ``indptr``, unsigned ranks or indices at or beyond ``2**63``.
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
    >>> nk.stable_matching(mentees, mentors, max_load={"kim": 2}).to_pairs()
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
    max_load: Optional[Union[Sequence[int], Mapping[str, int]]] = None,
    proposer: str = "mentee",
    seed: Optional[int] = None,
    acceptability: Optional[str] = None,
    mentee_ids: Optional[Sequence[str]] = None,
    mentor_ids: Optional[Sequence[str]] = None,
    threads: Optional[int] = None,
) -> Assignment:
    """Stable matching where each side ranks the other by a score matrix.

    Parameters
    ----------
    mentee_scores : array_like or ScoreMatrix
        Mentees x mentors; mentee ``i`` ranks mentors by row ``i`` (higher is better, equal =
        tie, ``-inf`` = not acceptable). A :class:`ScoreMatrix` also supplies ids; the matching
        is one-to-one (as :func:`assign_lap`) unless ``max_load`` is given.
    mentor_scores : array_like or ScoreMatrix, optional
        Mentees x mentors; mentor ``j`` ranks mentees by column ``j``. Default: ``mentee_scores``.
    max_load, proposer, seed, acceptability, mentee_ids, mentor_ids
        As in :func:`stable_matching`.
    threads : int, optional
        Worker threads for building the preferences (a local pool; default: all cores). The
        result is identical on any thread count.

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
    mentee_prefs: Union[_Prefs, ArrayLike, "ScoreMatrix", "Preferences"],
    mentor_prefs: Optional[Union[_Prefs, ArrayLike, "ScoreMatrix"]] = None,
    *,
    max_load: Optional[Union[Sequence[int], Mapping[str, int]]] = None,
    acceptability: Optional[str] = None,
    mentee_ids: Optional[Sequence[str]] = None,
    mentor_ids: Optional[Sequence[str]] = None,
    scores: Optional[ArrayLike] = None,
    mentor_scores: Optional[ArrayLike] = None,
    weight: Optional[float] = None,
    from_scores: bool = False,
    layout: Optional[str] = None,
) -> list[tuple[Any, Any]]:
    """Pairs that block `assignment` (both would rather be together), sorted.

    Parameters
    ----------
    assignment : Assignment
        Any assignment of these mentees and mentors. With dicts by id, its ``mentee_ids`` and
        ``mentor_ids`` (when set) fix the id order.
    mentee_prefs, mentor_prefs, max_load, acceptability, mentee_ids, mentor_ids, scores, mentor_scores, weight, layout
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
    mentee_prefs: Union[_Prefs, ArrayLike, "ScoreMatrix", "Preferences"],
    mentor_prefs: Optional[Union[_Prefs, ArrayLike, "ScoreMatrix"]] = None,
    *,
    acceptability: Optional[str] = None,
    mentee_ids: Optional[Sequence[str]] = None,
    mentor_ids: Optional[Sequence[str]] = None,
    scores: Optional[ArrayLike] = None,
    mentor_scores: Optional[ArrayLike] = None,
    weight: Optional[float] = None,
    from_scores: bool = False,
    layout: Optional[str] = None,
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
        """The pairs (status "stable" when stable, else "partial")."""
    @property
    def stable(self) -> bool:
        """Whether the matching has no blocking pair."""
    @property
    def blocking_pairs(self) -> list[tuple[Any, Any]]:
        """Blocking pairs ``(a, b)`` (ids when known, else indices with a < b); empty when stable."""
    @property
    def set_aside(self) -> list[Any]:
        """Participants set aside when no stable matching exists (one per odd party; the fewest possible)."""
    @property
    def rank_stats(self) -> dict[str, Any]:
        """Rank statistics of the matching (as one side of :func:`rank_stats`)."""
    def __iter__(self) -> Any: ...
    def __len__(self) -> int: ...

def stable_roommates(
    prefs: Union[Mapping[str, Sequence[Union[str, Sequence[str]]]], ArrayLike, Preferences],
    *,
    seed: Optional[int] = None,
    acceptability: Optional[str] = None,
    ids: Optional[Sequence[str]] = None,
    threads: Optional[int] = None,
) -> RoommatesResult:
    """Stable pairs within one pool (Irving's stable roommates algorithm, ``O(L)``).

    When a stable matching exists it is found (``stable`` is True). Otherwise (Tan's stable
    partition, still ``O(L)``) one member of each odd party is set aside (``set_aside``: the
    fewest participants whose removal leaves a pool with a stable matching) and the others are
    matched stably among themselves; the unmatched are then paired greedily, so every blocking
    pair involves a set-aside participant, and ``stable`` is False with the blocking pairs
    listed. Ties are broken by a random strict order drawn from ``seed``.

    Parameters
    ----------
    prefs : dict, array_like or Preferences
        A :meth:`Preferences.peers` built once (then ``acceptability`` and ``ids`` must not be
        given), or:
        A dict by id (as in :func:`stable_matching`; ids are the keys followed by ids only named
        in lists, unless ``ids`` is given) or a square rank matrix (``prefs[i, j]`` = ``i``'s rank
        of ``j``; positive = rank, ``0``/negative = not acceptable; diagonal ignored).
    seed : int
        Tie-breaking seed.
    acceptability : {"mutual", "either"}
        As in :func:`stable_matching`.
    ids : sequence of str, optional
        Participant ids in order.
    threads : int, optional
        Worker threads for building the preferences (a local pool; default: all cores). The
        result is identical on any thread count.

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

def assign_batch(
    problems: Sequence[ArrayLike], *, reject_score: Optional[float] = None, threads: Optional[int] = None
) -> list[Assignment]:
    """Solve many independent dense assignment problems in parallel (one call, GIL released).

    Parameters
    ----------
    problems : sequence of array_like
        Score matrices to maximise (shapes may differ).
    reject_score : float, optional
        As in :func:`assign_lap`, for every problem.
    threads : int, optional
        Worker threads (a local pool; default: all cores). The result is identical on any
        thread count.

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
        Status "feasible".

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> nk.assign_greedy(np.array([[3.0, 2.0], [2.0, 0.0]])).total
    3.0
    """

def assign_random(
    scores: Union[ArrayLike, ScoreMatrix],
    *,
    seed: Optional[int] = None,
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
        Status "feasible".

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
    team_size: int | tuple[int, int] | None = None,
    reject_score: Optional[float] = None,
    categories: Optional[Sequence[str]] = None,
    priority: Optional[Sequence[str]] = None,
    classes: Optional[Sequence[str]] = None,
    class_limit: Optional[int] = None,
    quotas: Optional[Sequence[Mapping[str, Any]]] = None,
    required: Optional[Sequence[tuple[Any, Any]]] = None,
    forbidden: Optional[Sequence[tuple[Any, Any]]] = None,
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
    team_size : int or (int, int), optional
        Mentors per mentee: exactly ``k``, or a ``(min, max)`` range (default exactly one).
        Formerly ``mentors_per_mentee=`` (now a ``TypeError`` naming this keyword).
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
    required, forbidden : sequence of (mentee, mentor), optional
        Pairs that must / must not be formed (indices, or ids with a ScoreMatrix). Formerly
        ``require=`` / ``forbid=`` (now a ``TypeError`` naming these keywords).
    time_limit : float, optional
        Seconds for the whole call, model building included. The LP relaxation, rounded and
        repaired by a local search, gives HiGHS a feasible start; the best answer found is
        returned with status "time_limit" and its gap to the best known bound (HiGHS's, or
        the LP relaxation's).
    gap : float, optional
        Relative optimality gap at which to stop.

    Returns
    -------
    Assignment
        Status "optimal" when proven, else "time_limit", "gap_limit" or "feasible" with
        ``gap``.

    Raises
    ------
    InfeasibleError
        Names the constraint (quota, class limit, mentee row...) that cannot be met.
    SolverError
        No feasible answer known when the time limit expires.

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> s = np.array([[5.0, 1.0], [4.0, 2.0], [3.0, 3.0]])
    >>> a = nk.assign_mip(s, max_load=2, quotas=[{"name": "mentor 1 busy", "mentors": [1], "min": 2}])
    >>> a.mentees_of, a.status
    ([[0], [1, 2]], 'optimal')
    """

_Status = Literal["optimal", "stable", "feasible", "time_limit", "gap_limit", "partial"]
_Solver = Literal[
    "lap", "sparse", "groups", "peers", "fair", "mip", "stable", "stable_from_scores", "greedy",
    "random", "rematch",
]
_Pairs = Sequence[tuple[Union[int, str], Union[int, str]]]

@final
class Problem:
    """An assignment problem, stated and validated once, that every :class:`Strategy` solves.

    Parameters
    ----------
    scores : array_like, ScoreMatrix or Candidates
        Mentees x mentors scores to maximise (``-inf`` = forbidden; float32 stays float32), a
        :class:`ScoreMatrix` (its ids; its capacities are *not* applied: pass ``max_load``), or
        sparse :class:`Candidates` (absent pairs forbidden).
    mentee_ids, mentor_ids : sequence of str, optional
        One unique id per row / column (both or neither).
    min_load, max_load : sequence of int, optional
        Mentees per mentor, one entry per mentor (defaults 0 and 1: one-to-one).
    team_size : sequence of int, optional
        Mentors per mentee, one entry per mentee (default 1).
    reject_score : float, optional
        Gain of leaving a mentor slot empty. Without it the side with less room is filled
        completely (every mentee when the mentors' loads cover them, else every mentor).
    forbidden, required : sequence of (mentee, mentor), optional
        Pairs by index or by id that must not / must be formed.
    preferences : Preferences, optional
        Both sides' stated preferences (two-sided, mentees x mentors of this problem), for the
        ``"stable"`` strategy; their ids, when both have ids, must equal the problem's.

    Raises
    ------
    NonFiniteError
        NaN or ``+inf`` in the scores (naming row and column).
    ShapeError
        Loads, team sizes or ids of the wrong length.
    DuplicateIdError
        A repeated id.
    InvalidValueError
        ``min_load > max_load``, a pair out of range or both required and forbidden, a negative
        or too large load (naming the argument and entry).
    TypeError
        A non-integer load, a non-number reject score.

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> p = nk.Problem(np.array([[0.9, 0.1], [0.4, 0.8]]), mentee_ids=["ann", "bob"],
    ...                mentor_ids=["kim", "lee"], forbidden=[("ann", "lee")])
    >>> p.shape, p.forbidden, p.is_one_to_one
    ((2, 2), [(0, 1)], True)
    """

    def __new__(
        cls,
        scores: Union[ArrayLike, ScoreMatrix, Candidates],
        *,
        mentee_ids: Optional[Sequence[str]] = None,
        mentor_ids: Optional[Sequence[str]] = None,
        min_load: Optional[Sequence[int]] = None,
        max_load: Optional[Sequence[int]] = None,
        team_size: Optional[Sequence[int]] = None,
        reject_score: Optional[float] = None,
        forbidden: Optional[_Pairs] = None,
        required: Optional[_Pairs] = None,
        preferences: Optional[Preferences] = None,
    ) -> Problem: ...
    @property
    def shape(self) -> tuple[int, int]:
        """(mentees, mentors)."""
    @property
    def mentee_ids(self) -> Optional[list[str]]:
        """Mentee ids, when given."""
    @property
    def mentor_ids(self) -> Optional[list[str]]:
        """Mentor ids, when given."""
    @property
    def min_load(self) -> list[int]:
        """Minimum load of each mentor."""
    @property
    def max_load(self) -> list[int]:
        """Maximum load of each mentor."""
    @property
    def team_size(self) -> list[int]:
        """Team size of each mentee."""
    @property
    def reject_score(self) -> Optional[float]:
        """The reject score, when set."""
    @property
    def forbidden(self) -> list[tuple[int, int]]:
        """Forbidden (mentee, mentor) index pairs."""
    @property
    def required(self) -> list[tuple[int, int]]:
        """Required (mentee, mentor) index pairs."""
    @property
    def is_one_to_one(self) -> bool:
        """Whether every load and team size is 1."""

@final
class Strategy:
    """One solver with its parameters, written to and read from JSON.

    Parameters
    ----------
    solver : str
        One of :meth:`Strategy.names`: ``"lap"``, ``"sparse"``, ``"groups"``, ``"peers"``
        (``objective``), ``"fair"`` (``objective``: ``"max_sum"``, ``"max_min"``,
        ``"coverage"``), ``"mip"`` (``time_limit``, ``gap``, ``lp_shortcut``), ``"stable"``,
        ``"stable_from_scores"`` (``proposer``: ``"mentees"``/``"mentors"``, ``seed``,
        ``acceptability``), ``"greedy"``, ``"random"`` (``seed``), ``"rematch"``
        (``previous``, ``keep_bonus``).
    **params
        The solver's parameters; omitted ones take their defaults (seeds 0).

    Raises
    ------
    ParseError
        An unknown solver or parameter, or a bad value (naming it).

    Examples
    --------
    >>> import nastavnik as nk
    >>> s = nk.Strategy("random", seed=7)
    >>> s.to_dict()
    {'solver': 'random', 'seed': 7}
    >>> nk.Strategy.from_json(s.to_json()) == s
    True
    """

    def __new__(cls, solver: _Solver, **params: Any) -> Strategy: ...
    @staticmethod
    def from_json(text: str) -> Strategy:
        """Read a strategy from JSON such as ``{"solver": "lap"}``."""
    @staticmethod
    def from_dict(d: Mapping[str, Any]) -> Strategy:
        """Read a strategy from a dict such as ``{"solver": "random", "seed": 7}``."""
    def to_json(self) -> str:
        """The strategy as JSON."""
    def to_dict(self) -> dict[str, Any]:
        """The strategy as a dict."""
    @property
    def solver(self) -> str:
        """The solver's name."""
    @staticmethod
    def names() -> list[str]:
        """Every solver name."""

@final
class Solution:
    """The answer of :func:`solve`.

    ``total`` is the sum of the chosen pairs' scores; ``n_pairs`` their number; ``objective``
    what the solver optimised (``total`` plus the reject score per empty slot; ``None`` for
    stable, greedy, random and fair ``max_min``/``coverage``); ``status`` one of the documented
    statuses.
    """

    @property
    def assignment(self) -> Assignment:
        """The pairs with ids, as an :class:`Assignment`."""
    @property
    def pairs(self) -> np.ndarray:
        """(n_pairs, 2) int64 array of (mentee, mentor) indices."""
    @property
    def mentor_of(self) -> np.ndarray:
        """Mentor index of each mentee, -1 when unmatched."""
    def to_pairs(self) -> list[tuple[Any, Any]]:
        """Pairs as id tuples when the problem had ids, else index tuples."""
    @property
    def total(self) -> float:
        """Sum of the chosen pairs' scores."""
    @property
    def n_pairs(self) -> int:
        """Number of pairs."""
    @property
    def objective(self) -> Optional[float]:
        """What the solver optimised, or None."""
    @property
    def status(self) -> _Status:
        """One of "optimal", "stable", "feasible", "time_limit", "gap_limit", "partial"."""
    @property
    def gap(self) -> Optional[float]:
        """Relative optimality gap, when reported."""
    @property
    def strategy(self) -> Strategy:
        """The strategy that produced it."""
    def __len__(self) -> int: ...

def solve(problem: Problem, strategy: Union[Strategy, _Solver, Mapping[str, Any]]) -> Solution:
    """Solve a :class:`Problem` with a :class:`Strategy` (or a solver name, or a dict).

    Every strategy solves the same problem (loads, team sizes, reject score, forbidden and
    required pairs) or raises naming what it cannot honour.

    Parameters
    ----------
    problem : Problem
    strategy : Strategy, str or dict

    Returns
    -------
    Solution

    Raises
    ------
    InvalidValueError
        The strategy cannot honour part of the problem (e.g. loads for ``"lap"``).
    InfeasibleError
        No assignment satisfies the problem (naming the row or constraint).

    Examples
    --------
    >>> import numpy as np, nastavnik as nk
    >>> p = nk.Problem(np.array([[3.0, 1.0], [2.0, 0.5]]), reject_score=1.0)
    >>> s = nk.solve(p, "lap")
    >>> s.pairs.tolist(), s.total, s.objective, s.status
    ([[0, 0]], 3.0, 4.0, 'optimal')
    """


# --- strategy lab (nastavnik.evaluate); friendly wrappers in nastavnik.lab -------------------

@final
class HistoricalCohort:
    """A past cohort: participants, stated preferences, pairs made and outcomes (JSON format of
    ``nastavnik::evaluate::history``). Readers validate and name the file and entry at fault.

    Examples
    --------
    >>> import nastavnik as nk
    >>> c = nk.lab.synthetic_history(schools=1, years=[2023])[0]
    >>> nk.lab.HistoricalCohort.from_json(c.to_json()).name
    'school_1_2023'
    """

    @staticmethod
    def from_json(text: str, *, file: str = "<string>") -> HistoricalCohort:
        """Parse and validate JSON text; ``file`` names the source in errors (ParseError)."""
    @staticmethod
    def read_json(path: str | os.PathLike[str]) -> HistoricalCohort:
        """Read and validate a JSON file."""
    @staticmethod
    def read_csv_dir(path: str | os.PathLike[str]) -> HistoricalCohort:
        """Read and validate a folder of CSV files (``meta.json``, ``participants.csv``,
        ``answers.csv``, ``preferences.csv``, ``pairs.csv``, ``outcomes.csv``); errors name the
        file, line and column (ParseError)."""
    def write_csv_dir(self, path: str | os.PathLike[str]) -> None:
        """Write the cohort as a folder of CSV files (created if needed)."""
    def to_json(self) -> str:
        """Pretty JSON text."""
    @property
    def name(self) -> str:
        """Cohort name (unique within a history; used in sweep rows)."""
    @property
    def school(self) -> str:
        """School the cohort belongs to."""
    @property
    def district(self) -> str | None:
        """District of the school, if recorded."""
    @property
    def year(self) -> int:
        """School year the cohort started."""
    @property
    def questions(self) -> list[str]:
        """Question ids of the questionnaire, in schema order."""
    @property
    def weights(self) -> list[float]:
        """The schema's weight of each question (same order as ``questions``)."""
    @property
    def true_weights(self) -> list[float] | None:
        """The latent model's true question weights (synthetic cohorts only; ``None`` for real ones)."""
    @property
    def n_pairs(self) -> int:
        """Number of pairs actually made."""
    def scores(self) -> tuple[list[str], list[str], np.ndarray]:
        """``(mentee_ids, mentor_ids, scores)`` of the consenting participants (base weights)."""
    def outcome_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """``(features, satisfaction)`` of every made pair with a recorded survey."""
    def made(self) -> Assignment:
        """The pairs actually made."""
    def evaluate_json(self, assignment: Assignment, *, reference: Assignment | None = None) -> str:
        """Metrics of an assignment on the base scores, as JSON."""
    def why_not_json(self, mentee: str, mentor: str, *, reject_score: float | None = None,
                     max_factor: float = 10.0, max_solves: int = 400) -> str:
        """Why-not answer and every question's weight change, as JSON."""
    def sensitivity_json(self, *, steps: list[float] | None = None, reject_score: float | None = None) -> str:
        """Sensitivity table as JSON."""
    def given_rows_json(self, name: str, assignments: list[Assignment], seeds: list[int], *,
                        model: tuple[list[float], float] | None = None) -> str:
        """Sweep rows (JSON) of pairs given by a user's strategy, one assignment per seed,
        measured by the core exactly as a solver's rows."""

@final
class WhyNotSolver:
    """Solve a score matrix once, then answer "why not?" for any pair in O(n m).

    Parameters
    ----------
    scores : array_like
        Mentees x mentors, maximised, ``-inf`` forbidden.
    reject_score : float, optional
        As in ``assign_lap``.

    Examples
    --------
    >>> import json, numpy as np, nastavnik as nk
    >>> w = nk.lab.WhyNotSolver(np.array([[5.0, 4.0], [4.0, 1.0]]))
    >>> json.loads(w.query_json(0, 0))["loss"]
    2.0
    """

    def __new__(cls, scores: object, *, reject_score: float | None = None) -> WhyNotSolver: ...
    @property
    def optimum(self) -> Assignment:
        """The optimal assignment the why-not answers are measured against (solved once, with LAP duals)."""
    def query_json(self, mentee: int, mentor: int) -> str:
        """Loss, dual bound and forced assignment for one pair, as JSON."""

def synthetic_history(*, schools: int = 4, years: list[int] = ..., n_mentees: int = 50,
                      n_mentors: int = 50, noise: float = 0.05, curator_noise: float = 0.15,
                      seed: int = 2024) -> list[HistoricalCohort]:
    """Seeded synthetic historical cohorts with known true question weights.

    Low-level entry point of :func:`nastavnik.lab.synthetic_history`.

    Returns
    -------
    list of HistoricalCohort
        ``schools x years`` cohorts whose outcomes follow the documented latent model.
    """
def sweep_json(strategies: list[tuple[str, str]], cohorts: list[HistoricalCohort], seeds: list[int], *,
               threads: int | None = None, model: tuple[list[float], float] | None = None,
               reject_score: float | None = None) -> str:
    """Strategies (``Strategy`` JSON, optionally with ``weights``, or ``"made"``) x cohorts x seeds
    in parallel (deterministic), each solved by ``Strategy.solve``; rows as JSON.

    Low-level entry point of :func:`nastavnik.lab.compare`.

    Returns
    -------
    str
        One JSON row per (strategy, cohort, seed), identical on any thread count.
    """
def ridge_json(x: object, y: list[float], *, alphas: list[float], folds: int = 5) -> str:
    """Closed-form ridge (cross-validated over ``alphas`` when several), as JSON.

    Returns
    -------
    str
        JSON with the coefficients, intercept and the chosen ``alpha``.
    """
def spearman(a: list[float], b: list[float]) -> float:
    """Spearman rank correlation.

    Returns
    -------
    float
        Pearson correlation of the average ranks of ``a`` and ``b`` (ties share their rank).
    """
def evaluate_json(assignment: Assignment, scores: object, *, mentee_ids: list[str] | None = None,
                  category: list[str | None] | None = None, form: list[str | None] | None = None,
                  organisation: list[str | None] | None = None, capacity: list[int] | None = None,
                  reference: Assignment | None = None) -> str:
    """Metrics of an assignment on a score matrix, as JSON.

    Low-level entry point of :func:`nastavnik.lab.evaluate`.

    Returns
    -------
    str
        The metrics record as JSON.
    """
def kpis_json(cohorts: list[HistoricalCohort], *, level: str = "school",
              targets: dict[int, dict[str, float]] | None = None) -> str:
    """Programme KPIs per school or district and year against targets, as JSON rows.

    Low-level entry point of :func:`nastavnik.kpis`.

    Returns
    -------
    str
        One JSON row per unit, year and indicator.
    """
def strategy_json(text: str) -> str:
    """Validate a sweep strategy's JSON and return it normalised.

    Returns
    -------
    str
        The strategy as normalised JSON; an unknown solver or key is a ParseError.
    """


def read_table(path: Union[str, "os.PathLike[str]"]) -> tuple[list[str], list[list[str]], list[int], str, Optional[str]]:
    """Read a CSV (encoding and separator detected) or XLSX file as text cells.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    (headers, rows, row numbers, encoding, separator)
    """

def draft_form_mapping(path: Union[str, "os.PathLike[str]"]) -> tuple[str, list[str]]:
    """Draft a form mapping from an export's headers and values.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    (str, list of str)
        Mapping JSON and notes for the curator.
    """

def check_form_mapping(mapping_json: str) -> str:
    """Validate a mapping JSON and return it normalised.

    Parameters
    ----------
    mapping_json : str

    Returns
    -------
    str
    """

def import_form_file(path: Union[str, "os.PathLike[str]"], mapping_json: str) -> tuple[Cohort, str, str]:
    """Import a CSV/XLSX form export with a mapping.

    Parameters
    ----------
    path : str or path-like
    mapping_json : str

    Returns
    -------
    (Cohort, str, str)
        Cohort, report JSON (contacts, superseded, collisions, warnings), schema JSON.
    """

def import_form_rows(headers: Sequence[str], rows: Sequence[Sequence[str]], mapping_json: str, *,
                     source: str = "DataFrame", unit: str = "frame") -> tuple[Cohort, str, str]:
    """Import a form export given as text rows (a DataFrame); see :func:`import_form_file`.

    Parameters
    ----------
    headers, rows : sequences of str
    mapping_json : str
    source : str
    unit : {"line", "excel", "frame", "record"}

    Returns
    -------
    (Cohort, str, str)
    """

def cohort_from_rows(headers: Sequence[str], rows: Sequence[Sequence[str]], schema: Schema, *,
                     source: str = "DataFrame", unit: str = "frame") -> Cohort:
    """Read the curator cohort format from text rows (same parser as CSV and XLSX files).

    Parameters
    ----------
    headers, rows : sequences of str
    schema : Schema
    source : str
    unit : {"line", "excel", "frame", "record"}

    Returns
    -------
    Cohort
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

# Pickling helpers (private; registered with copyreg by nastavnik._pickle).
def _assignment_state(a: Assignment) -> tuple[tuple[Any, ...], Optional[list[str]], Optional[list[str]]]:
    """State of an Assignment: (core state, mentee ids, mentor ids)."""
def _rebuild_assignment(state: tuple[Any, ...], mentee_ids: Optional[list[str]], mentor_ids: Optional[list[str]]) -> Assignment:
    """Rebuild an Assignment from its state (validated)."""
def _peer_state(p: PeerMatching) -> tuple[list[Optional[int]], float, str, Optional[list[str]]]:
    """State of a PeerMatching: (mate, total, status JSON, ids)."""
def _rebuild_peer(mate: list[Optional[int]], total: float, status: str, ids: Optional[list[str]]) -> PeerMatching:
    """Rebuild a PeerMatching from its state (validated)."""
def _solution_state(s: Solution) -> tuple[tuple[Any, ...], Optional[float], str]:
    """State of a Solution: (assignment core state, objective, strategy JSON)."""
def _rebuild_solution(assignment: tuple[Any, ...], objective: Optional[float], strategy: str) -> Solution:
    """Rebuild a Solution from its state (validated)."""
def _rebuild_score_matrix(scores: np.ndarray, mentee_ids: list[str], mentor_ids: list[str],
                          mentor_capacity: list[int], excluded_ids: list[str]) -> ScoreMatrix:
    """Rebuild a ScoreMatrix from its attributes (shapes checked)."""
def _rebuild_candidates(n_mentors: int, indptr: list[int], indices: list[int], scores: list[float],
                        mentee_ids: Optional[list[str]], mentor_ids: Optional[list[str]]) -> Candidates:
    """Rebuild Candidates from their attributes (validated)."""
def _rebuild_roommates(matching: PeerMatching, stable: bool, blocking_pairs: list[Any], set_aside: list[Any],
                       rank_stats: dict[str, Any]) -> RoommatesResult:
    """Rebuild a RoommatesResult from its attributes."""
def schedule_json(request: str) -> str:
    """Schedule the school year from a JSON request; return the schedule as JSON.

    Low-level entry point of :func:`nastavnik.schedule`, which builds the request from Python
    objects and wraps the answer in :class:`nastavnik.Schedule`.

    Parameters
    ----------
    request : str
        ``{"pairs", "grouping", "units", "people", "calendar", "grid", "rooms", "programme",
        "options"}`` (unknown keys rejected at every level).

    Returns
    -------
    str
        ``meetings``, ``unscheduled`` (with ``code``, ``message_ru``, ``message_en``),
        ``shortfalls``, ``group_final``, ``breakdown``, ``objective``, ``status``, ``gap``,
        counts and the ``calendar`` used.

    Raises
    ------
    UnknownIdError, DuplicateIdError, InvalidValueError, ParseError
        Bad input, naming the list, position, field and id.
    """

def schedule_ics_logged_json(schedule: str, per: str, log: Optional[str] = None,
                             dtstamp: Optional[str] = None) -> tuple[list[tuple[str, str, str]], str]:
    """iCalendar files of a schedule against the log of earlier exports.

    Parameters
    ----------
    schedule : str
        The JSON returned by :func:`schedule_json`.
    per : {"person", "room"}
        One file per participant or per room.
    log : str, optional
        The JSON log returned by the previous call (``None``: the first export).
    dtstamp : str, optional
        RFC 3339 instant for ``DTSTAMP``.

    Returns
    -------
    tuple
        ``([(id, file_name, text), ...], updated_log)``: a meeting whose content changed since the
        logged export has its ``SEQUENCE`` bumped.
    """

def schedule_ics_json(schedule: str, per: str, dtstamp: Optional[str] = None) -> list[tuple[str, str, str]]:
    """iCalendar files of a schedule given as JSON.

    Parameters
    ----------
    schedule : str
        The JSON returned by :func:`schedule_json`.
    per : {"person", "room"}
        One file per participant or per room.
    dtstamp : str, optional
        RFC 3339 instant for ``DTSTAMP`` (default: midnight UTC of the first school day).

    Returns
    -------
    list of (str, str, str)
        ``(id, file_name, text)`` per person or room, in id order.

    Raises
    ------
    InvalidValueError, ParseError
        Unknown ``per``, malformed ``dtstamp`` or schedule JSON.
    """

def schedule_csv_json(schedule: str) -> str:
    """The meetings of a schedule given as JSON, as CSV text (no BOM).

    Parameters
    ----------
    schedule : str
        The JSON returned by :func:`schedule_json`.

    Returns
    -------
    str
        ``uid, unit, kind, seq, date, start, end, start_utc, end_utc, duration_minutes, mode,
        room, participants``.

    Raises
    ------
    ParseError
        Malformed schedule JSON.
    """

def production_calendar_json(year: int) -> str:
    """The bundled Russian production calendar of one year, as JSON.

    Parameters
    ----------
    year : int
        A covered year (see the decrees in ``nastavnik::schedule::calendar::production``).

    Returns
    -------
    str
        ``{"year", "decree", "days_off": [...], "working_days": [...]}`` with ISO dates.

    Raises
    ------
    InvalidValueError
        The year is not covered.

    Examples
    --------
    >>> import json, nastavnik._nastavnik as ext
    >>> json.loads(ext.production_calendar_json(2025))["working_days"]
    ['2025-11-01']
    """

def schedule_conflict_set_json(request: str, schedule: str, unit: str) -> str:
    """The minimal set of hard rules that leave one unit of a schedule without a weekly slot.

    Low-level entry point of :meth:`nastavnik.Schedule.conflict_set`: a deletion filter over
    the unit's hard rules (each member's availability, the meeting format, members busy with
    other units at their slots, the rooms, the one-day rule) given where the other units meet.
    Together the rules admit no slot; without any one of them the unit would have one.

    Parameters
    ----------
    request : str
        The JSON request the schedule was made from (see :func:`schedule_json`).
    schedule : str
        The JSON returned by :func:`schedule_json` for that request.
    unit : str
        The unit's id (as in ``meetings`` and ``unscheduled``).

    Returns
    -------
    str
        A JSON list of ``{"rule", "person"?, "unit"?, "message_ru", "message_en"}``; ``rule``
        is ``availability``, ``unit_mode``, ``busy``, ``rooms`` or ``day_length``. Empty when the
        unit has meetings or could be placed around the others.

    Raises
    ------
    UnknownIdError
        ``unit`` is not a unit of the request (after consent filtering).
    InvalidValueError, ParseError
        A bad request, or a schedule that was not made from it.

    Examples
    --------
    >>> import json, nastavnik._nastavnik as ext
    >>> req = json.dumps({"pairs": [{"mentee": "s", "mentor": "t"}],
    ...     "people": [{"id": "s", "availability": "never"}, {"id": "t"}],
    ...     "calendar": {"time_zone": "UTC", "start": "2025-09-01", "end": "2026-05-29"}})
    >>> rules = json.loads(ext.schedule_conflict_set_json(req, ext.schedule_json(req), "t–s"))
    >>> [(r["rule"], r["person"]) for r in rules]
    [('availability', 's')]
    """
