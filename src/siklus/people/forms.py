"""Forms of the household and person pages. They only shape input; the services validate and
decide. ``to_input``/``to_changes`` turn what was typed into the services' typed inputs.

An edit form carries the record's version (hidden) and sends only the fields the user changed
(against the record as it is now), so a field left alone — the link to a mother outside the
user's area included — is never overwritten. A stale submit comes back with the saved values at
each field (:func:`apply_conflict`) and the new version: saving again keeps the user's values.
"""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from siklus.core.errors import Conflict
from siklus.core.forms import DateInput
from siklus.core.limits import no_silent_cut
from siklus.people.models import Relation, Sex
from siklus.people.services import HouseholdChanges, HouseholdInput, PersonChanges, PersonInput


class HouseholdForm(forms.Form):
    no_kk = forms.CharField(label=_("Nomor KK"), required=False, max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    head_name = forms.CharField(label=_("Nama kepala keluarga"), max_length=150)
    address = forms.CharField(label=_("Alamat"), max_length=250)
    # No form limit: the service answers "9999" with "RT/RW 1–999" (a browser maxlength cut it to 999).
    rt = forms.CharField(label=_("RT"), required=False, max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    rw = forms.CharField(label=_("RW"), required=False, max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    sub_area = forms.ChoiceField(label=_("Dusun/RW/RT"), required=False)
    posyandu = forms.ChoiceField(label=_("Posyandu"), required=False)
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, sub_areas=(), posyandu=(), **kwargs):
        super().__init__(*args, **kwargs)
        no_silent_cut(self)
        self.fields["sub_area"].choices = [("", "—")] + [(a.code, a.full_name) for a in sub_areas]
        self.fields["posyandu"].choices = [("", "—")] + [(str(p.pk), p.name) for p in posyandu]

    def to_input(self, desa) -> HouseholdInput:
        return HouseholdInput(desa=desa, **{k: v for k, v in self.cleaned_data.items() if k != "version"})

    def to_changes(self) -> HouseholdChanges:
        return HouseholdChanges(**_changed(self, exclude={"version"}))


class PersonForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), required=False, max_length=24,
                          help_text=_("16 digit. Kosongkan bila belum punya (misalnya bayi baru lahir)."),
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=[("", "—")] + list(Sex.choices))
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DateInput,
                                 error_messages={"invalid": _("Tanggal tidak valid.")})
    relation = forms.ChoiceField(label=_("Hubungan dalam keluarga"), choices=[("", "—")] + list(Relation.choices))
    jkn_number = forms.CharField(label=_("Nomor JKN"), required=False, max_length=20,
                                 widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    mother = forms.ChoiceField(label=_("Ibu (untuk bayi/anak)"), required=False)
    phone = forms.CharField(label=_("Telepon"), required=False, max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"}))
    confirm_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The codes of the plausibility findings the user saw and confirms by saving again.
    confirm_warnings = forms.CharField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, mothers=(), mother_elsewhere=None, **kwargs):
        """``mother_elsewhere``: the id of the current mother when she is not among ``mothers``
        (registered outside the user's area): kept as a choice without her name or NIK."""
        super().__init__(*args, **kwargs)
        no_silent_cut(self)
        choices = [("", "—")] + [(str(m.pk), f"{m.name} ({m.nik or _('tanpa NIK')})") for m in mothers]
        if mother_elsewhere is not None and str(mother_elsewhere) not in {c for c, _label in choices}:
            choices.append((str(mother_elsewhere), _("Ibu terdaftar di wilayah lain")))
        self.fields["mother"].choices = choices
        # Compared as text with what is posted: a UUID initial would always look "changed".
        if self.initial.get("mother"):
            self.initial["mother"] = str(self.initial["mother"])

    def to_input(self, household) -> PersonInput:
        fields = {k: v for k, v in self.cleaned_data.items() if k not in _CONFIRMS}
        return PersonInput(household=household, **fields)

    def to_changes(self) -> PersonChanges:
        return PersonChanges(**_changed(self, exclude=_CONFIRMS))

    def confirmed_warnings(self) -> set[str]:
        return {c for c in (self.cleaned_data.get("confirm_warnings") or "").split(",") if c}


_CONFIRMS = {"confirm_duplicate", "confirm_warnings", "version"}


def _changed(form: forms.Form, *, exclude: set[str]) -> dict:
    """What the user changed against the record as it is now (the form's initial)."""
    return {k: v for k, v in form.cleaned_data.items() if k in form.changed_data and k not in exclude}


def _shown(form: forms.Form, name: str, value) -> str:
    """A value as the form shows it: a choice's label, a date as dd-mm-yyyy, "–" for empty."""
    if value in (None, ""):
        return "–"
    field = form.fields.get(name)
    choices = dict((str(k), v) for k, v in getattr(field, "choices", ()) or ())
    if str(value) in choices:
        return str(choices[str(value)])
    if name.endswith("date") or name.endswith("since"):
        try:
            return date.fromisoformat(str(value)[:10]).strftime("%d-%m-%Y")
        except ValueError:
            pass
    return str(value)


def apply_conflict(form: forms.Form, exc: Conflict) -> None:
    """Re-show a stale edit: the user's values stay in the fields, each conflicting field says
    what was saved meanwhile, by whom and when; the version becomes the current one, so saving
    again keeps the user's values."""
    form.add_error(None, exc.message)
    for name, info in exc.fields.items():
        if name not in form.fields:
            continue
        when = timezone.localtime(info["changed_at"]).strftime("%d-%m-%Y %H:%M") if info.get("changed_at") else "–"
        form.add_error(name, gettext(
            "Nilai Anda: %(yours)s. Nilai yang disimpan sementara itu oleh %(user)s pada %(at)s: %(current)s."
        ) % {"yours": _shown(form, name, info["yours"]), "current": _shown(form, name, info["current"]),
             "user": info.get("changed_by") or "–", "at": when})
    data = form.data.copy()
    data["version"] = str(exc.version)
    form.data = data


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pembatalan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        no_silent_cut(self)
