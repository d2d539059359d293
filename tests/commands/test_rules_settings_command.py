"""``siklus rules-settings`` and the Django-side loader of SIKLUS_RULES / SIKLUS_RULES_BY_AREA.

The command lists every setting with its default and source (what a deployment may change);
``--area CODE`` shows the value in force there and which layer gave it; ``--explain`` turns a
stored signature back into settings. Areas: Kotawaringin Timur 62.02 (desa Palangan
62.02.01.2003) and its neighbour Kotawaringin Barat 62.01 (desa Candi 62.01.01.1011).
"""

import json
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from siklus.commands.rules_settings import main
from siklus.core import rulesettings
from siklus.rules import config

JE = "immunization.je_endemic"
HORIZON = "due.horizon_days"


@pytest.fixture(autouse=True)
def restore_configuration():
    saved = config.configured()
    yield
    config.configure(*saved)


@pytest.fixture
def deployment(settings, monkeypatch):
    """A provincial server: due lists look 14 days ahead everywhere; Kotim is JE endemic."""
    monkeypatch.delenv("SIKLUS_RULES", raising=False)
    monkeypatch.delenv("SIKLUS_RULES_BY_AREA", raising=False)
    settings.SIKLUS_RULES = {HORIZON: 14}
    settings.SIKLUS_RULES_BY_AREA = {"62.02": {JE: True}}
    return settings


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def block(out: str, name: str) -> list[str]:
    """The lines of one setting in the listing: its headline and the indented lines below it."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{name} = "))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")), len(lines))
    return lines[start:end]


def test_the_listing_shows_defaults_sources_and_what_the_deployment_changed(capsys, deployment):
    code, out, err = run(capsys)
    assert (code, err) == (0, "")
    assert out.endswith(f"\n{len(config.declared())} pengaturan aturan.\n")
    je = block(out, JE)
    assert je[:2] == [f"{JE} = False", "    wilayah 62.02: True"]
    assert je[-1] == "    sumber: ILP.md §3.2 (JE 'endemic areas only'), §3.3"
    assert block(out, HORIZON)[:2] == [f"{HORIZON} = 30", "    server: 14"]
    assert block(out, "immunization.idl_basket")[0] == "immunization.idl_basket = 'idl-klasik'"
    assert block(out, "immunization.idl_basket")[1].startswith("    Which IDL")  # nothing configured: no value lines


def test_area_shows_the_effective_value_and_where_it_comes_from(capsys, deployment):
    code, out, err = run(capsys, "--area", "62.02.01.2003")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"Pengaturan aturan yang berlaku untuk wilayah 62.02.01.2003 (tanda: {config.signature('62.02.01.2003')})"
    assert block(out, JE)[:2] == [f"{JE} = True  [pengaturan wilayah 62.02]", "    bawaan: False"]
    assert block(out, HORIZON)[:2] == [f"{HORIZON} = 14  [pengaturan server (SIKLUS_RULES)]", "    bawaan: 30"]
    assert block(out, "immunization.idl_basket")[0] == "immunization.idl_basket = 'idl-klasik'  [bawaan aturan]"
    assert lines[-1] == "2 berbeda dari bawaan di wilayah 62.02.01.2003."


def test_next_door_the_kabupaten_value_does_not_apply(capsys, deployment):
    _, out, _ = run(capsys, "--area", "62.01.01.1011")
    assert block(out, JE)[0] == f"{JE} = False  [bawaan aturan]"
    assert out.splitlines()[-1] == "1 berbeda dari bawaan di wilayah 62.01.01.1011."


def test_json_with_an_area_gives_value_and_origin(capsys, deployment):
    code, out, _ = run(capsys, "--json", "--area", "62.02.01")
    rows = {row["name"]: row for row in json.loads(out)}
    assert code == 0 and len(rows) == len(config.declared())
    assert {k: rows[JE][k] for k in ("default", "value", "origin", "origin_area")} == {
        "default": False, "value": True, "origin": "area", "origin_area": "62.02"}
    assert (rows[HORIZON]["value"], rows[HORIZON]["origin"]) == (14, "deployment")


def test_json_without_an_area_lists_the_configured_layers(capsys, deployment):
    _, out, _ = run(capsys, "--json")
    rows = {row["name"]: row for row in json.loads(out)}
    assert (rows[JE]["deployment"], rows[JE]["areas"]) == (None, {"62.02": True})
    assert (rows[HORIZON]["deployment"], rows[HORIZON]["areas"]) == (14, {})


def test_explain_turns_a_signature_back_into_settings(capsys, deployment):
    config.configure({}, {})  # as in a fresh process: the command loads the deployment itself
    _, out, _ = run(capsys, "--area", "62.02.01.2003")
    signature = out.splitlines()[0].split("tanda: ")[1].rstrip(")")
    code, out, _ = run(capsys, "--explain", signature)
    assert code == 0
    assert out.splitlines() == [f"{signature}:", f"    {HORIZON} = 14", f"    {JE} = True"]
    assert run(capsys, "--explain", "default")[1] == "default: semua pengaturan aturan bernilai bawaan.\n"
    code, out, err = run(capsys, "--explain", "s:00000000")
    assert (code, out) == (1, "")
    assert "s:00000000 tidak dikenal" in err


def test_a_refused_deployment_value_is_reported_naming_setting_and_area(capsys, deployment):
    deployment.SIKLUS_RULES_BY_AREA = {"62.02": {JE: "ya"}}
    code, out, err = run(capsys)
    assert (code, out) == (2, "")
    assert err == (f"siklus rules-settings: rule setting {JE!r} for area 62.02 (SIKLUS_RULES_BY_AREA): "
                   "expected bool, got str 'ya' (default False)\n")


def test_an_area_that_is_not_a_code_is_a_usage_error(capsys, deployment):
    with pytest.raises(SystemExit) as exit_:
        main(["--area", "62.02."])
    assert exit_.value.code == 2
    assert "not an area code: '62.02.'" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------
# The loader
# --------------------------------------------------------------------------------------------


def test_the_loader_merges_the_json_environment_variables_over_the_settings():
    settings = SimpleNamespace(SIKLUS_RULES={HORIZON: 14, "due.ckg_window_months": 2},
                               SIKLUS_RULES_BY_AREA={"62.02": {JE: True, HORIZON: 21}})
    environ = {"SIKLUS_RULES": json.dumps({HORIZON: 7}),
               "SIKLUS_RULES_BY_AREA": json.dumps({"62.02": {HORIZON: 10}, "62.01": {JE: True}})}
    values, by_area = rulesettings.read(settings, environ)
    assert values == {HORIZON: 7, "due.ckg_window_months": 2}
    assert by_area == {"62.02": {JE: True, HORIZON: 10}, "62.01": {JE: True}}
    assert rulesettings.read(SimpleNamespace(), {}) == ({}, {})  # neither set: nothing changes


@pytest.mark.parametrize("environ, message", [
    ({"SIKLUS_RULES": "{due.horizon_days: 7}"}, "environment variable SIKLUS_RULES is not valid JSON"),
    ({"SIKLUS_RULES_BY_AREA": "[1]"}, "environment variable SIKLUS_RULES_BY_AREA must hold a JSON object"),
    ({"SIKLUS_RULES_BY_AREA": '{"62.02": true}'}, "SIKLUS_RULES_BY_AREA['62.02'] (environment) must be a JSON object"),
    ({"SIKLUS_RULES_BY_AREA": '{"62.2": {}}'}, "'62.2' is not a Kemendagri area code"),
    ({"SIKLUS_RULES": '{"due.horizon_days": "7"}'}, "rule setting 'due.horizon_days' for the deployment"),
])
def test_the_loader_refuses_bad_values_as_improperly_configured(environ, message):
    with pytest.raises(ImproperlyConfigured) as error:
        rulesettings.load(SimpleNamespace(), environ)
    assert message in str(error.value)


def test_django_start_up_applies_the_deployment_and_area_values():
    """CoreConfig.ready routes SIKLUS_RULES and SIKLUS_RULES_BY_AREA through the loader."""
    code = (
        "import django; django.setup()\n"
        "from siklus.rules import config\n"
        f"print(config.get({HORIZON!r}), config.get({JE!r}, area='62.02.01.2003'), config.get({JE!r}, area='62.01'))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "siklus.settings", "SIKLUS_RULES": json.dumps({HORIZON: 14}),
           "SIKLUS_RULES_BY_AREA": json.dumps({"62.02": {JE: True}})}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out == "14 True False\n"


def test_the_siklus_command_reads_the_environment_without_a_database(tmp_path):
    env = {**os.environ, "SIKLUS_RULES_BY_AREA": json.dumps({"62.02": {JE: True}}),
           "DATABASE_URL": f"sqlite:///{tmp_path}/absent/none.db"}  # a database that cannot exist
    out = subprocess.run([sys.executable, "-m", "siklus.cli", "rules-settings", "--area", "62.02.01.2003"],
                         env=env, capture_output=True, text=True, check=True).stdout
    assert f"{JE} = True  [pengaturan wilayah 62.02]" in out.splitlines()
