"""The record forms of a person's page, by cluster (issue #11 item 4): Klaster 2 (ANC with its 10T,
pregnancy, delivery, nifas, neonatal, balita, school), Klaster 3 (the CKG package of the person's
age, HT/DM control, SKILAS, ADL, SRQ-20, PUMA, cancer screening), Klaster 4 (TB from presumptive to
outcome, case reports) and lintas klaster (lab, medicines, dental, emergency, diagnosis, referral,
immunization, supplements, measurements).

A form only shapes input: :meth:`RecordForm.save` passes it to :mod:`siklus.care.services`, which
validate and decide; their field errors come back at this form's fields (:meth:`RecordForm.call`
names the mapping). Every form carries the client's UUID (hidden); each record it makes takes an id
derived from it, so a second submit of the same form stores nothing twice. A surprising value stops
the save with its warning; ticking the box that lists it saves it, and the record keeps the
warning (it stays flagged). One form may call several services: the view runs :meth:`save` in one
transaction, so a refusal anywhere saves nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import formats
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N

from siklus.care import clusters, services
from siklus.care.clusters import KLASTER_2, KLASTER_3, KLASTER_4, LINTAS
from siklus.care.models import Referral, Triage
from siklus.core.errors import Invalid
from siklus.core.forms import DateInput
from siklus.facilities.models import Kind
from siklus.people.services import PlausibilityWarning
from siklus.rules import codes, config
from siklus.rules import pregnancy as pregnancy_rules

L = gettext_lazy

# --------------------------------------------------------------------------------- field helpers


class Number(forms.FloatField):
    """A typed number: Indonesian decimal comma or point."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {"invalid": L("Nilai harus berupa angka.")}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


def num(label, required=False, help_text=""):
    return Number(label=label, required=required, help_text=help_text)


def count(label, required=False):
    return forms.IntegerField(label=label, required=required, min_value=0,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                              error_messages={"invalid": L("Nilai harus bilangan bulat.")})


def day(label):
    return forms.DateField(label=label, widget=DateInput, error_messages={"invalid": L("Tanggal tidak valid."),
                                                                         "required": L("Tanggal wajib diisi.")})


def yes(label):
    return forms.BooleanField(label=label, required=False)


def choice(label, choices, required=False, radio=False):
    return forms.ChoiceField(label=label, required=required, choices=[("", "—")] + list(choices) if not radio else choices,
                             widget=forms.RadioSelect if radio else forms.Select)


def text(label, required=False, long=False, max_length=500):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": 2}) if long else forms.TextInput)


def answers_of(code: str) -> list[tuple[str, Any]]:
    return [(a, L(label)) for a, label in codes.get(code, codes.OBSERVATION).answers]


def coded(code: str, label=None):
    """A choice of a coded observation's answers (IVA, TCM, visus …)."""
    return choice(label or L(codes.label(code, codes.OBSERVATION)), answers_of(code))


YES_NO = [("1", L("Ya")), ("0", L("Tidak"))]
PLACES = [(c.code, L(c.label)) for c in codes.of_kind(codes.PLACE)]
PLACE_OF_FACILITY = {Kind.POSYANDU: "posyandu", Kind.PUSTU: "pustu", Kind.PUSKESMAS: "puskesmas"}
# Measurement fields of services.MeasurementsInput and the observation code each stores.
MEASURED = {"weight_kg": "weight", "lenhei_cm": "length_height", "muac_cm": "muac", "headc_cm": "head_circumference",
            "waist_cm": "waist", "sbp": "sbp", "dbp": "dbp", "hb_g_dl": "hb"}
GLUCOSE_TESTS = [(c, L(codes.label(c, codes.OBSERVATION))) for c in ("glucose_random", "glucose_fasting", "glucose_2h")]

# ---------------------------------------------------------------------- questionnaire item texts

SRQ20 = (N("Apakah Anda sering merasa sakit kepala?"), N("Apakah Anda kehilangan nafsu makan?"),
         N("Apakah tidur Anda tidak nyenyak?"), N("Apakah Anda mudah merasa takut?"),
         N("Apakah Anda merasa cemas, tegang, dan khawatir?"), N("Apakah tangan Anda gemetar?"),
         N("Apakah Anda mengalami gangguan pencernaan?"), N("Apakah Anda merasa sulit berpikir jernih?"),
         N("Apakah Anda merasa tidak bahagia?"), N("Apakah Anda lebih sering menangis?"),
         N("Apakah Anda merasa sulit menikmati kegiatan sehari-hari?"), N("Apakah Anda sulit mengambil keputusan?"),
         N("Apakah pekerjaan sehari-hari Anda terbengkalai?"),
         N("Apakah Anda merasa tidak mampu berperan dalam kehidupan ini?"),
         N("Apakah Anda kehilangan minat terhadap banyak hal?"), N("Apakah Anda merasa tidak berharga?"),
         N("Apakah Anda mempunyai pikiran untuk mengakhiri hidup?"), N("Apakah Anda merasa lelah sepanjang waktu?"),
         N("Apakah Anda merasa tidak enak di perut?"), N("Apakah Anda mudah lelah?"))
ADL = {
    "bab": (N("Mengendalikan rangsang BAB"), (N("Inkontinen"), N("Kadang (1×/minggu)"), N("Kontinen"))),
    "bak": (N("Mengendalikan rangsang BAK"), (N("Inkontinen atau kateter"), N("Kadang (1×/24 jam)"), N("Kontinen"))),
    "membersihkan_diri": (N("Membersihkan diri (cuci muka, sisir, sikat gigi)"), (N("Butuh bantuan"), N("Mandiri"))),
    "toilet": (N("Penggunaan toilet"), (N("Tergantung"), N("Perlu sebagian bantuan"), N("Mandiri"))),
    "makan": (N("Makan"), (N("Tidak mampu"), N("Perlu bantuan memotong"), N("Mandiri"))),
    "berpindah": (N("Berpindah dari tempat tidur ke kursi"),
                  (N("Tidak mampu"), N("Bantuan besar (2 orang)"), N("Bantuan kecil (1 orang)"), N("Mandiri"))),
    "mobilitas": (N("Berjalan di permukaan datar"),
                  (N("Tidak mampu"), N("Dengan kursi roda, mandiri"), N("Dibantu 1 orang"), N("Mandiri"))),
    "berpakaian": (N("Berpakaian"), (N("Tergantung"), N("Sebagian dibantu"), N("Mandiri"))),
    "naik_tangga": (N("Naik turun tangga"), (N("Tidak mampu"), N("Butuh bantuan"), N("Mandiri"))),
    "mandi": (N("Mandi"), (N("Tergantung"), N("Mandiri"))),
}
SKILAS = {
    "orientation_correct": N("Orientasi waktu dan tempat benar (tanggal, tempat)"),
    "recalls_three_words": N("Dapat mengulang ketiga kata"),
    "chair_stand_5x_within_14s": N("Berdiri dari kursi 5 kali tanpa tangan dalam 14 detik"),
    "weight_loss_or_looser_clothes": N("BB turun >3 kg dalam 3 bulan atau pakaian makin longgar"),
    "appetite_loss_or_eating_difficulty": N("Hilang nafsu makan atau sulit makan"),
    "lila_cm": N("LiLA (cm), bila diukur"),
    "eye_problem": N("Ada masalah, penyakit atau pengobatan mata"),
    "finger_count_passed": N("Tes hitung jari lulus"),
    "whisper_test_passed": N("Tes bisik lulus"),
    "sad_or_hopeless": N("2 minggu terakhir merasa sedih, tertekan atau putus asa"),
    "little_interest_or_pleasure": N("2 minggu terakhir sedikit minat atau kesenangan melakukan sesuatu"),
}
PUMA = {"years_smoked": N("Lama merokok (tahun)"), "cigarettes_per_day": N("Rata-rata batang rokok per hari"),
        "dyspnoea": N("Pernah napas pendek saat berjalan cepat atau mendaki?"),
        "sputum": N("Sering punya dahak dari paru, bukan dari pilek?"),
        "cough": N("Biasanya batuk saat tidak sedang pilek?"),
        "spirometry_before": N("Pernah diperiksa spirometri atau peak flow?")}


def question_fields(instrument: str, prefix: str, required: bool) -> dict[str, forms.Field]:
    """The item fields of a questionnaire (names ``<prefix><item>``), as services.QUESTIONNAIRE_ITEMS
    defines its items."""
    items = services.QUESTIONNAIRE_ITEMS[instrument]
    out: dict[str, forms.Field] = {}
    for item, kind in items.items():
        if instrument == "srq20":
            label = L(SRQ20[int(item) - 1])
        elif instrument == "kpsp":
            label = format_lazy("{} {}", L("Pertanyaan"), item)
        elif instrument == "adl":
            label = L(ADL[item][0])
        elif instrument == "skilas":
            label = L(SKILAS[item])
        else:
            label = L(PUMA[item])
        optional = item in services.OPTIONAL_ITEMS.get(instrument, set())
        if instrument == "adl":
            out[prefix + item] = choice(label, [(str(n), format_lazy("{} · {}", n, L(t))) for n, t in enumerate(ADL[item][1])],
                                        required=required, radio=True)
        elif kind in ("number", "number_or_none"):
            out[prefix + item] = num(label, required=required and kind == "number")
        elif kind == "yes_no_or_none":
            out[prefix + item] = choice(label, [*YES_NO, ("", L("Tidak diperiksa"))], radio=True)
        else:
            out[prefix + item] = choice(label, YES_NO, required=required and not optional, radio=True)
    return out


def answers(form: forms.Form, instrument: str, prefix: str) -> dict[str, Any]:
    """The typed answers of a questionnaire's items (unanswered items left out: the service says
    which are missing)."""
    out: dict[str, Any] = {}
    for item, kind in services.QUESTIONNAIRE_ITEMS[instrument].items():
        value = form.cleaned_data.get(prefix + item)
        if value in (None, ""):
            if kind.endswith("or_none") and form.data.get(form.add_prefix(prefix + item)) is not None:
                out[item] = None
            continue
        if instrument == "adl":
            out[item] = int(value)
        elif kind.startswith("yes_no"):
            out[item] = value == "1"
        else:
            out[item] = value
    return out


def answered(form: forms.Form, prefix: str) -> bool:
    return any(form.cleaned_data.get(name) not in (None, "") for name in form.fields if name.startswith(prefix))


# ------------------------------------------------------------------------------------- the base


class RecordForm(forms.Form):
    """One record form of a person's page. Subclasses declare their fields, ``fieldsets`` (legend,
    field names) and :meth:`save`; ``clinical`` forms are a nakes's (Perm.RECORD_CLINICAL)."""

    slug = ""
    title = ""
    klaster = LINTAS
    clinical = True
    lead = ""  # a sentence above the form
    fieldsets: tuple[tuple[str, tuple[str, ...]], ...] = ()

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    confirm = forms.CharField(required=False, widget=forms.HiddenInput)
    confirmed = forms.BooleanField(required=False, label=L("Nilai di atas sudah diperiksa ulang dan memang benar: simpan juga"))

    def __init__(self, data=None, *, facts: clusters.Facts, user, chosen=None, **kwargs):
        """``chosen``: the id of the record a step form works on (a lab request, a referral)."""
        self.facts, self.person, self.user, self.chosen = facts, facts.person, user, chosen
        self.resent = False  # the records were saved before under this form's id (a second submit)
        initial = {"client_id": uuid.uuid4(), "on": facts.on, "place": self.default_place(), **self.initial_values()}
        super().__init__(data, initial=initial, **kwargs)
        self.warnings: list[PlausibilityWarning] = []
        self.setup()

    # ------------------------------------------------------------------ for subclasses

    @classmethod
    def fits(cls, facts: clusters.Facts) -> bool:
        return clusters.fits(cls.slug, facts)

    def setup(self) -> None:
        """Choices and fields that depend on the person or the user."""

    def initial_values(self) -> dict[str, Any]:
        return {}

    def save(self) -> str:
        """Store the input through the services; the success message."""
        raise NotImplementedError

    # ------------------------------------------------------------------ helpers

    def default_place(self) -> str:
        facility = getattr(self.user, "facility", None)
        return PLACE_OF_FACILITY.get(getattr(facility, "kind", ""), "puskesmas")

    @property
    def facility(self):
        return getattr(self.user, "facility", None)

    @property
    def on(self):
        return self.cleaned_data["on"]

    def uid(self, name: str) -> uuid.UUID:
        """The id of one record this form makes: the same on every submit of the same form."""
        return uuid.uuid5(self.cleaned_data["client_id"], name)

    @property
    def confirm_codes(self) -> tuple[str, ...]:
        if not self.cleaned_data.get("confirmed"):
            return ()
        return tuple(c for c in (self.cleaned_data.get("confirm") or "").split(",") if c)

    def call(self, fn: Callable, *args, at: dict[str, str] | Callable[[str], str] | None = None, **kwargs):
        """Run a service; its field errors and warnings come back under this form's field names
        (``at`` maps the service's names; a name the form lacks is a message for the whole form)."""
        try:
            found = fn(*args, **kwargs)
        except Invalid as exc:
            def name(field: str | None) -> str | None:
                if field is None:
                    return None
                mapped = at(field) if callable(at) else (at or {}).get(field, field)
                return mapped if mapped in self.fields else None

            errors: dict[str | None, list[str]] = {}
            for field, messages in exc.errors.items():
                errors.setdefault(name(field), []).extend(messages)
            warnings = [PlausibilityWarning(name(w.field) or "", w.code, w.message)
                        for w in exc.extra.get("warnings", ())]
            raise Invalid(errors, warnings=warnings) from None
        first = found[0] if isinstance(found, list) and found else found
        if first is not None and services.is_resend(first) and not self.resent:
            self.resent = not self.made_new
        self.made_new = self.made_new or (first is not None and not services.is_resend(first))
        return found

    made_new = False

    def apply(self, exc: Invalid) -> None:
        """Show a refusal: messages at their fields; surprising values listed beside the box that
        confirms them (unticked: the user ticks it after checking)."""
        for field, messages in exc.errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        self.warnings = list(exc.extra.get("warnings", ()))
        data = self.data.copy()
        seen = set(self.confirm_codes) if hasattr(self, "cleaned_data") else set()
        data["confirm"] = ",".join(sorted(seen | {w.code for w in self.warnings}))
        data["confirmed"] = ""
        self.data = data

    def sets(self):
        """(legend, bound fields) of each fieldset with at least one field."""
        for legend, names in self.fieldsets:
            bound = [self[n] for n in names if n in self.fields]
            if bound:
                yield (_(legend) if legend else ""), bound

    # ------------------------------------------------------------------ common records

    def encounter(self, kind: str, *, klaster: int | None = None, sequence: int | None = None, by_doctor=False,
                  complaint: str = "", note: str = "", triage: str = ""):
        return self.call(services.record_encounter, self.user, services.EncounterInput(
            person=self.person, on=self.on, kind=kind, place=self.cleaned_data.get("place") or self.default_place(),
            facility=self.facility, klaster=klaster if klaster is not None else self.klaster_code(),
            # Who gave the service: the user at this form (a kader at the Posyandu, a nakes elsewhere).
            sequence=sequence, by_doctor=by_doctor, served_by=self.user, complaint=complaint, note=note,
            triage=triage, id=self.uid("encounter")))

    def klaster_code(self) -> int | None:
        return self.klaster if self.klaster in (KLASTER_2, KLASTER_3, KLASTER_4) else None

    def measurements(self, encounter, *, measure: str = "", **extra):
        """The measurement fields of this form that were typed, as one measurement set."""
        values = {f: self.cleaned_data.get(f) for f in MEASURED if self.cleaned_data.get(f) is not None}
        glucose = self.cleaned_data.get("glucose_mg_dl")
        test = self.cleaned_data.get("glucose_test") or "glucose_random"
        if glucose is not None:
            values["glucose_mg_dl"] = glucose
        if not values and not self.cleaned_data.get("oedema"):
            return []
        ids = {MEASURED[f]: self.uid(MEASURED[f]) for f in values if f in MEASURED}
        if glucose is not None:
            ids[test] = self.uid(test)
        return self.call(services.record_measurements, self.user, services.MeasurementsInput(
            person=self.person, on=self.on, encounter=encounter, measure=measure, glucose_test=test,
            oedema=bool(self.cleaned_data.get("oedema")), classic_symptoms=bool(self.cleaned_data.get("classic_symptoms")),
            confirm=self.confirm_codes, ids=ids, **values, **extra))

    def observe(self, encounter, code: str, field: str | None = None, *, value=None, value_code: str = "",
                extra: services.Extra | None = None):
        """One observation from the field ``field`` (default: named as the code) when filled."""
        field = field or code
        if value is None and not value_code:
            raw = self.cleaned_data.get(field)
            if raw in (None, ""):
                return None
            if codes.get(code, codes.OBSERVATION).answers:
                value_code = raw
            else:
                value = raw
        return self.call(services.record_observation, self.user, services.ObservationInput(
            person=self.person, on=self.on, code=code, value=value, value_code=value_code, encounter=encounter,
            extra=extra or services.Extra(), confirm=self.confirm_codes, id=self.uid(code)),
            at={"value": field, "value_code": field})

    def questionnaire(self, encounter, instrument: str, prefix: str):
        if not answered(self, prefix):
            return None
        return self.call(services.record_questionnaire, self.user, services.QuestionnaireInput(
            person=self.person, on=self.on, instrument=instrument, answers=answers(self, instrument, prefix),
            encounter=encounter, id=self.uid(instrument)),
            at=lambda f: prefix + f.removeprefix("answers.") if f.startswith("answers.") else f)

    def supplement(self, encounter, kind: str, amount: int | None = None, field: str = "kind"):
        return self.call(services.record_supplement, self.user, services.SupplementInput(
            person=self.person, kind=kind, given_on=self.on, amount=amount, encounter=encounter,
            id=self.uid(f"supplement-{kind}")), at={"kind": field, "given_on": "on", "amount": field})

    def immunize(self, encounter, dose: str, field: str, batch: str = ""):
        return self.call(services.record_immunization, self.user, services.ImmunizationInput(
            person=self.person, dose=dose, given_on=self.on, encounter=encounter, facility=self.facility,
            batch=batch, id=self.uid(f"dose-{dose}")), at={"dose": field, "given_on": field, "batch": "batch"})


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


# --------------------------------------------------------------------------- shared fieldsets


class Visit(forms.Form):
    on = day(L("Tanggal"))
    place = choice(L("Tempat"), PLACES, required=True)


class TbScreening(forms.Form):
    """The TB symptom interview asked at every contact (ILP.md §4.3 TB): any symptom makes the
    person *terduga TBC* (stored as the observation tb_symptoms)."""

    tb_asked = yes(L("Skrining gejala TBC dilakukan"))
    tb_cough = yes(L("Batuk 2 minggu atau lebih"))
    tb_fever = yes(L("Demam lama tanpa sebab jelas"))
    tb_sweat = yes(L("Berkeringat malam tanpa kegiatan"))
    tb_weight = yes(L("Berat badan turun atau tidak naik"))
    tb_contact = yes(L("Kontak erat dengan pasien TBC"))

    TB_FIELDS = ("tb_asked", "tb_cough", "tb_fever", "tb_sweat", "tb_weight", "tb_contact")
    TB_SET = (N("Skrining gejala TBC"), TB_FIELDS)

    def tb_screen(self, encounter):
        data = self.cleaned_data
        if not any(data.get(f) for f in self.TB_FIELDS):
            return None
        symptoms = [str(self.fields[f].label) for f in ("tb_cough", "tb_fever", "tb_sweat", "tb_weight") if data.get(f)]
        return self.observe(encounter, "tb_symptoms", "tb_asked", value=1.0 if symptoms else 0.0,  # type: ignore[attr-defined]
                            extra=services.Extra(tb_close_contact=bool(data.get("tb_contact"))))


class Referring(forms.Form):
    """A referral made from the contact, when a reason is given (kader: to the Pustu or Puskesmas)."""

    ref_reason = text(L("Alasan rujukan"), long=True)
    ref_to = choice(L("Dirujuk ke"), [])
    ref_other = text(L("Atau fasilitas lain (rumah sakit …)"), max_length=150)
    ref_urgency = choice(L("Tingkat"), Referral.Urgency.choices)

    REF_SET = (N("Rujukan (bila perlu)"), ("ref_reason", "ref_to", "ref_other", "ref_urgency"))

    def setup_referral(self, user, person, clinical: bool) -> None:
        targets = clusters.referral_targets(user, person)
        self.targets = {str(f.pk): f for f in targets}
        self.fields["ref_to"].choices = [("", "—")] + [(str(f.pk), f"{f.name} ({f.get_kind_display()})") for f in targets]
        if not clinical:
            del self.fields["ref_other"]

    def refer(self, encounter, default_reason: str = ""):
        data = self.cleaned_data
        reason = data.get("ref_reason") or ""
        target = self.targets.get(data.get("ref_to") or "")
        other = data.get("ref_other") or ""
        if not reason and (target is not None or other) and default_reason:
            reason = default_reason
        if not reason and target is None and not other:
            return None
        return self.call(services.record_referral, self.user, services.ReferralInput(  # type: ignore[attr-defined]
            person=self.person, on=self.on, reason=reason, to_facility=target, to_other=other,  # type: ignore[attr-defined]
            urgency=data.get("ref_urgency") or "biasa", encounter=encounter, id=self.uid("referral")),  # type: ignore[attr-defined]
            at={"reason": "ref_reason", "to_facility": "ref_to", "to_other": "ref_other", "urgency": "ref_urgency",
                "on": "on"})


def _measurement_fields(*names: str) -> dict[str, forms.Field]:
    labels = {"weight_kg": L("Berat badan (kg)"), "lenhei_cm": L("Tinggi/panjang badan (cm)"),
              "muac_cm": L("LiLA (cm)"), "headc_cm": L("Lingkar kepala (cm)"), "waist_cm": L("Lingkar perut (cm)"),
              "sbp": L("Tekanan darah sistolik (mmHg)"), "dbp": L("Tekanan darah diastolik (mmHg)"),
              "hb_g_dl": L("Hb (g/dL)"), "glucose_mg_dl": L("Gula darah (mg/dL)")}
    return {n: num(labels[n]) for n in names}


def with_fields(**fields: forms.Field):
    """A class decorator adding fields built at import (questionnaire items, measurement sets)."""
    def add(cls):
        cls.base_fields.update(fields)
        cls.declared_fields.update(fields)
        return cls
    return add


class ClinicalForm(RecordForm, Visit, TbScreening, Referring):
    """A contact form with the TB interview and a referral."""

    def setup(self) -> None:
        self.setup_referral(self.user, self.person, clinical=self.clinical)


# ================================================================================== Klaster 2


class PregnancyForm(RecordForm):
    slug, title, klaster = "kehamilan", N("Kehamilan baru"), KLASTER_2
    lead = N("HPL dihitung dari HPHT.")
    hpht = day(L("HPHT (hari pertama haid terakhir)"))
    gravida = count(L("Kehamilan ke- (kosongkan: dihitung dari catatan)"))
    fieldsets = (("", ("hpht", "gravida")),)

    def setup(self) -> None:
        # The HPL appears under the HPHT as soon as it is typed (the page asks the rules).
        self.fields["hpht"].widget.attrs.update({
            "hx-get": reverse("record_form", kwargs={"pk": self.person.pk, "form": self.slug}),
            "hx-trigger": "change", "hx-target": "#hpl-preview"})

    def save(self) -> str:
        record = self.call(services.record_pregnancy, self.user, services.PregnancyInput(
            person=self.person, hpht=self.cleaned_data["hpht"], gravida=self.cleaned_data.get("gravida"),
            id=self.uid("pregnancy")))
        return _("Kehamilan tercatat. HPL: %(hpl)s.") % {"hpl": formats.date_format(record.hpl)}


def hpl_of(person, hpht) -> Any:
    """The HPL the rules give for an HPHT under the person's area settings (the form's preview)."""
    with config.for_area(person.area_code):
        return pregnancy_rules.hpl(hpht)


@with_fields(**_measurement_fields("weight_kg", "lenhei_cm", "muac_cm", "sbp", "dbp", "hb_g_dl", "glucose_mg_dl"))
class AncForm(ClinicalForm):
    """An ANC contact with its 10T (ILP.md §4.5); the K number follows the earlier contacts."""

    slug, title, klaster = "anc", N("Pemeriksaan kehamilan (ANC)"), KLASTER_2
    by_doctor = yes(L("Diperiksa dokter"))
    usg = coded("usg", L("USG (bila dilakukan)"))
    tfu = num(L("Tinggi fundus uteri (cm)"))
    djj = count(L("Denyut jantung janin (/menit)"))
    presentasi = coded("presentasi")
    td = yes(L("Imunisasi Td diberikan (sesuai status T)"))
    ttd = count(L("Tablet tambah darah diberikan (tablet)"))
    mms = count(L("MMS diberikan (tablet)"))
    urine_protein = coded("urine_protein")
    hiv = coded("hiv")
    sifilis = coded("sifilis")
    hbsag = coded("hbsag")
    counselling = yes(L("Temu wicara / konseling diberikan"))
    management = text(L("Tata laksana"), long=True)
    fieldsets = (
        ("", ("on", "place", "by_doctor", "usg")),
        (N("10T: timbang, ukur, nilai"), ("weight_kg", "lenhei_cm", "muac_cm", "sbp", "dbp", "tfu", "djj", "presentasi")),
        (N("10T: imunisasi, tablet tambah darah, laboratorium"),
         ("td", "ttd", "mms", "hb_g_dl", "glucose_mg_dl", "urine_protein", "hiv", "sifilis", "hbsag")),
        (N("10T: tata laksana dan temu wicara"), ("counselling", "management")),
        TbScreening.TB_SET, Referring.REF_SET,
    )

    def setup(self) -> None:
        super().setup()
        record = self.facts.pregnancy
        n = clusters.anc_number(record, self.facts.on) if record else 1
        self.lead = _("Kontak ini K%(n)s (HPHT %(hpht)s, HPL %(hpl)s).") % {
            "n": n, "hpht": formats.date_format(record.hpht), "hpl": formats.date_format(record.hpl)} if record else ""
        self.fields["lenhei_cm"].help_text = _("Tinggi badan diukur pada K1.")

    def save(self) -> str:
        data = self.cleaned_data
        record = self.facts.pregnancy
        n = clusters.anc_number(record, self.on, this=self.uid("encounter"))
        note = _join(_("Temu wicara / konseling diberikan.") if data.get("counselling") else "", data.get("management") or "")
        encounter = self.encounter("anc", sequence=n, by_doctor=bool(data.get("by_doctor")), note=note)
        self.measurements(encounter, measure="h" if data.get("lenhei_cm") is not None else "")
        for code in ("usg", "tfu", "djj", "presentasi", "urine_protein", "hiv", "sifilis", "hbsag"):
            self.observe(encounter, code)
        if data.get("td"):
            self.immunize(encounter, codes.TD_WUS.code, "td")
        for kind in ("ttd", "mms"):
            if data.get(kind):
                self.supplement(encounter, kind, data[kind], field=kind)
        self.tb_screen(encounter)
        self.refer(encounter)
        return _("ANC K%(n)s tercatat.") % {"n": n}


BABIES = 3


def _baby_fields() -> dict[str, forms.Field]:
    out: dict[str, forms.Field] = {}
    for i in range(1, BABIES + 1):
        out.update({
            f"b{i}_sex": choice(L("Jenis kelamin"), [("L", L("Laki-laki")), ("P", L("Perempuan"))]),
            f"b{i}_alive": choice(L("Keadaan lahir"), [("1", L("Lahir hidup")), ("0", L("Lahir mati"))]),
            f"b{i}_weight_g": count(L("Berat lahir (gram)")),
            f"b{i}_length_cm": num(L("Panjang lahir (cm)")),
            f"b{i}_name": text(L("Nama bayi (kosongkan: Bayi Ny. …)"), max_length=150),
            f"b{i}_imd": yes(L("Inisiasi menyusu dini (IMD)")),
            f"b{i}_vitk": yes(L("Vitamin K1 diberikan")),
            f"b{i}_eye": yes(L("Salep mata diberikan")),
        })
    return out


@with_fields(**_baby_fields())
class DeliveryForm(RecordForm):
    """The delivery closing the pregnancy, with one row per baby (twins, triplets): each live-born
    baby becomes a person of the household."""

    slug, title, klaster = "persalinan", N("Persalinan"), KLASTER_2
    ended_on = day(L("Tanggal persalinan"))
    outcome = choice(L("Hasil persalinan"), [(o, L(o.replace("_", " ").capitalize())) for o in services.OUTCOMES],
                     required=True)
    place_of_birth = choice(L("Tempat bersalin"), [(k, L(v)) for k, v in services.DELIVERY_PLACES.items()])
    attendant = choice(L("Penolong utama"), [(k, L(v)) for k, v in services.ATTENDANTS.items()])
    # SPM 2 counts who helped, not only the lead: the team is ticked, the lead joins it by itself.
    attendants = forms.MultipleChoiceField(
        label=L("Tim penolong"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(k, L(v)) for k, v in services.ATTENDANTS.items()],
        help_text=L("Centang semua tenaga yang menolong; penolong utama sudah termasuk."))
    mode = choice(L("Cara persalinan"), [(k, L(v)) for k, v in services.DELIVERY_MODES.items()])
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    fieldsets = (("", ("ended_on", "outcome", "place_of_birth", "attendant", "attendants", "mode")),
                 *((f"#baby{i}", tuple(f"b{i}_{f}" for f in (
                     "sex", "alive", "weight_g", "length_cm", "name", "imd", "vitk", "eye")))
                   for i in range(1, BABIES + 1)))

    def initial_values(self):
        record = self.facts.pregnancy
        return {"ended_on": self.facts.on, "version": record.version if record else None, "b1_alive": "1",
                "place_of_birth": "fasyankes"}

    def sets(self):
        for legend, bound in super().sets():
            yield (_("Bayi %(n)s") % {"n": legend[len("#baby"):]} if legend.startswith("#baby") else legend), bound

    def save(self) -> str:
        data = self.cleaned_data
        babies = []
        for i in range(1, BABIES + 1):
            if not data.get(f"b{i}_sex") and not data.get(f"b{i}_weight_g"):
                continue
            babies.append(services.NewbornInput(
                sex=data.get(f"b{i}_sex") or "", alive=data.get(f"b{i}_alive") != "0",
                weight_g=data.get(f"b{i}_weight_g"), length_cm=data.get(f"b{i}_length_cm"),
                name=data.get(f"b{i}_name") or "", imd=bool(data.get(f"b{i}_imd")),
                vitamin_k1=bool(data.get(f"b{i}_vitk")), eye_ointment=bool(data.get(f"b{i}_eye")),
                id=self.uid(f"baby{i}")))
        row = {n: i for n, i in enumerate(i for i in range(1, BABIES + 1)
                                          if data.get(f"b{i}_sex") or data.get(f"b{i}_weight_g"))}

        def at(field: str) -> str:
            parts = field.split(".")
            if parts[0] == "babies" and len(parts) == 3:
                name = {"weight_g": "weight_g", "length_cm": "length_cm", "sex": "sex", "child": "name"}.get(parts[2], "sex")
                return f"b{row.get(int(parts[1]), 1)}_{name}"
            return field

        place = data.get("place_of_birth") or ""
        lead = data.get("attendant") or ""
        team = [role for role in services.ATTENDANTS if role == lead or role in (data.get("attendants") or ())]
        self.call(services.record_delivery, self.user, services.DeliveryInput(
            pregnancy=self.facts.pregnancy, ended_on=data["ended_on"], outcome=data["outcome"], place_of_birth=place,
            delivery_facility=self.facility if place == "fasyankes" else None, attendant=lead,
            attendants=tuple(team), mode=data.get("mode") or "", babies=tuple(babies), version=data.get("version")),
            at=at)
        alive = sum(1 for b in babies if b.alive)
        return _("Persalinan tercatat; %(n)s bayi lahir hidup didaftarkan di keluarga ini.") % {"n": alive}


NIFAS_PROBLEMS = (("perdarahan", N("Perdarahan")), ("demam", N("Demam / infeksi")),
                  ("preeklampsia", N("Sakit kepala, pandangan kabur, kejang")),
                  ("payudara", N("Masalah payudara / menyusui")), ("depresi", N("Sedih berlebihan / depresi")))
NEWBORN_PROBLEMS = (("menyusu", N("Tidak mau menyusu")), ("kejang", N("Kejang")), ("napas", N("Napas cepat / sesak")),
                    ("suhu", N("Demam atau teraba dingin")), ("kuning", N("Kuning")),
                    ("tali_pusat", N("Tali pusat kemerahan / bernanah")), ("diare", N("Diare")))


def _problems(form: forms.Form) -> str:
    picked = form.cleaned_data.get("problems") or []
    labels = dict(form.fields["problems"].choices)
    return ", ".join(str(labels[p]) for p in picked)


@with_fields(**_measurement_fields("sbp", "dbp"))
class NifasForm(ClinicalForm):
    """A postpartum visit (KF1–KF4 from the delivery date's windows); complications go to the referral."""

    slug, title, klaster = "nifas", N("Kunjungan nifas (KF)"), KLASTER_2
    temperature = num(L("Suhu (°C)"))
    vitamin_a = yes(L("Kapsul vitamin A merah diberikan"))
    problems = forms.MultipleChoiceField(label=L("Komplikasi"), required=False, widget=forms.CheckboxSelectMultiple,
                                         choices=[(k, L(v)) for k, v in NIFAS_PROBLEMS])
    note = text(L("Catatan / tata laksana"), long=True)
    fieldsets = (("", ("on", "place", "sbp", "dbp", "temperature", "vitamin_a", "problems", "note")),
                 TbScreening.TB_SET, Referring.REF_SET)

    def setup(self) -> None:
        super().setup()
        ended = self.facts.delivered.ended_on if self.facts.delivered else None
        if ended:
            self.lead = _("Persalinan %(date)s. Jendela kunjungan: KF1 6 jam–2 hari, KF2 3–7 hari, KF3 8–28 hari, "
                          "KF4 29–42 hari.") % {"date": formats.date_format(ended)}

    def save(self) -> str:
        ended = self.facts.delivered.ended_on
        n = clusters.visit_number(pregnancy_rules.kf_windows(ended), ended, self.on)
        if n is None:
            raise Invalid.field("on", _("Tanggal ini di luar jendela KF1–KF4 (6 jam sampai 42 hari setelah persalinan)."))
        problems = _problems(self)
        encounter = self.encounter("kf", sequence=n, complaint=problems, note=self.cleaned_data.get("note") or "")
        self.measurements(encounter)
        self.observe(encounter, "temperature")
        if self.cleaned_data.get("vitamin_a"):
            self.supplement(encounter, "vitamin_a_merah", field="vitamin_a")
        self.tb_screen(encounter)
        self.refer(encounter, default_reason=problems)
        return _("KF%(n)s tercatat.") % {"n": n}


@with_fields(**_measurement_fields("weight_kg"))
class NeonatalForm(ClinicalForm):
    """A neonatal visit (KN1–KN3 from the birth date's windows), with HB0 when not yet given."""

    slug, title, klaster = "neonatal", N("Kunjungan neonatal (KN)"), KLASTER_2
    temperature = num(L("Suhu (°C)"))
    hb0 = yes(L("Imunisasi HB0 diberikan"))
    problems = forms.MultipleChoiceField(label=L("Masalah / tanda bahaya"), required=False,
                                         widget=forms.CheckboxSelectMultiple,
                                         choices=[(k, L(v)) for k, v in NEWBORN_PROBLEMS])
    note = text(L("Catatan / tata laksana"), long=True)
    fieldsets = (("", ("on", "place", "weight_kg", "temperature", "hb0", "problems", "note")), Referring.REF_SET)

    def setup(self) -> None:
        super().setup()
        if clusters.hb0_given(self.person):
            del self.fields["hb0"]
        self.lead = _("Jendela kunjungan: KN1 6–48 jam, KN2 3–7 hari, KN3 8–28 hari.")

    def save(self) -> str:
        birth = self.person.birth_date
        n = clusters.visit_number(pregnancy_rules.kn_windows(birth), birth, self.on)
        if n is None:
            raise Invalid.field("on", _("Tanggal ini di luar jendela KN1–KN3 (6 jam sampai 28 hari setelah lahir)."))
        problems = _problems(self)
        encounter = self.encounter("kn", sequence=n, complaint=problems, note=self.cleaned_data.get("note") or "")
        self.measurements(encounter)
        self.observe(encounter, "temperature")
        if self.cleaned_data.get("hb0"):
            self.immunize(encounter, "HB0", "hb0")
        self.refer(encounter, default_reason=problems)
        return _("KN%(n)s tercatat.") % {"n": n}


def _kader_kind(place: str) -> str:
    """A kader's contact: the Posyandu day, a home visit, else a screening."""
    return {"posyandu": "posyandu", "rumah": "kunjungan_rumah"}.get(place, "skrining")


@with_fields(**_measurement_fields("weight_kg", "lenhei_cm", "muac_cm", "headc_cm"),
             **question_fields("kpsp", "kpsp_", required=False))
class BalitaForm(ClinicalForm):
    """Weighing and measuring of a balita, the KPSP of the age, and vitamin A (kader too)."""

    slug, title, klaster, clinical = "balita", N("Balita: penimbangan, KPSP, vitamin A"), KLASTER_2, False
    measure = choice(L("Cara ukur"), [("l", L("Berbaring (PB)")), ("h", L("Berdiri (TB)"))])
    oedema = yes(L("Edema kedua punggung kaki"))
    vitamin_a = yes(L("Kapsul vitamin A diberikan"))
    fieldsets = (("", ("on", "place")),
                 (N("Penimbangan dan pengukuran"), ("weight_kg", "lenhei_cm", "measure", "muac_cm", "headc_cm", "oedema")),
                 (N("KPSP (jawab semua pertanyaan formulir KPSP umur anak)"), tuple(f"kpsp_{i}" for i in range(1, 11))),
                 (N("Vitamin A"), ("vitamin_a",)), TbScreening.TB_SET, Referring.REF_SET)

    def initial_values(self):
        return {"measure": "l" if self.facts.months < 24 else "h"}

    def setup(self) -> None:
        super().setup()
        kind = clusters.vitamin_a_kind(self.facts)
        if kind is None:
            del self.fields["vitamin_a"]
        else:
            self.fields["vitamin_a"].label = _("Diberikan: %(capsule)s") % {"capsule": _(codes.label(kind, codes.SUPPLEMENT))}
        self.capsule = kind

    def save(self) -> str:
        encounter = self.encounter(_kader_kind(self.cleaned_data["place"]))
        saved = self.measurements(encounter, measure=self.cleaned_data.get("measure") or "")
        self.questionnaire(encounter, "kpsp", "kpsp_")
        if self.cleaned_data.get("vitamin_a") and self.capsule:
            self.supplement(encounter, self.capsule, field="vitamin_a")
        self.tb_screen(encounter)
        self.refer(encounter)
        labels = [o.category_label for o in saved if o.code == "weight" and o.category_label]
        return _join(_("Pelayanan balita tercatat."), *labels)


@with_fields(**_measurement_fields("weight_kg", "lenhei_cm", "sbp", "dbp", "hb_g_dl"),
             **question_fields("srq20", "srq_", required=False))
class SchoolForm(ClinicalForm):
    """School-age and adolescent screening (penjaringan / pemeriksaan berkala): IMT, Hb, vision,
    hearing, teeth, and SRQ-20 from the age the rules set."""

    slug, title, klaster = "sekolah", N("Skrining anak sekolah dan remaja"), KLASTER_2
    tajam_penglihatan = coded("tajam_penglihatan")
    pendengaran = coded("pendengaran")
    dmft = count(L("DMF-T (gigi tetap)"))
    deft = count(L("def-t (gigi susu)"))
    fieldsets = (("", ("on", "place")),
                 (N("Pemeriksaan"), ("weight_kg", "lenhei_cm", "sbp", "dbp", "hb_g_dl", "tajam_penglihatan",
                                     "pendengaran", "dmft", "deft")),
                 (N("SRQ-20 (30 hari terakhir)"), tuple(f"srq_{i}" for i in range(1, 21))),
                 TbScreening.TB_SET, Referring.REF_SET)

    def initial_values(self):
        return {"place": "sekolah"}

    def setup(self) -> None:
        super().setup()
        if self.facts.years < int(config.get("screening.srq20_from_years", self.person.area_code)):
            for i in range(1, 21):
                del self.fields[f"srq_{i}"]

    def save(self) -> str:
        encounter = self.encounter("skrining")
        self.measurements(encounter, measure="h")
        for code in ("tajam_penglihatan", "pendengaran", "dmft", "deft"):
            self.observe(encounter, code)
        if "srq_1" in self.fields:
            self.questionnaire(encounter, "srq20", "srq_")
        self.tb_screen(encounter)
        self.refer(encounter)
        return _("Skrining tercatat.")


@with_fields(**_measurement_fields("weight_kg", "lenhei_cm", "waist_cm", "muac_cm", "sbp", "dbp", "glucose_mg_dl"))
class MeasurementForm(ClinicalForm):
    """Measurements at the Posyandu or a home visit (kader): BB, TB, LP, LiLA, TD, gula darah."""

    slug, title, klaster, clinical = "pengukuran", N("Pengukuran (BB, TB, LP, TD, gula darah)"), LINTAS, False
    glucose_test = choice(L("Jenis pemeriksaan gula darah"), GLUCOSE_TESTS)
    classic_symptoms = yes(L("Ada gejala klasik diabetes (banyak minum, banyak kencing, banyak makan, BB turun)"))
    fieldsets = (("", ("on", "place")),
                 (N("Pengukuran"), ("weight_kg", "lenhei_cm", "waist_cm", "muac_cm", "sbp", "dbp", "glucose_mg_dl",
                                    "glucose_test", "classic_symptoms")),
                 TbScreening.TB_SET, Referring.REF_SET)

    def initial_values(self):
        return {"glucose_test": "glucose_random"}

    def save(self) -> str:
        encounter = self.encounter(_kader_kind(self.cleaned_data["place"]),
                                   klaster=KLASTER_3 if self.facts.years >= 18 else KLASTER_2)
        saved = self.measurements(encounter, measure="h")
        self.tb_screen(encounter)
        self.refer(encounter)
        return _join(_("Pengukuran tercatat."), *[o.category_label for o in saved if o.category_label])


# ================================================================================== Klaster 3

# The CKG item → its fields on the form (questionnaires are whole fieldsets).
CKG_QUESTIONNAIRES = {"srq20": "srq_", "puma": "puma_", "skilas": "skilas_", "adl": "adl_"}
CKG_NUMBERS = {"cholesterol_total": L("Kolesterol total (mg/dL)"), "hdl": L("HDL (mg/dL)"), "ldl": L("LDL (mg/dL)"),
               "triglycerides": L("Trigliserida (mg/dL)"), "creatinine": L("Kreatinin (mg/dL)"),
               "ureum": L("Ureum (mg/dL)")}


@with_fields(**_measurement_fields("weight_kg", "lenhei_cm", "waist_cm", "sbp", "dbp", "glucose_mg_dl"),
             **{code: coded(code) for code in ("tajam_penglihatan", "katarak", "pendengaran", "sadanis", "iva",
                                                "hpv_dna", "kolorektal", "kanker_paru", "komplikasi_hipertensi")},
             **{code: num(label) for code, label in CKG_NUMBERS.items()},
             **question_fields("srq20", "srq_", required=False), **question_fields("puma", "puma_", required=False),
             **question_fields("skilas", "skilas_", required=False), **question_fields("adl", "adl_", required=False),
             ckg=choice(L("Kesimpulan CKG"), answers_of("ckg"), required=True))
class CkgForm(ClinicalForm):
    """The birthday CKG of an adult: exactly the screening items the rules list for the person's
    age, sex and conditions (:func:`siklus.care.clusters.ckg_items`), each recorded as its
    observation or questionnaire, and the CKG's conclusion."""

    slug, title, klaster = "ckg", N("Cek Kesehatan Gratis (CKG)"), KLASTER_3
    glucose_test = choice(L("Jenis pemeriksaan gula darah"), GLUCOSE_TESTS)
    smoking = yes(L("Merokok"))
    note = text(L("Catatan / tata laksana"), long=True)

    def initial_values(self):
        return {"glucose_test": "glucose_fasting" if self.facts.years >= 40 else "glucose_random"}

    def setup(self) -> None:
        super().setup()
        self.items = clusters.ckg_items(self.facts)
        simple: list[str] = []
        sets: list[tuple[str, tuple[str, ...]]] = []
        for item in self.items:
            for name in clusters.CKG_RECORDS[item.code]:
                if name in CKG_QUESTIONNAIRES:
                    prefix = CKG_QUESTIONNAIRES[name]
                    sets.append((item.label, tuple(f for f in self.fields if f.startswith(prefix))))
                else:
                    simple.append(name)
        wanted = set(simple) | {f for _legend, names in sets for f in names}
        for name in list(self.fields):
            if name in CKG_FIELDS and name not in wanted:
                del self.fields[name]
        self.fieldsets = (("", ("on", "place", "smoking")), (N("Pemeriksaan"), tuple(dict.fromkeys(simple))), *sets,
                          (N("Kesimpulan"), ("ckg", "note")), TbScreening.TB_SET, Referring.REF_SET)

    def save(self) -> str:
        data = self.cleaned_data
        note = _join(_("Merokok.") if data.get("smoking") else "", data.get("note") or "")
        encounter = self.encounter("skrining", note=note)
        self.measurements(encounter, measure="h")
        for code in ("tajam_penglihatan", "katarak", "pendengaran", "sadanis", "iva", "hpv_dna", "kolorektal",
                     "kanker_paru", "komplikasi_hipertensi", *CKG_NUMBERS):
            if code in self.fields:
                self.observe(encounter, code)
        for instrument, prefix in CKG_QUESTIONNAIRES.items():
            if f"{prefix}{next(iter(services.QUESTIONNAIRE_ITEMS[instrument]))}" in self.fields:
                self.questionnaire(encounter, instrument, prefix)
        self.tb_screen(encounter)
        self.observe(encounter, "ckg")
        self.refer(encounter)
        missing = [_(item.label) for item in self.items if not any(
            data.get(f) not in (None, "") or (f in CKG_QUESTIONNAIRES and answered(self, CKG_QUESTIONNAIRES[f]))
            for f in clusters.CKG_RECORDS[item.code])]
        message = _("CKG tercatat.")
        if missing:
            message += " " + _("Belum diperiksa: %(items)s.") % {"items": ", ".join(missing)}
        return message


# Every field of a CKG item (the form keeps those of the person's items).
CKG_FIELDS = ({n for names in clusters.CKG_RECORDS.values() for n in names if n not in CKG_QUESTIONNAIRES}
              | {f for f in CkgForm.base_fields if any(f.startswith(p) for p in CKG_QUESTIONNAIRES.values())})


def _medicine_fields(n: int = 3) -> dict[str, forms.Field]:
    out: dict[str, forms.Field] = {}
    for i in range(1, n + 1):
        out.update({f"m{i}_name": text(L("Obat"), max_length=150), f"m{i}_qty": count(L("Jumlah")),
                    f"m{i}_unit": text(L("Satuan (tablet, kapsul, botol)"), max_length=20),
                    f"m{i}_instr": text(L("Aturan pakai"), max_length=200)})
    return out


class Medicines(forms.Form):
    def medicine_sets(self, n: int = 3):
        return tuple((f"#med{i}", (f"m{i}_name", f"m{i}_qty", f"m{i}_unit", f"m{i}_instr")) for i in range(1, n + 1))

    def dispense(self, encounter, n: int = 3) -> list:
        data, out = self.cleaned_data, []
        for i in range(1, n + 1):
            name = data.get(f"m{i}_name") or ""
            if not name and data.get(f"m{i}_qty") is None:
                continue
            out.append(self.call(services.record_medication, self.user, services.MedicationInput(  # type: ignore[attr-defined]
                person=self.person, on=self.on, medicine=name, quantity=data.get(f"m{i}_qty"),  # type: ignore[attr-defined]
                unit=data.get(f"m{i}_unit") or "", instructions=data.get(f"m{i}_instr") or "", encounter=encounter,
                id=self.uid(f"medicine{i}")),  # type: ignore[attr-defined]
                at={"medicine": f"m{i}_name", "quantity": f"m{i}_qty", "unit": f"m{i}_unit",
                    "instructions": f"m{i}_instr", "on": "on"}))
        return out


def _medicine_legend(legend: str) -> str:
    return _("Obat %(n)s") % {"n": legend[len("#med"):]} if legend.startswith("#med") else legend


@with_fields(**_measurement_fields("sbp", "dbp", "glucose_mg_dl"), **_medicine_fields())
class ControlForm(ClinicalForm, Medicines):
    """The monthly control of a hypertensive or diabetic: BP and glucose, classified as control
    status (terkendali / tidak terkendali) by the service, and the medicines given."""

    slug, title, klaster = "kontrol", N("Kontrol hipertensi / diabetes"), KLASTER_3
    glucose_test = choice(L("Jenis pemeriksaan gula darah"), GLUCOSE_TESTS)
    note = text(L("Catatan / tata laksana"), long=True)

    def initial_values(self):
        return {"glucose_test": "glucose_fasting" if "diabetes" in self.facts.conditions else "glucose_random"}

    def setup(self) -> None:
        super().setup()
        self.fieldsets = (("", ("on", "place", "sbp", "dbp", "glucose_mg_dl", "glucose_test", "note")),
                          *self.medicine_sets(), TbScreening.TB_SET, Referring.REF_SET)

    def sets(self):
        for legend, bound in super().sets():
            yield _medicine_legend(legend), bound

    def save(self) -> str:
        encounter = self.encounter("kontrol", note=self.cleaned_data.get("note") or "")
        saved = self.measurements(encounter)
        self.dispense(encounter)
        self.tb_screen(encounter)
        self.refer(encounter)
        status = [o.category_label for o in saved if o.code != "dbp" and o.category_label]
        return _join(_("Kontrol tercatat."), *status)


class QuestionnaireForm(RecordForm, Visit):
    """A questionnaire answered item by item (kader too); score and classification by the rules."""

    instrument = ""
    clinical, klaster = False, KLASTER_3

    def save(self) -> str:
        encounter = self.encounter(_kader_kind(self.cleaned_data["place"]))
        response = self.questionnaire(encounter, self.instrument, "q_")
        if response is None:
            raise Invalid.field(None, _("Jawab butir-butir kuesioner."))
        return _("%(instrument)s tercatat: %(result)s.") % {
            "instrument": _(codes.label(self.instrument, codes.QUESTIONNAIRE)), "result": _(response.category_label)}


def _questionnaire_form(slug: str, instrument: str, title: str, klaster: int = KLASTER_3):
    fields = question_fields(instrument, "q_", required=True)
    cls = type(QuestionnaireForm)(f"{instrument.capitalize()}Form", (QuestionnaireForm,), {
        "slug": slug, "title": title, "instrument": instrument, "klaster": klaster, "__module__": __name__,
        "fieldsets": (("", ("on", "place")), (title, tuple(fields)))})
    return with_fields(**fields)(cls)


SkilasForm = _questionnaire_form("skilas", "skilas", N("SKILAS (skrining lansia sederhana)"))
AdlForm = _questionnaire_form("adl", "adl", N("ADL / AKS (aktivitas sehari-hari)"))
Srq20Form = _questionnaire_form("srq20", "srq20", N("SRQ-20 (kesehatan jiwa)"))
PumaForm = _questionnaire_form("puma", "puma", N("PUMA (skrining PPOK)"))


class CancerForm(RecordForm, Visit, Referring):
    """Breast (SADANIS) and cervical (IVA, HPV-DNA) screening results."""

    slug, title, klaster = "kanker", N("Skrining kanker payudara dan leher rahim"), KLASTER_3
    sadanis = coded("sadanis")
    iva = coded("iva")
    hpv_dna = coded("hpv_dna")
    fieldsets = (("", ("on", "place", "sadanis", "iva", "hpv_dna")), Referring.REF_SET)

    def setup(self) -> None:
        self.setup_referral(self.user, self.person, clinical=True)

    def save(self) -> str:
        if not any(self.cleaned_data.get(c) for c in ("sadanis", "iva", "hpv_dna")):
            raise Invalid.field("sadanis", _("Isi setidaknya satu hasil pemeriksaan."))
        encounter = self.encounter("skrining")
        found = [self.observe(encounter, c) for c in ("sadanis", "iva", "hpv_dna")]
        self.refer(encounter)
        return _join(_("Hasil skrining tercatat."), *[o.category_label for o in found if o is not None])


# ================================================================================== Klaster 4


class TbPresumptiveForm(RecordForm):
    slug, title, klaster = "tbc-terduga", N("Terduga TBC"), KLASTER_4
    presumptive_on = day(L("Tanggal ditetapkan terduga"))
    found_by = choice(L("Ditemukan melalui"), [(k, L(v)) for k, v in services.TB_FOUND_BY.items()], required=True)
    fieldsets = (("", ("presumptive_on", "found_by")),)

    def initial_values(self):
        return {"presumptive_on": self.facts.on, "found_by": "skrining"}

    def save(self) -> str:
        self.call(services.record_tb_presumptive, self.user, services.TbPresumptiveInput(
            person=self.person, presumptive_on=self.cleaned_data["presumptive_on"],
            found_by=self.cleaned_data["found_by"], id=self.uid("tb")))
        return _("Terduga TBC tercatat. Ambil 2 spesimen dahak untuk TCM atau mikroskopis.")


class TbStep(RecordForm):
    """A step of the open TB episode; ``version`` is the one the user saw."""

    klaster = KLASTER_4
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @property
    def case(self):
        return self.facts.tb_case

    def initial_values(self):
        return {"version": self.case.version if self.case else None}


class TbResultForm(TbStep):
    slug, title = "tbc-hasil", N("Hasil pemeriksaan TBC")
    specimen_on = forms.DateField(label=L("Tanggal pengambilan spesimen"), required=False, widget=DateInput)
    result = forms.ChoiceField(label=L("Pemeriksaan dan hasil"), required=False)
    clinical_diagnosis = yes(L("Tanpa hasil laboratorium: diagnosis klinis"))
    result_on = day(L("Tanggal hasil"))
    diagnosis = choice(L("Diagnosis"), [(c.code, L(c.label)) for c in codes.of_kind(codes.TB_DIAGNOSIS)])
    fieldsets = (("", ("specimen_on", "result", "clinical_diagnosis", "result_on", "diagnosis")),)

    def setup(self) -> None:
        self.fields["result"].choices = [("", "—")] + [
            (f"{test}:{a}", f"{test.upper()}: {_(label)}") for test, code in services.TB_TESTS.items() if code
            for a, label in codes.get(code, codes.OBSERVATION).answers]

    def initial_values(self):
        return {**super().initial_values(), "result_on": self.facts.on}

    def save(self) -> str:
        data = self.cleaned_data
        test, _sep, result = (data.get("result") or "").partition(":")
        if data.get("clinical_diagnosis"):
            test, result = "klinis", ""
        self.call(services.record_tb_result, self.user, self.case, services.TbResultInput(
            specimen_on=data.get("specimen_on"), test=test, result=result, result_on=data["result_on"],
            diagnosis=data.get("diagnosis") or "", version=data.get("version")), at={"test": "result"})
        return _("Hasil pemeriksaan TBC tercatat.")


class TbTreatmentForm(TbStep):
    slug, title = "tbc-pengobatan", N("Mulai pengobatan TBC")
    started_on = day(L("Tanggal mulai pengobatan"))
    regimen = text(L("Paduan obat (mis. 2RHZE/4RH)"), required=True, max_length=40)
    fieldsets = (("", ("started_on", "regimen")),)

    def initial_values(self):
        return {**super().initial_values(), "started_on": self.facts.on}

    def save(self) -> str:
        data = self.cleaned_data
        self.call(services.start_tb_treatment, self.user, self.case, data["started_on"], data["regimen"],
                  self.facility, version=data.get("version"))
        return _("Pengobatan TBC dimulai.")


@with_fields(**_measurement_fields("weight_kg"), **_medicine_fields(2))
class TbVisitForm(ClinicalForm, Medicines):
    """The monthly treatment visit of a TB patient (encounter kontrol_tbc): weight, adherence,
    side effects, medicines given."""

    slug, title, klaster = "tbc-kontrol", N("Kunjungan pengobatan TBC"), KLASTER_4
    adherence = choice(L("Kepatuhan minum obat"), [("patuh", L("Patuh")), ("tidak_patuh", L("Ada dosis terlewat"))])
    side_effects = text(L("Efek samping obat"))
    note = text(L("Catatan"), long=True)

    def setup(self) -> None:
        super().setup()
        self.fieldsets = (("", ("on", "place", "weight_kg", "adherence", "side_effects", "note")),
                          *self.medicine_sets(2), Referring.REF_SET)

    def sets(self):
        for legend, bound in super().sets():
            yield _medicine_legend(legend), bound

    def save(self) -> str:
        data = self.cleaned_data
        adherence = dict(self.fields["adherence"].choices).get(data.get("adherence") or "", "")
        encounter = self.encounter("kontrol_tbc", complaint=data.get("side_effects") or "",
                                   note=_join(str(adherence) if data.get("adherence") else "", data.get("note") or ""))
        self.measurements(encounter)
        self.dispense(encounter, 2)
        self.refer(encounter)
        return _("Kunjungan pengobatan TBC tercatat.")


class TbOutcomeForm(TbStep):
    slug, title = "tbc-akhir", N("Hasil akhir pengobatan TBC")
    outcome = choice(L("Hasil pengobatan"), [(c.code, L(c.label)) for c in codes.of_kind(codes.TB_OUTCOME)],
                     required=True)
    outcome_on = day(L("Tanggal"))
    fieldsets = (("", ("outcome", "outcome_on")),)

    def initial_values(self):
        return {**super().initial_values(), "outcome_on": self.facts.on}

    def save(self) -> str:
        data = self.cleaned_data
        self.call(services.record_tb_outcome, self.user, self.case, data["outcome"], data["outcome_on"],
                  version=data.get("version"))
        return _("Episode TBC ditutup.")


class CaseReportForm(RecordForm):
    slug, title, klaster = "laporan-kasus", N("Laporan kasus penyakit menular"), KLASTER_4
    disease = choice(L("Penyakit"), [(c.code, L(c.label)) for c in codes.of_kind(codes.NOTIFIABLE)], required=True)
    onset_on = forms.DateField(label=L("Tanggal mulai sakit"), required=False, widget=DateInput)
    reported_on = day(L("Tanggal lapor"))
    classification = choice(L("Klasifikasi kasus"), [(k, L(v)) for k, v in services.CASE_CLASSES.items()],
                            required=True)
    note = text(L("Catatan"), long=True)
    fieldsets = (("", ("disease", "onset_on", "reported_on", "classification", "note")),)

    def initial_values(self):
        return {"reported_on": self.facts.on, "classification": "suspek"}

    def save(self) -> str:
        data = self.cleaned_data
        self.call(services.record_case_report, self.user, services.CaseReportInput(
            person=self.person, disease=data["disease"], reported_on=data["reported_on"], onset_on=data.get("onset_on"),
            classification=data["classification"], facility=self.facility, note=data.get("note") or "",
            id=self.uid("case")))
        return _("Laporan kasus tercatat.")


# ============================================================================== lintas klaster

LAB_TESTS = ("hb", "glucose_random", "glucose_fasting", "glucose_2h", "hba1c", "cholesterol_total", "hdl", "ldl",
             "triglycerides", "creatinine", "ureum", "urine_protein", "hiv", "sifilis", "hbsag", "tcm", "bta")


class LabRequestForm(RecordForm):
    slug, title = "lab", N("Permintaan laboratorium")
    requested_on = day(L("Tanggal permintaan"))
    tests = forms.MultipleChoiceField(label=L("Pemeriksaan"), required=False, widget=forms.CheckboxSelectMultiple,
                                      choices=[(c, L(codes.label(c, codes.OBSERVATION))) for c in LAB_TESTS])
    specimen = text(L("Spesimen (darah vena, darah kapiler, urin, dahak …)"), max_length=40)
    fieldsets = (("", ("requested_on", "tests", "specimen")),)

    def initial_values(self):
        return {"requested_on": self.facts.on}

    def save(self) -> str:
        data = self.cleaned_data
        self.call(services.record_lab_request, self.user, services.LabRequestInput(
            person=self.person, requested_on=data["requested_on"], tests=tuple(data.get("tests") or ()),
            specimen=data.get("specimen") or "", id=self.uid("lab")))
        return _("Permintaan laboratorium tercatat.")


class LabResultForm(RecordForm):
    """The results of a waiting request (``?permintaan=<id>``, else the oldest): one field per test."""

    slug, title = "hasil-lab", N("Hasil laboratorium")
    resulted_on = day(L("Tanggal hasil"))
    request_id = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def initial_values(self):
        req = self.lab_request()
        return {"resulted_on": self.facts.on, "request_id": req.pk if req else None,
                "version": req.version if req else None}

    def lab_request(self):
        waiting = self.facts.lab_requests
        return next((r for r in waiting if str(r.pk) == str(self.chosen)), waiting[0] if waiting else None)

    def setup(self) -> None:
        req = self.lab_request()
        tests = req.tests if req else []
        for code in tests:
            c = codes.get(code, codes.OBSERVATION) if codes.exists(code, codes.OBSERVATION) else None
            if c is None:
                continue
            label = f"{_(c.label)}" + (f" ({c.unit})" if c.unit else "")
            self.fields[f"r_{code}"] = (choice(label, answers_of(code), required=True) if c.answers
                                        else Number(label=label, required=True))
        self.fieldsets = (("", ("resulted_on", *(f"r_{code}" for code in tests))),)
        if req is not None:
            self.lead = _("Permintaan %(date)s: %(tests)s.") % {
                "date": formats.date_format(req.requested_on),
                "tests": ", ".join(_(codes.label(t, codes.OBSERVATION)) for t in tests if codes.exists(t, codes.OBSERVATION))}

    def save(self) -> str:
        data = self.cleaned_data
        req = next((r for r in self.facts.lab_requests if r.pk == data["request_id"]), None)
        if req is None:
            raise Invalid.field(None, _("Permintaan laboratorium ini sudah selesai atau tidak ada."))
        results = [(code, data[f"r_{code}"]) for code in req.tests if f"r_{code}" in data]
        self.call(services.record_lab_results, self.user, req, data["resulted_on"], results,
                  ids={code: self.uid(code) for code, _v in results}, confirm=self.confirm_codes,
                  version=data.get("version"),
                  at=lambda f: "r_" + f.removeprefix("results.") if f.startswith("results.") else f)
        return _("Hasil laboratorium tercatat.")


@with_fields(**_medicine_fields(5))
class MedicationForm(RecordForm, Visit, Medicines):
    slug, title = "obat", N("Pemberian obat")
    fieldsets = ()

    def setup(self) -> None:
        self.fieldsets = (("", ("on", "place")), *self.medicine_sets(5))

    def sets(self):
        for legend, bound in super().sets():
            yield _medicine_legend(legend), bound

    def save(self) -> str:
        encounter = self.encounter("pengobatan")
        given = self.dispense(encounter, 5)
        if not given:
            raise Invalid.field("m1_name", _("Isi setidaknya satu obat."))
        return _("%(n)s obat tercatat.") % {"n": len(given)}


class DentalForm(ClinicalForm):
    slug, title = "gigi", N("Pemeriksaan gigi dan mulut")
    complaint = text(L("Keluhan"))
    dmft = count(L("DMF-T (gigi tetap berlubang, dicabut, ditambal)"))
    deft = count(L("def-t (gigi susu)"))
    findings = text(L("Temuan (karies, gingivitis, karang gigi …)"), long=True)
    action = text(L("Tindakan (tambal, cabut, scaling, edukasi …)"), long=True)
    fieldsets = (("", ("on", "place", "complaint", "dmft", "deft", "findings", "action")), Referring.REF_SET)

    def save(self) -> str:
        data = self.cleaned_data
        encounter = self.encounter("gigi", complaint=data.get("complaint") or "",
                                   note=_join(data.get("findings") or "", data.get("action") or ""))
        for code in ("dmft", "deft"):
            self.observe(encounter, code)
        self.refer(encounter)
        return _("Pemeriksaan gigi tercatat.")


@with_fields(**_measurement_fields("sbp", "dbp"))
class EmergencyForm(ClinicalForm):
    """An emergency contact: triage colour, complaint, vital signs, action, referral."""

    slug, title = "gawat-darurat", N("Gawat darurat")
    triage = choice(L("Triase"), Triage.choices, required=True)
    complaint = text(L("Keluhan utama"), required=True)
    pulse = count(L("Nadi (/menit)"))
    respiratory_rate = count(L("Frekuensi napas (/menit)"))
    temperature = num(L("Suhu (°C)"))
    action = text(L("Tindakan"), long=True)
    fieldsets = (("", ("on", "place", "triage", "complaint")),
                 (N("Tanda vital"), ("sbp", "dbp", "pulse", "respiratory_rate", "temperature")),
                 (N("Tindakan"), ("action",)), Referring.REF_SET)

    def save(self) -> str:
        data = self.cleaned_data
        encounter = self.encounter("gawat_darurat", complaint=data["complaint"], note=data.get("action") or "",
                                   triage=data["triage"])
        self.measurements(encounter)
        for code in ("pulse", "respiratory_rate", "temperature"):
            self.observe(encounter, code)
        self.refer(encounter)
        return _("Kunjungan gawat darurat tercatat.")


class ConditionForm(RecordForm):
    """A diagnosis: ICD-10 (searched in WHO ICD-10 2019) and, for programme follow-up, the condition."""

    slug, title = "diagnosis", N("Diagnosis (ICD-10)")
    icd10 = forms.CharField(label=L("Kode ICD-10"), required=False, max_length=10,
                            help_text=L("Ketik kode atau nama penyakit, lalu pilih."))
    code = choice(L("Kondisi untuk tindak lanjut program"), [(c.code, L(c.label)) for c in codes.of_kind(codes.CONDITION)])
    since = day(L("Sejak"))
    note = text(L("Catatan"), max_length=300)
    fieldsets = (("", ("icd10", "code", "since", "note")),)

    def initial_values(self):
        return {"since": self.facts.on}

    def setup(self) -> None:
        # Options from WHO ICD-10 as the user types (care/record_icd10_options.html).
        self.fields["icd10"].widget.attrs.update({
            "list": "icd10-options", "autocomplete": "off", "hx-get": reverse("icd10_search"),
            "hx-trigger": "input changed delay:300ms", "hx-target": "#icd10-options"})

    def save(self) -> str:
        data = self.cleaned_data
        record = self.call(services.record_condition, self.user, services.ConditionInput(
            person=self.person, since=data["since"], code=data.get("code") or "", icd10=data.get("icd10") or "",
            note=data.get("note") or "", id=self.uid("condition")))
        return _("Diagnosis %(code)s tercatat.") % {"code": record.icd10 or record.code}


class ReferralForm(RecordForm, Referring):
    slug, title, clinical = "rujukan", N("Rujukan"), False
    on = day(L("Tanggal"))
    fieldsets = (("", ("on", "ref_reason", "ref_to", "ref_other", "ref_urgency")),)

    def setup(self) -> None:
        self.setup_referral(self.user, self.person, clinical=clusters.may_record(self.user, self.person, True))
        self.fields["ref_reason"].required = True
        self.fields["ref_urgency"].initial = "biasa"

    def save(self) -> str:
        if self.refer(None) is None:
            raise Invalid.field("ref_to", _("Pilih satu tujuan rujukan: fasilitas di siklus atau fasilitas lain."))
        return _("Rujukan tercatat.")


class ReferralAnswerForm(RecordForm):
    """The receiving facility's answer to an open referral (``?rujukan=<id>``, else the oldest)."""

    slug, title = "jawab-rujukan", N("Jawaban rujukan")
    referral_id = forms.ChoiceField(label=L("Rujukan"))
    status = choice(L("Status"), [(s, L(label)) for s, label in Referral.Status.choices if s != "dikirim"],
                    required=True)
    answered_on = day(L("Tanggal jawaban"))
    answer = text(L("Jawaban (hasil pemeriksaan dan tindak lanjut)"), long=True, max_length=2000)
    fieldsets = (("", ("referral_id", "status", "answered_on", "answer")),)

    def initial_values(self):
        return {"answered_on": self.facts.on, "status": "dijawab",
                "referral_id": str(self.chosen or (self.facts.referrals[0].pk if self.facts.referrals else ""))}

    def setup(self) -> None:
        self.fields["referral_id"].choices = [
            (str(r.pk), f"{formats.date_format(r.on)} · {r.reason[:60]} → {r.to_facility.name if r.to_facility else r.to_other}")
            for r in self.facts.referrals]

    def save(self) -> str:
        data = self.cleaned_data
        referral = next(r for r in self.facts.referrals if str(r.pk) == data["referral_id"])
        self.call(services.answer_referral, self.user, referral, data["status"], data.get("answered_on"),
                  data.get("answer") or "", version=referral.version)
        return _("Rujukan: %(status)s.") % {"status": Referral.Status(data["status"]).label}


class ImmunizationForm(RecordForm, Visit):
    slug, title, klaster = "imunisasi", N("Imunisasi"), KLASTER_2
    dose = choice(L("Dosis"), [], required=True)
    batch = text(L("Nomor batch"), max_length=40)
    fieldsets = (("", ("on", "place", "dose", "batch")),)

    def setup(self) -> None:
        self.fields["dose"].choices = [("", "—")] + [(c.code, _(c.label)) for c in codes.of_kind(codes.DOSE)]

    def save(self) -> str:
        encounter = self.encounter("imunisasi")
        self.immunize(encounter, self.cleaned_data["dose"], "dose", batch=self.cleaned_data.get("batch") or "")
        return _("Imunisasi %(dose)s tercatat.") % {"dose": _(codes.label(self.cleaned_data["dose"], codes.DOSE))}


class SupplementForm(RecordForm, Visit):
    slug, title, clinical = "suplemen", N("Suplemen (vitamin A, TTD, MMS, obat cacing, PMT)"), False
    kind = choice(L("Jenis"), [(c.code, L(c.label)) for c in codes.of_kind(codes.SUPPLEMENT)], required=True)
    amount = count(L("Jumlah (tablet, sachet, porsi)"))
    fieldsets = (("", ("on", "place", "kind", "amount")),)

    def save(self) -> str:
        encounter = self.encounter(_kader_kind(self.cleaned_data["place"]))
        kind = self.cleaned_data["kind"]
        self.call(services.record_supplement, self.user, services.SupplementInput(
            person=self.person, kind=kind, given_on=self.on, amount=self.cleaned_data.get("amount"),
            encounter=encounter, id=self.uid("supplement")), at={"given_on": "on"})
        return _("%(kind)s tercatat.") % {"kind": _(codes.label(kind, codes.SUPPLEMENT))}


# ------------------------------------------------------------------------------------ registry

FORMS: dict[str, type[RecordForm]] = {f.slug: f for f in (
    PregnancyForm, AncForm, DeliveryForm, NifasForm, NeonatalForm, BalitaForm, SchoolForm, ImmunizationForm,
    CkgForm, ControlForm, SkilasForm, AdlForm, Srq20Form, PumaForm, CancerForm, MeasurementForm, SupplementForm,
    TbPresumptiveForm, TbResultForm, TbTreatmentForm, TbVisitForm, TbOutcomeForm, CaseReportForm,
    LabRequestForm, LabResultForm, MedicationForm, DentalForm, EmergencyForm, ConditionForm, ReferralForm,
    ReferralAnswerForm,
)}
