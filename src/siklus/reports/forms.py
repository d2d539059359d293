from django import forms
from django.utils.translation import gettext_lazy as _

from siklus.reports.registers import REGISTERS

MONTH = forms.TextInput(attrs={"type": "month", "placeholder": "2026-11", "pattern": r"\d{4}-\d{2}"})


class RegisterForm(forms.Form):
    jenis = forms.ChoiceField(label=_("Register"), choices=[(k, _(title)) for k, (title, _what) in REGISTERS.items()])
    dari = forms.CharField(label=_("Dari bulan"), required=False, widget=MONTH)
    sampai = forms.CharField(label=_("Sampai bulan"), required=False, widget=MONTH,
                             help_text=_("Kosong: bulan yang sama. Paling banyak 12 bulan."))


class MonthlyForm(forms.Form):
    bulan = forms.CharField(label=_("Bulan"), required=False, widget=MONTH, help_text=_("Kosong: bulan ini."))
