"""The shape of every classification made by the screening, pregnancy and elderly rules.

A classification is a frozen :class:`Classification` (or a subclass adding the scores it was
computed from): a stable machine ``code``, the Indonesian ``label`` as the juknis words it, the
:class:`FollowUp` it calls for, and the ``rule_version`` of the table that produced it.

Follow-up codes (stable, stored beside the result and used by the follow-up worklists), from the
least to the most urgent — :func:`most_urgent` picks one when several findings are combined:

=====================  ============================================================
``routine``            nothing special; next routine check on schedule
``counselling``        education/counselling (lifestyle, *CERDIK*, smoking, nutrition)
``recheck``            counselling and a re-check after ``recheck_months``
``monthly_monitoring`` monitored monthly at the Posyandu/Pustu
``assessment``         further assessment by a health worker (nakes)
``refer_puskesmas``    refer to the Puskesmas (doctor) for diagnosis/treatment
``home_care``          refer to the Pustu/Puskesmas and enrol in home care
``refer_fktl``         refer to an advanced facility (FKTL/FKRTL, hospital)
=====================  ============================================================
"""

from __future__ import annotations

from dataclasses import dataclass

from siklus.rules.common import sex_code as common_sex_code

ROUTINE = "routine"
COUNSELLING = "counselling"
RECHECK = "recheck"
MONTHLY_MONITORING = "monthly_monitoring"
ASSESSMENT = "assessment"
REFER_PUSKESMAS = "refer_puskesmas"
HOME_CARE = "home_care"
REFER_FKTL = "refer_fktl"

FOLLOW_UP_CODES = (
    ROUTINE,
    COUNSELLING,
    RECHECK,
    MONTHLY_MONITORING,
    ASSESSMENT,
    REFER_PUSKESMAS,
    HOME_CARE,
    REFER_FKTL,
)


@dataclass(frozen=True)
class FollowUp:
    code: str  # one of FOLLOW_UP_CODES
    text: str  # Indonesian, as the juknis words the action
    recheck_months: int | None = None  # when a re-check is due (e.g. prediabetes: 3)

    def __post_init__(self) -> None:
        if self.code not in FOLLOW_UP_CODES:
            raise ValueError(f"unknown follow-up code {self.code!r}")

    @property
    def urgency(self) -> int:
        return FOLLOW_UP_CODES.index(self.code)


@dataclass(frozen=True)
class Classification:
    code: str  # stable machine code of the category
    label: str  # Indonesian label as the juknis words it
    follow_up: FollowUp
    rule_version: str
    flags: tuple[str, ...] = ()  # extra findings, e.g. ("hipertensi_sistolik_terisolasi",)


def most_urgent(*follow_ups: FollowUp) -> FollowUp:
    """The most urgent of several follow-ups (the first one on ties)."""
    if not follow_ups:
        raise ValueError("no follow-up given")
    return max(follow_ups, key=lambda f: f.urgency)


# One sex normaliser for every rule module (siklus.rules.common); re-exported here for its users.
sex_code = common_sex_code
