"""siklus: the open information system for Indonesia's Integrasi Layanan Primer (ILP)."""

__version__ = "0.1.0"
