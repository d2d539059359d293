"""Care's part of the pages: the person's record section (due list, growth charts, immunization
card, pregnancies, history), contributed to the person page through :mod:`siklus.people.sections`.

Thin: everything shown is read and decided in :mod:`siklus.care.records` and the rules.
"""

from siklus.care import records


def person_section(request, person, today):
    return {"record": records.person_record(request.user, person, today)}
