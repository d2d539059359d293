"""Forms of the area pages. They only shape input; the services validate and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SubAreaForm(forms.Form):
    level = forms.ChoiceField(label=_("Tingkat"), choices=[("dusun", _("Dusun")), ("rw", _("RW")), ("rt", _("RT"))])
    number = forms.CharField(label=_("Nomor"), max_length=3, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    name = forms.CharField(label=_("Nama (opsional)"), required=False, max_length=120)
