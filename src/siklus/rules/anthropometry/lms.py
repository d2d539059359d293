"""The LMS method of the WHO standards (ILP.md §5.4), vectorised.

WHO's "restricted" z-score keeps the LMS curve between −3 and +3 SD and continues linearly
beyond, using the distance between the 2 and 3 SD lines as the unit: the skewed indicators
(weight, BMI, arm circumference) would otherwise compress extreme values.
"""

from __future__ import annotations

import numpy as np

_L_ZERO = 1e-7  # |L| below this uses the log form (the Box-Cox limit)


def value_at(z, l, m, s):
    """The measurement at ``z`` SD: M·(1 + L·S·z)^(1/L), or M·exp(S·z) when L = 0."""
    z, l, m, s = (np.asarray(v, dtype=float) for v in (z, l, m, s))
    with np.errstate(invalid="ignore", divide="ignore"):
        safe_l = np.where(np.abs(l) < _L_ZERO, 1.0, l)
        power = m * np.power(1.0 + safe_l * s * z, 1.0 / safe_l)
        return np.where(np.abs(l) < _L_ZERO, m * np.exp(s * z), power)


def zscore(y, l, m, s, *, restricted: bool, l_is_one: bool = False, l_near_zero: bool = True) -> np.ndarray:
    """LMS z-score of ``y``; NaN where any input is NaN or ``y`` ≤ 0.

    ``restricted`` applies WHO's linear extension beyond ±3 SD. ``l_is_one`` says the table's
    L is 1 everywhere (length/height, head circumference), which skips the power;
    ``l_near_zero=False`` says no L is close to 0, which skips the log-form check.
    """
    y, l, m, s = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (y, l, m, s)))
    with np.errstate(invalid="ignore", divide="ignore"):
        y = np.where(y > 0, y, np.nan)  # WHO: a measurement <= 0 gives no score
        ratio = y / m
        if l_is_one:
            z = (ratio - 1.0) / s
        elif not l_near_zero:
            z = (np.power(ratio, l) - 1.0) / (l * s)
        else:
            logform = np.abs(l) < _L_ZERO
            safe_l = np.where(logform, 1.0, l)
            z = (np.power(ratio, safe_l) - 1.0) / (safe_l * s)
            if logform.any():
                z = np.where(logform, np.log(ratio) / s, z)
        if restricted:
            # Only the few values beyond ±3 SD need the SD2/SD3 lines.
            outside = np.flatnonzero(np.abs(z) > 3.0)
            if outside.size:
                z = z.copy()
                zo = z[outside]
                side = np.where(zo > 0, 1.0, -1.0)
                lo, mo, so = l[outside], m[outside], s[outside]
                sd3 = value_at(3.0 * side, lo, mo, so)
                sd2 = value_at(2.0 * side, lo, mo, so)
                z[outside] = 3.0 * side + (y[outside] - sd3) / np.abs(sd3 - sd2)
    return z
