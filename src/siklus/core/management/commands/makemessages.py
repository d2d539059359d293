"""makemessages that also finds the msgids marked through an alias of gettext_noop/gettext_lazy
(``N``, ``N_``, ``_noop``, ``L``: forms, dashboards, the kader app's texts, audit history).
xgettext only knows Django's own names, so these msgids never reached the catalogue and their
English in scripts/translations/ was never used: the English pages showed them in Indonesian."""

from django.core.management.commands import makemessages

ALIASES = ("N", "N_", "_noop", "L")


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, *(f"--keyword={name}" for name in ALIASES)]
