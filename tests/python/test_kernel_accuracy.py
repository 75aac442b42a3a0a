"""Kernel accuracy over the whole float range against an exact ``fractions.Fraction`` reference.

Families (seeded): magnitudes 1e-300 ... 1e300 (float64) and 1e-38 ... 1e38 (float32), a large
offset shared by both sides (near-equal values, cancellation), values a few ulps apart, columns of
wildly different magnitudes, weights from 1e-300 to 1e300. Every value of ``weighted_euclidean``,
``rbf``, ``cosine`` (and the top-k of each) is compared with the exact rational answer.
"""

from __future__ import annotations

import math
from fractions import Fraction

import nastavnik as nk
import numpy as np
import pytest

F64_MAX = Fraction(np.finfo(np.float64).max)


def exact_d2(a, b, w=None):
    """Exact squared weighted distances (Fractions), n x m nested lists."""
    d = a.shape[1]
    wf = [Fraction(1)] * d if w is None else [Fraction(float(x)) for x in w]
    af = [[Fraction(float(x)) for x in row] for row in a]
    bf = [[Fraction(float(x)) for x in row] for row in b]
    return [[sum(wk * (x - y) ** 2 for wk, x, y in zip(wf, ra, rb, strict=True)) for rb in bf]
            for ra in af]


def sqrt_ok(got: float, want_sq: Fraction, tol: float, dtype) -> bool:
    """``got`` is ``sqrt(want_sq)`` within relative ``tol`` or one subnormal ulp of ``dtype``."""
    s = Fraction(float(np.finfo(dtype).smallest_subnormal))
    g = Fraction(got)
    return abs(g * g - want_sq) <= 2 * Fraction(tol) * want_sq + 2 * g * s + s * s


def check_distance(a, b, w=None, tol=None):
    dtype = a.dtype
    tol = tol or (1e-13 if dtype == np.float64 else 1.5e-7)
    got = nk.weighted_euclidean(a, b, weights=w)
    assert got.dtype == dtype
    fmax = Fraction(float(np.finfo(dtype).max))
    for i, row in enumerate(exact_d2(a, b, w)):
        for j, want in enumerate(row):
            g = float(got[i, j])
            if want >= fmax**2 * (1 + Fraction(1, 10**6)):
                assert g == math.inf, (i, j, g)
                continue
            if math.isinf(g):
                # Only a true value within rounding of the largest finite one may round to inf.
                assert want >= fmax**2 * (1 - Fraction(1, 10**6)), (i, j, float(want))
                continue
            assert sqrt_ok(g, want, tol, dtype), (i, j, g, float(want))


def magnitudes(dtype):
    return range(-300, 301, 25) if dtype == np.float64 else range(-36, 37, 6)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_distance_any_magnitude(dtype):
    rng = np.random.default_rng(1)
    for k in magnitudes(dtype):
        a = (rng.standard_normal((5, 3)) * 10.0**k).astype(dtype)
        b = (rng.standard_normal((4, 3)) * 10.0**k).astype(dtype)
        check_distance(a, b)
        w = rng.uniform(0, 3, 3)
        check_distance(a, b, w)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_distance_near_equal_values(dtype):
    rng = np.random.default_rng(2)
    info = np.finfo(dtype)
    for k in magnitudes(dtype):
        base = dtype(1.2345 * 10.0**k)
        if not np.isfinite(base) or base == 0:
            continue
        # values a few ulps apart around a common offset
        steps = rng.integers(-4, 5, size=(6, 2))
        a = np.array([[base, base]], dtype=dtype) + steps[:3] * np.spacing(base)
        b = np.array([[base, base]], dtype=dtype) + steps[3:] * np.spacing(base)
        a, b = a.astype(dtype), b.astype(dtype)
        check_distance(a, b)
        assert np.isfinite(nk.weighted_euclidean(a, b)).all()
    # the issue's examples
    assert nk.weighted_euclidean(np.array([[3000.0]], np.float32),
                                 np.array([[3001.0]], np.float32))[0, 0] == 1.0
    assert nk.weighted_euclidean(np.array([[1e8]]), np.array([[1e8 + 1]]))[0, 0] == 1.0
    assert info.max > 0


def test_distance_extreme_columns_and_weights():
    a = np.array([[1e300, 3e-300, 1.0], [-1e300, 0.0, 2.0], [1.7e308, -1.7e308, 0.0]])
    b = np.array([[1e300, 1e-300, 1.0], [1e-310, 5e-324, 2.0]])
    check_distance(a, b)
    for w in ([1e300, 1e-300, 1.0], [0.0, 1e300, 1e-300], [1e-300, 1e-300, 1e-300]):
        check_distance(a[:2], b, np.array(w))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_rbf_any_magnitude(dtype):
    rng = np.random.default_rng(3)
    for k in magnitudes(dtype):
        a = (rng.standard_normal((4, 2)) * 10.0**k + 7 * 10.0**k).astype(dtype)
        b = (rng.standard_normal((3, 2)) * 10.0**k + 7 * 10.0**k).astype(dtype)
        gamma = 10.0 ** (-2 * k) if abs(2 * k) < 300 else 1.0
        got = nk.rbf(a, b, gamma=gamma)
        eps = np.finfo(dtype).eps
        for i, row in enumerate(exact_d2(a, b)):
            for j, want in enumerate(row):
                xf = Fraction(gamma) * want
                x = math.inf if xf > F64_MAX else float(xf)  # correctly rounded
                ref = math.exp(-x)
                assert abs(float(got[i, j]) - ref) <= (1 + x) * 4 * eps * max(ref, 1e-300) + (
                    np.finfo(dtype).tiny if dtype == np.float32 else 0), (k, i, j, got[i, j], ref)
        # the top-1 agrees with the dense matrix
        idx, sc = nk.top_k(a, b, 1, kernel="rbf", gamma=gamma)
        np.testing.assert_array_equal(sc[:, 0], got.max(axis=1))


def exact_cos(a, b):
    out = []
    for ra in a:
        row = []
        fa = [Fraction(float(x)) for x in ra]
        for rb in b:
            fb = [Fraction(float(x)) for x in rb]
            dot = sum(x * y for x, y in zip(fa, fb, strict=True))
            na = sum(x * x for x in fa)
            nb = sum(y * y for y in fb)
            if na == 0 or nb == 0:
                row.append(0.0)
            else:
                row.append(math.copysign(math.sqrt(float(dot * dot / (na * nb))), 1 if dot >= 0 else -1))
        out.append(row)
    return np.array(out)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_cosine_any_magnitude(dtype):
    rng = np.random.default_rng(4)
    tol = 1e-14 if dtype == np.float64 else 1e-6
    exps = range(-320, 309, 40) if dtype == np.float64 else range(-44, 39, 8)
    for ka in exps:
        for kb in (ka, -ka // 2):
            a = (rng.standard_normal((4, 3)) * 10.0**ka).astype(dtype)
            b = (rng.standard_normal((5, 3)) * 10.0**kb).astype(dtype)
            b[0] = a[0] * 3  # a parallel pair: cosine exactly 1 (up to input rounding)
            got = nk.cosine(a, b)
            assert got.dtype == dtype
            assert ((got >= -1) & (got <= 1)).all()
            np.testing.assert_allclose(got, exact_cos(a, b), atol=tol, rtol=0)
            own = nk.cosine(a, a).diagonal()
            nonzero = (a != 0).any(axis=1)
            np.testing.assert_allclose(own[nonzero], 1.0, atol=tol, rtol=0)
            idx, sc = nk.top_k(a, b, 2, kernel="cosine")
            np.testing.assert_array_equal(sc[:, 0], got.max(axis=1))


def test_cosine_issue_examples():
    big = 1e154 * np.ones((1, 4))
    assert nk.cosine(big, big)[0, 0] == 1.0
    tiny = np.full((1, 3), 1e-170)
    c = nk.cosine(tiny, tiny)[0, 0]
    assert c <= 1.0 and abs(c - 1) < 1e-15
    # a near-zero row is normalised: ranked by angle, not by raw dot product
    idx, sc = nk.top_k(np.array([[1e-170, 0.0]]), np.array([[1.0, 1.0], [1e-3, 0.0]]), 2)
    assert idx.tolist() == [[1, 0]] and sc[0, 0] == 1.0
    sub = np.array([[5e-324, 0.0]])
    assert nk.cosine(sub, sub)[0, 0] == 1.0
