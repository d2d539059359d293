"""The catalogue's numerator, denominator and note texts are translated like every other text:
each has its English in scripts/translations/, and an English dashboard shows them in English,
the note (why a figure is 0 on synthetic data) beside the figure it explains.

English assertions use the translations of scripts/translations/ (this task's:
monitoring_texts.py), added to the English catalogue here until the integrator compiles it."""

import html
import re

import pytest
from django.urls import reverse

from scripts.translations import EN
from siklus.monitoring import catalogue
from tests.monitoring.conftest import YEAR

KAB = "62.02"


def texts_of(indicator) -> list[str]:
    return [t for t in (indicator.numerator_text, indicator.denominator_text, indicator.extra.get("note"))
            if t and t != "—"]


def test_every_numerator_denominator_and_note_has_its_english():
    missing = sorted({t for i in catalogue.INDICATORS for t in texts_of(i) if t not in EN})
    assert not missing


@pytest.fixture
def dinkes(kotim, client_for):
    from siklus.accounts.models import Role

    return client_for(next(u for u in kotim.users if u.role == Role.DINKES_KAB))


@pytest.fixture
def english():
    from django.utils import translation
    from django.utils.translation import trans_real

    catalogue_en = trans_real.translation("en")._catalog
    for msgid, msgstr in EN.items():
        if msgid not in catalogue_en:
            catalogue_en[msgid] = msgstr
    yield
    translation.activate("id")


def page(client, slug, indicator) -> str:
    response = client.get(reverse("dashboard_area", kwargs={"code": KAB, "board": slug}),
                          {"tahun": YEAR, "indikator": indicator})
    assert response.status_code == 200
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.django_db
def test_the_english_dashboard_shows_english_numerator_and_denominator(dinkes, english):
    dinkes.post(reverse("set_language"), {"language": "en", "next": "/"})
    k1 = page(dinkes, "klaster-2", "k1")
    assert "Numerator: Pregnant women with the first ANC visit of the pregnancy" in k1
    assert "Denominator: Target pregnant women" in k1
    assert "Ibu hamil dengan kunjungan ANC pertama" not in k1 and "Sasaran ibu hamil" not in k1
    dpt = page(dinkes, "klaster-2", "imm_dpt_hb_hib3")
    assert "Numerator: Children given DPT-HB-Hib3" in dpt


@pytest.mark.django_db
def test_the_note_of_a_figure_shows_beside_it_in_the_users_language(dinkes, english):
    note = catalogue.get("spm_balita").extra["note"]
    indonesian = page(dinkes, "spm", "spm_balita")
    assert indonesian.count(note) == 2  # the focus card and the summary row
    dinkes.post(reverse("set_language"), {"language": "en", "next": "/"})
    english_page = page(dinkes, "spm", "spm_balita")
    assert english_page.count(EN[note]) == 2 and note not in english_page
    # An indicator without a note shows none in its card.
    assert "on synthetic data" not in page(dinkes, "klaster-2", "k1").split("Numerator:")[1].split("Target")[0]
