"""Screening rules of Klaster 3 and the free health check (ILP.md §4.1–§4.3)."""
