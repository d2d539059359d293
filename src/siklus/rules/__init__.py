"""Clinical and programme rules of ILP.

Pure Python (plus numpy): no Django, no database, no siklus imports outside this package.
Every table that Kemenkes may revise lives in a :class:`~siklus.rules.versioning.Versioned`
table; every fact tagged [M] (unverified) in ILP.md is a :mod:`~siklus.rules.config` setting
that a deployment can change.
"""
