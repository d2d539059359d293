"""Forms of the area pages. They only shape input; the services validate and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from siklus.core.limits import no_silent_cut


class SubAreaForm(forms.Form):
    level = forms.ChoiceField(label=_("Tingkat"), choices=[("dusun", _("Dusun")), ("rw", _("RW")), ("rt", _("RT"))])
    # No 3-letter form limit: the service answers "9999" with "Nomor harus angka 1–999" (a browser
    # maxlength cut it to 999 without a word).
    number = forms.CharField(label=_("Nomor"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    name = forms.CharField(label=_("Nama (opsional)"), required=False, max_length=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        no_silent_cut(self)
