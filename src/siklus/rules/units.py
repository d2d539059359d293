"""Unit guard for typed measurements (ILP.md §0.1 C6).

siklus stores glucose in mg/dL, Hb in g/dL, height/length in cm and weight in kg. A value typed
in the other common unit lands in a range no one can have in the expected unit: a glucose of 15
is 15 mmol/L (≈ 270 mg/dL), an Hb of 120 is 120 g/L (12 g/dL), a height of 1.65 is metres, a
weight of 3200 is grams. Classified as given, such a value produces a wrong category (glucose 15
would be "normal"), so every entry point calls :func:`check` (or :func:`guard`) before it
classifies: the screening rules, the anthropometry rules, the ``siklus anthro`` command and the
care layer.

What is refused and what is accepted (each quantity has a *plausible* range in the expected unit
and a *slip* range of typed values that look like the other unit; both are a setting,
``units.ranges``, whose defaults are [M] — clinical practice, not a regulation):

============================================  =============================================
value                                         outcome
============================================  =============================================
in the plausible range, not in the slip range  accepted (no finding)
in the slip range, not plausible               **refused**, ``unit_slip``: the message names
                                               both units and the converted value; confirming
                                               does not help — the value is impossible as typed
in both ranges (glucose 20–35 mg/dL: severe    **refused** as ``unit_slip`` unless the caller
hypoglycaemia is real, but rare at screening)  passes ``confirmed=True`` (the person saw the
                                               message and confirms the unit); then accepted
outside both                                   **refused**, ``out_of_range``
============================================  =============================================

Nothing is converted silently: the person who typed the value corrects it.
"""

from __future__ import annotations

from dataclasses import dataclass

from siklus.rules import config
from siklus.rules.messages import Message
from siklus.rules.nik import Finding, gettext_noop


@dataclass(frozen=True)
class Quantity:
    unit: str  # the unit siklus expects
    slip_unit: str  # the unit a slip is typed in
    factor: float  # value in ``unit`` = typed value × factor
    slip_template: str  # Indonesian, %(value)s %(converted)s
    range_template: str  # Indonesian, %(value)s %(low)s %(high)s


QUANTITIES = {
    "glucose_mg_dl": Quantity(
        "mg/dL", "mmol/L", 18.0,  # 1 mmol/L glucose = 18.0 mg/dL (molar mass 180 g/mol)
        gettext_noop("Gula darah %(value)s terlalu rendah untuk mg/dL — apakah ini mmol/L? "
                     "(%(value)s mmol/L ≈ %(converted)s mg/dL)"),
        gettext_noop("Gula darah %(value)s mg/dL di luar rentang wajar (%(low)s–%(high)s mg/dL)."),
    ),
    "hb_g_dl": Quantity(
        "g/dL", "g/L", 0.1,
        gettext_noop("Hb %(value)s terlalu tinggi untuk g/dL — apakah ini g/L? (%(value)s g/L = %(converted)s g/dL)"),
        gettext_noop("Hb %(value)s g/dL di luar rentang wajar (%(low)s–%(high)s g/dL)."),
    ),
    "height_cm": Quantity(
        "cm", "m", 100.0,
        gettext_noop("Tinggi/panjang badan %(value)s terlalu kecil untuk cm — apakah ini meter? "
                     "(%(value)s m = %(converted)s cm)"),
        gettext_noop("Tinggi/panjang badan %(value)s cm di luar rentang wajar (%(low)s–%(high)s cm)."),
    ),
    "weight_kg": Quantity(
        "kg", "g", 0.001,
        gettext_noop("Berat badan %(value)s terlalu besar untuk kg — apakah ini gram? (%(value)s g = %(converted)s kg)"),
        gettext_noop("Berat badan %(value)s kg di luar rentang wajar (%(low)s–%(high)s kg)."),
    ),
}

RANGES = config.declare(
    "units.ranges",
    {
        # Glucometers read about 20–600 mg/dL; laboratory values up to ~1000 in hyperosmolar states.
        # 2–35 typed: 36–630 mg/dL as mmol/L (ILP.md C6).
        "glucose_mg_dl": {"plausible": (20.0, 1000.0), "slip": (2.0, 35.0)},
        # Hb 1–25 g/dL; 30–250 typed is g/L (3–25 g/dL).
        "hb_g_dl": {"plausible": (1.0, 25.0), "slip": (30.0, 250.0)},
        # 30 cm (very preterm newborn) to 250 cm; 0.3–2.5 typed is metres.
        "height_cm": {"plausible": (30.0, 250.0), "slip": (0.3, 2.5)},
        # 0.3 kg (very preterm newborn) to 300 kg; 400–300000 typed is grams (0.4–300 kg).
        "weight_kg": {"plausible": (0.3, 300.0), "slip": (400.0, 300000.0)},
    },
    "Per quantity, the plausible range in siklus's unit and the range of typed values taken for "
    "a unit slip (glucose mmol/L for mg/dL, Hb g/L for g/dL, height m for cm, weight g for kg), "
    "both inclusive. A slip is refused with a message naming the unit; a value in both ranges "
    "only when not confirmed; a value in neither is refused as out of range.",
    "ILP.md §0.1 C6 (PERKENI units; clinical practice) [M]",
)

UNIT_SLIP, OUT_OF_RANGE = "unit_slip", "out_of_range"


@dataclass(frozen=True)
class UnitFinding(Finding):
    quantity: str = ""
    confirmable: bool = False  # True: the value is plausible too, confirmed=True accepts it

    def to_message(self) -> Message:
        """The finding as a :class:`~siklus.rules.messages.Message` for ``messages.render``
        (numbers then follow the language: ``3,2`` in Indonesian, ``3.2`` in English)."""
        return Message(self.template, self.params)


class ImplausibleValue(ValueError):
    """Raised by :func:`guard`; ``finding`` carries the code, template and parameters."""

    def __init__(self, finding: UnitFinding):
        super().__init__(finding.message)
        self.finding = finding


def ranges(quantity: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """(plausible, slip) ranges of ``quantity``, each (low, high) inclusive."""
    if quantity not in QUANTITIES:
        raise KeyError(f"unknown quantity {quantity!r}; known: {', '.join(QUANTITIES)}")
    entry = config.get(RANGES.name)[quantity]
    (low, high), (slip_low, slip_high) = entry["plausible"], entry["slip"]
    return (float(low), float(high)), (float(slip_low), float(slip_high))


def check(quantity: str, value: float, *, confirmed: bool = False) -> UnitFinding | None:
    """None when ``value`` is acceptable in siklus's unit, else the refusal (see the module)."""
    q = QUANTITIES.get(quantity)
    if q is None:
        raise KeyError(f"unknown quantity {quantity!r}; known: {', '.join(QUANTITIES)}")
    (low, high), (slip_low, slip_high) = ranges(quantity)
    value = float(value)
    plausible = low <= value <= high
    slip = slip_low <= value <= slip_high
    if slip and not (plausible and confirmed):
        params = {"value": _number(value), "converted": _number(value * q.factor)}
        return UnitFinding(UNIT_SLIP, q.slip_template, params, quantity=quantity, confirmable=plausible)
    if plausible:
        return None
    params = {"value": _number(value), "low": _number(low), "high": _number(high)}
    return UnitFinding(OUT_OF_RANGE, q.range_template, params, quantity=quantity)


def guard(quantity: str, value: float, *, confirmed: bool = False) -> float:
    """``value`` unchanged, or :class:`ImplausibleValue` (a ValueError) with the finding."""
    finding = check(quantity, value, confirmed=confirmed)
    if finding is not None:
        raise ImplausibleValue(finding)
    return value


def _number(value: float) -> int | float:
    """A raw number for the interface to format per language (ILP ``messages``): at most 3
    decimals, an int when whole — 270, 12, 3.2, 0.165."""
    rounded = round(value, 3)
    return int(rounded) if rounded == int(rounded) else rounded
