"""No service grants anything without an actor (ARCHITECTURE.md: services take an actor and
refuse without one; jobs act as an explicit system actor).

Every public function of every app's ``services`` module whose first parameter is the actor is
called with no actor — and with an anonymous user — and must raise ``PermissionError`` before it
looks at anything else. A new service is covered the day it is written.
"""

import importlib
import inspect
import pkgutil

import pytest
from django.contrib.auth.models import AnonymousUser

import siklus

ACTOR_NAMES = ("actor", "user")


def services():
    found = []
    for module_info in pkgutil.iter_modules(siklus.__path__):
        try:
            module = importlib.import_module(f"siklus.{module_info.name}.services")
        except ModuleNotFoundError:
            continue
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            params = list(inspect.signature(function).parameters.values())
            if params and params[0].name in ACTOR_NAMES:
                found.append(pytest.param(function, id=f"{module_info.name}.{name}"))
    return found


def call_without(function, actor):
    params = list(inspect.signature(function).parameters.values())[1:]
    args = [None for p in params if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    kwargs = {p.name: None for p in params if p.default is p.empty and p.kind == p.KEYWORD_ONLY}
    return function(actor, *args, **kwargs)


def test_the_services_of_every_app_are_found():
    names = {p.id for p in services()}
    assert {"areas.add_sub_area", "areas.load", "facilities.create_facility", "facilities.set_ilp_status",
            "facilities.add_kader", "people.register_person", "people.void"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("function", services())
@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["no actor", "anonymous"])
def test_a_service_refuses_to_run_without_an_actor(function, actor):
    with pytest.raises(PermissionError):
        call_without(function, actor)
