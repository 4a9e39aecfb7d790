#!/usr/bin/python3
"""Fits FastTanh's coefficients: tanh(x) = x P(s) / Q(s), s = x^2 / 81, |x| <= 9 (P degree 6, Q degree 3).

Linearised least squares on f Q - P, re-weighted each round by the last error (Lawson's method towards the minimax,
J. R. Rice, The Approximation of Functions, 1964), then evaluated in float32 with Horner's rule as the Java code does.
Usage: /usr/bin/python3 bench/tanh-fit.py   (numpy only)
"""
import numpy as np

LIMIT = 9.0
P_TERMS, Q_TERMS = 7, 4


def fit():
    x = np.linspace(0, LIMIT, 200001)[1:]
    s = x * x / (LIMIT * LIMIT)
    target = np.tanh(x) / x
    weights = np.ones_like(x)
    previous_q = np.ones_like(x)
    best = None
    for round_ in range(60):
        powers_p = np.vstack([s ** k for k in range(P_TERMS)]).T
        powers_q = np.vstack([s ** k for k in range(1, Q_TERMS)]).T
        a = np.hstack([powers_p, -(target[:, None] * powers_q)])
        row_weights = weights / (previous_q * np.abs(target))
        solution, *_ = np.linalg.lstsq(a * row_weights[:, None], target * row_weights, rcond=None)
        p = solution[:P_TERMS]
        q = np.concatenate([[1.0], solution[P_TERMS:]])
        previous_q = np.polyval(q[::-1], s)
        error = x * np.polyval(p[::-1], s) / previous_q - np.tanh(x)
        worst = np.max(np.abs(error))
        if best is None or worst < best[0]:
            best = (worst, p, q)
        if round_ > 5:
            weights = weights * (np.abs(error) / worst) ** 0.3 + 1e-12
            weights /= weights.max()
    return best


def horner(coefficients, s):
    result = np.full_like(s, coefficients[-1])
    for c in coefficients[-2::-1]:
        result = (result * s + c).astype(np.float32)
    return result


def float32_error(p, q):
    x = np.linspace(-12, 12, 2000001).astype(np.float32)
    clamped = np.clip(x, -LIMIT, LIMIT)
    s = (clamped * clamped * np.float32(1 / (LIMIT * LIMIT))).astype(np.float32)
    y = np.clip((clamped * horner(p.astype(np.float32), s) / horner(q.astype(np.float32), s)).astype(np.float32), -1, 1)
    return np.max(np.abs(y.astype(np.float64) - np.tanh(x.astype(np.float64))))


if __name__ == "__main__":
    worst, p, q = fit()
    print("max abs error, float64 evaluation:", worst)
    print("max abs error, float32 evaluation:", float32_error(p, q))
    print("P:", ", ".join(repr(float(np.float32(v))) + "f" for v in p))
    print("Q:", ", ".join(repr(float(np.float32(v))) + "f" for v in q))
