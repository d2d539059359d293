"""Pages whose cost does not grow with the area (issue 9, item 8; figures in benchmarks/pages.py).

- Indexes: NIK indexed once (the unique index of active NIKs), no B-tree on names that LIKE
  cannot use; name search served by a trigram index (PostgreSQL) or an FTS5 trigram table
  (SQLite); NIK prefix search by a range on the NIK index (SQLite's LIKE cannot use an index);
  "recently registered" by an index on ``created_at``. Each proved with the database's own plan.
- Home counts come from per-desa counters kept current by every write of the people services,
  and equal a fresh COUNT after any mix of creates, moves, NIK edits and voids.
- The API person and household lists page by keyset (``after`` = ``next`` of the last page).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client

from siklus.accounts.models import Role
from siklus.core.actors import system
from siklus.core.scope import Scope
from siklus.people import counts, search_index, services
from siklus.people.models import AreaCount, Household, Person

from ..conftest import DESA, make_user, nik_for

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"


def person(admin, household, name, *, nik="", birth=date(1980, 1, 1), sex="P", serial=None):
    if serial is not None:
        nik = nik_for(household.desa_id, birth, sex, serial)
    return services.register_person(admin, services.PersonInput(
        household=household, name=name, sex=sex, birth_date=birth, relation="lainnya", nik=nik,
    ), confirm_duplicate=True)


def household(admin, desa, head="Kepala"):
    return services.register_household(admin, services.HouseholdInput(desa=desa, head_name=head, address="Jalan 1"))


def fresh_counts() -> dict[str, dict[str, int]]:
    """Counted from the records, the slow way the home page used to."""
    out: dict[str, dict[str, int]] = {}
    for h in Household.objects.active():
        out.setdefault(h.desa_id, dict.fromkeys(counts.FIELDS, 0))["households"] += 1
    for p in Person.objects.active().select_related("household"):
        row = out.setdefault(p.household.desa_id, dict.fromkeys(counts.FIELDS, 0))
        row["persons"] += 1
        row["without_nik"] += not p.nik
    return out


def stored_counts() -> dict[str, dict[str, int]]:
    return {c.desa_code: {f: getattr(c, f) for f in counts.FIELDS} for c in AreaCount.objects.all()
            if any(getattr(c, f) for f in counts.FIELDS)}


def plan(queryset) -> str:
    """The database's plan for the queryset (PostgreSQL: sequential scans off, so that on a tiny
    table the plan shows which index can serve the query at all)."""
    if POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


# --- indexes --------------------------------------------------------------------------------------


def _indexes(table: str) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {name: c["columns"] for name, c in constraints.items() if c["index"] or c["unique"]}


def test_nik_is_indexed_once_and_names_only_where_a_lookup_uses_them(db):
    """Issue 9: people_person carried 16 indexes on PostgreSQL, NIK three times (plain,
    varchar_pattern_ops, the unique index of active NIKs). The unique one serves both exact and
    prefix (range) lookups; name order is (name, id); name search the trigram/FTS index."""
    indexes = _indexes("people_person")
    assert [name for name, columns in indexes.items() if "nik" in columns] == ["person_unique_active_nik"]
    assert [columns for columns in indexes.values() if "name" in columns] == [["name", "id"]]
    assert [columns for columns in indexes.values() if columns == ["created_at"]] == [["created_at"]]
    btree_name_key = [n for n, columns in indexes.items() if "name_key" in columns and n != search_index.PG_INDEX]
    assert btree_name_key == []
    if POSTGRES:
        assert search_index.PG_INDEX in indexes
    assert len(indexes) <= 13, sorted(indexes)
    assert [columns for columns in _indexes("people_household").values() if "head_name" in columns] == [["head_name", "id"]]


def test_nik_prefix_search_uses_the_nik_index_on_both_databases(world):
    """SQLite's LIKE is case-insensitive and cannot use an index: the prefix is a range. (The
    whole-country actor: no area filter offers another index on a table of six rows.)"""
    results = services.search_persons(system("t"), "6202014101", limit=None)
    if POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off")  # else an ordered scan of (name, id) qualifies too
    text = plan(results)
    assert "person_unique_active_nik" in text, text


@pytest.mark.parametrize("query", ["warga", "ibu warga", "Warga Ibu A"])
def test_name_search_uses_the_trigram_or_fts_index(world, query):
    results = services.search_persons(system("t"), query, limit=None)
    if POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off")  # else an ordered scan of (name, id) qualifies too
    text = plan(results)
    assert (search_index.PG_INDEX if POSTGRES else f"{search_index.FTS} VIRTUAL TABLE INDEX") in text, text


def test_recently_registered_reads_the_created_at_index(world):
    text = plan(Person.objects.visible_to(system("t")).active().order_by("-created_at")[:8])
    assert "person_created_at" in text, text


# --- search results -------------------------------------------------------------------------------


def test_nik_search_finds_exact_and_prefix_and_nothing_past_16_digits(world):
    a = world["A"]
    dinkes = a.users["dinkes_kab"]
    nik = a.mother.nik
    assert list(services.search_persons(dinkes, nik)) == [a.mother]
    assert list(services.search_persons(dinkes, f"{nik[:6]}.{nik[6:12]}.{nik[12:]}")) == [a.mother]
    assert a.mother in services.search_persons(dinkes, nik[:6])
    assert list(services.search_persons(dinkes, nik + "1")) == []
    # A prefix is the range [prefix, prefix + 1): its top and the next prefix's bottom.
    top, next_bottom, nines = (person(a.users["kader"], a.household, f"Nina {i}", birth=date(1999, 9, i + 1))
                               for i in range(3))
    Person.objects.filter(pk=top.pk).update(nik="6202019999999999")
    Person.objects.filter(pk=next_bottom.pk).update(nik="6202020000000000")
    Person.objects.filter(pk=nines.pk).update(nik="9999999999999999")  # no upper bound above all nines
    found = set(services.search_persons(system("t"), "620201"))
    assert top in found and a.mother in found and next_bottom not in found
    assert list(services.search_persons(system("t"), "620202")) == [next_bottom]
    assert list(services.search_persons(system("t"), "999999")) == [nines]


def test_name_search_matches_every_word_in_any_order_short_words_too(world):
    a, b = world["A"], world["B"]
    dinkes = a.users["dinkes_kab"]
    assert set(services.search_persons(dinkes, "warga ibu")) == {a.mother, b.mother}
    ng, ny = (person(a.users["kader"], a.household, name) for name in ("Siti Ng", "Siti Ny"))
    assert list(services.search_persons(dinkes, "ny siti")) == [ny]  # "ny": under 3 letters, no trigram
    assert list(services.search_persons(dinkes, "  SITI   Ng ")) == [ng]
    assert list(services.search_persons(dinkes, 'ibu" OR "anak')) == []  # no FTS syntax from users
    assert list(services.search_persons(dinkes, "xyz")) == []
    assert world["C"].mother not in services.search_persons(dinkes, "warga")  # another kabupaten
    assert list(services.search_persons(dinkes, "w" * 50_000)) == []


def test_name_search_follows_name_edits_and_voids(world):
    a = world["A"]
    kader = a.users["kader"]
    services.update_person(kader, a.mother, services.PersonChanges(name="Sulastri Wulandari"))
    assert list(services.search_persons(kader, "wulandari")) == [a.mother]
    assert a.mother not in services.search_persons(kader, "ibu warga")
    services.void(kader, a.child, "salah input data")
    assert a.child not in services.search_persons(kader, "anak warga")


@pytest.mark.skipif(POSTGRES, reason="the FTS5 table and its triggers are SQLite's")
def test_a_table_rebuild_that_drops_the_triggers_is_repaired_after_migrate(world):
    """Django rebuilds a SQLite table to alter a column; dropping the old table drops the
    triggers that keep the FTS table current. post_migrate puts them back and reindexes."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {search_index.TRIGGERS[0]}")
        cursor.execute(f"DELETE FROM {search_index.FTS}")  # as stale as after a rebuild
    assert search_index.ensure(connection) is True
    assert search_index.ensure(connection) is False
    assert world["A"].mother in services.search_persons(world["A"].users["kader"], "ibu warga")
    added = person(world["A"].users["kader"], world["A"].household, "Dewi Anggraini")
    assert list(services.search_persons(world["A"].users["kader"], "anggraini")) == [added]


# --- counters -------------------------------------------------------------------------------------


def test_counters_equal_a_fresh_count_after_creates_moves_nik_edits_and_voids(world):
    a, b, c = world["A"], world["B"], world["C"]
    admin = system("test")
    assert stored_counts() == fresh_counts()
    h1 = household(admin, a.desa, "Keluarga Satu")
    h2 = household(admin, b.desa, "Keluarga Dua")
    p1 = person(admin, h1, "Tanpa Nik Satu")
    p2 = person(admin, h1, "Dengan Nik Dua", serial=901)
    p3 = person(admin, h2, "Tanpa Nik Tiga", birth=date(1981, 2, 2))
    assert stored_counts() == fresh_counts()
    services.update_person(admin, p1, services.PersonChanges(nik=nik_for(a.desa.code, date(1980, 1, 1), "P", 902)))
    services.update_person(admin, p2, services.PersonChanges(nik=None))
    assert stored_counts() == fresh_counts()
    services.update_person(admin, p3, services.PersonChanges(household=h1))  # to another desa
    services.update_person(admin, p1, services.PersonChanges(household=h2, name="Pindah Satu"))
    assert stored_counts() == fresh_counts()
    services.update_household(admin, h1, services.HouseholdChanges(desa=c.desa))  # with its members
    assert stored_counts() == fresh_counts()
    services.void(admin, p2, "tercatat dua kali")
    services.void(admin, p3, "tercatat dua kali")
    services.void(admin, h1, "keluarga tercatat dua kali")
    services.void(admin, a.child, "tercatat dua kali")
    assert stored_counts() == fresh_counts()
    assert AreaCount.objects.get(desa_code=c.desa.code).households == 1  # its own; h1 voided
    # A refresh from the records agrees with what the writes kept.
    kept = stored_counts()
    assert counts.refresh() >= 3
    assert stored_counts() == kept


def test_a_desa_without_a_counter_row_starts_from_its_records(world):
    a = world["A"]
    AreaCount.objects.all().delete()
    person(system("t"), a.household, "Orang Baru")
    assert stored_counts()[a.desa.code] == fresh_counts()[a.desa.code]


def test_home_counts_per_role_equal_counting_the_records(world, admin):
    a = world["A"]
    person(admin, a.household, "Tanpa Nik Lagi")
    users = {**a.users, "admin": admin, "prov": make_user("prov", Role.DINKES_PROV, area="62")}
    for role, user in users.items():
        persons = Person.objects.visible_to(user).active()
        expected = {"households": Household.objects.visible_to(user).active().count(), "persons": persons.count(),
                    "without_nik": sum(1 for p in persons if not p.nik)}
        assert services.home_counts(user) == expected, role


def test_a_scope_narrower_than_a_desa_is_counted_from_the_records(world):
    rw = DESA["A"] + ".RW002"
    assert counts.totals(Scope(prefixes=(rw,))) is None
    assert counts.totals(Scope(prefixes=(DESA["A"],))) == {"households": 1, "persons": 2, "without_nik": 1}


def test_the_home_page_shows_the_counters(world, client_for):
    AreaCount.objects.filter(desa_code=DESA["A"]).update(persons=4321)
    body = client_for(world["A"].users["kader"]).get("/").content.decode()
    assert "4.321" in body or "4,321" in body or "4321" in body


def test_synth_refreshes_the_counters_of_what_it_bulk_loads(loaded_areas):
    from siklus.synth import generator

    generator.generate(preset=generator.resolve(preset="kotim", persons=300), seed=3, months=0)
    assert sum(c["persons"] for c in stored_counts().values()) >= 300
    assert stored_counts() == fresh_counts()
    generator.remove("62.02")
    assert stored_counts() == fresh_counts() == {}


def test_the_desa_page_shows_each_households_active_members(world, client_for):
    a = world["A"]
    services.void(a.users["kader"], a.child, "salah input data")
    response = client_for(a.users["kader"]).get(f"/wilayah/{a.desa.code}/")
    shown = [h for _template, ctx in response.context["sections"] if "households" in ctx for h in ctx["households"]]
    assert [(h, h.n) for h in shown] == [(a.household, 1)]


# --- keyset pagination ------------------------------------------------------------------------------


def api(token_for, user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")


def walk(client, path, **params):
    pages, after = [], None
    while True:
        body = client.get(path, {**params, **({"after": after} if after else {})}).json()
        pages.append(body)
        after = body["next"]
        if after is None:
            return pages


def test_api_persons_page_by_cursor_in_name_order_without_counting(world, admin, token_for):
    a = world["A"]
    for i in range(5):
        person(admin, a.household, f"Warga Tambahan {i}", birth=date(1970 + i, 1, 1))
    client = api(token_for, admin)
    pages = walk(client, "/api/v1/persons", limit=2)
    rows = [item for page in pages for item in page["items"]]
    expected = list(Person.objects.active().order_by("name", "id").values_list("id", flat=True))
    assert [r["id"] for r in rows] == [str(pk) for pk in expected]
    assert all(len(p["items"]) == 2 for p in pages[:-1]) and pages[-1]["next"] is None
    assert all(p["count"] is None for p in pages)
    assert client.get("/api/v1/persons", {"limit": 2, "count": "true"}).json()["count"] == len(expected)
    # The old offset still answers (deprecated).
    assert [r["id"] for r in client.get("/api/v1/persons", {"limit": 2, "offset": 2}).json()["items"]] == [r["id"] for r in rows[2:4]]


def test_a_cursor_of_equal_names_continues_by_id(world, admin, token_for):
    a = world["A"]
    for i in range(4):
        person(admin, a.household, "Nama Sama", birth=date(1960 + i, 1, 1))
    ids = [r["id"] for page in walk(api(token_for, admin), "/api/v1/persons", q="nama sama", limit=1) for r in page["items"]]
    assert ids == sorted(ids) and len(ids) == 4


def test_api_households_page_by_cursor(world, admin, token_for):
    for i in range(3):
        household(admin, world["B"].desa, f"Kepala {i}")
    pages = walk(api(token_for, admin), "/api/v1/households", limit=2)
    names = [(r["head_name"], r["id"]) for page in pages for r in page["items"]]
    assert names == sorted(names) and len(names) == Household.objects.active().count()


@pytest.mark.parametrize("cursor", ["nonsense", "W10", "WyJhIl0", "WyJhIiwgbnVsbF0"])
def test_a_bad_cursor_is_a_422(world, token_for, cursor):
    response = api(token_for, world["A"].users["kader"]).get("/api/v1/persons", {"after": cursor})
    assert response.status_code == 422


def test_a_cursor_does_not_widen_the_scope(world, token_for):
    """A cursor is only a position: the list stays the user's."""
    a = world["A"]
    ids = [r["id"] for page in walk(api(token_for, a.users["kader"]), "/api/v1/persons", limit=1) for r in page["items"]]
    assert set(ids) == {str(a.mother.pk), str(a.child.pk)}


@pytest.mark.parametrize("role", ["kader", "kepala", "dinkes_kab"])
def test_recently_registered_is_newest_first_in_every_scope(world, client_for, role):
    """A desa or Puskesmas scope orders by an expression (filter by area first); a kabupaten
    reads the created_at index: the list is the same either way."""
    a = world["A"]
    first = person(a.users["kader"], a.household, "Warga Lama")
    last = person(a.users["kader"], a.household, "Warga Baru")
    recent = client_for(a.users[role]).get("/").context["recent"]
    assert recent[:2] == [last, first]
