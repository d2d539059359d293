"""The offline kader app (issue #16): the installable web app served at ``/kader/`` — its shell,
manifest, service worker, the WHO tables and rule settings its z-scores use, and its texts.

The app itself is JavaScript under ``static/kader/``; it syncs through ``/api/v1/sync/`` (the
``sync`` app). Nothing here decides anything clinical: the phone's instant feedback is computed
from the very tables and settings :mod:`siklus.rules.anthropometry` uses, exported by
:mod:`siklus.kader.anthro_export`, and the server recomputes every stored value anyway.
"""
