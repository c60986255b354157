"""Rapport: see, measure and strengthen therapeutic alliance in cancer care."""

__version__ = "0.1.0"
