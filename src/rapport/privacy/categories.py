"""The kinds of protected health information Rapport finds, and how each is tagged.

The categories follow HIPAA Safe Harbor's 18 identifiers (45 CFR 164.514(b)(2)) as they
occur in speech; ``docs/privacy.md`` maps each identifier to a category.
"""

from __future__ import annotations

from enum import StrEnum

from rapport.model import Role


class Category(StrEnum):
    """One kind of PHI; the value is the label used in the test set and in reports."""

    NAME = "NAME"  # people: first names, surnames, nicknames (Safe Harbor A)
    PET = "PET"  # named animals: a family's pet is an identifying characteristic (R)
    DATE = "DATE"  # every element of a date but the year (C)
    AGE = "AGE"  # ages over 89 (C)
    PHONE = "PHONE"  # telephone and fax numbers, extensions (D, E)
    EMAIL = "EMAIL"  # (F)
    URL = "URL"  # (N)
    IP = "IP"  # (O)
    ADDRESS = "ADDRESS"  # streets, towns, cities, counties, zip codes (B)
    FACILITY = "FACILITY"  # named hospitals, clinics, schools, camps, workplaces (B, R)
    RECORD_NUMBER = "RECORD_NUMBER"  # medical record numbers (H)
    ID = "ID"  # SSN, health plan, account, licence, plate, device numbers (G, I-M, R)


#: The tag stem written for each category in "tags" mode, e.g. ``[DATE-3]``.
TAG_STEMS: dict[Category, str] = {
    Category.NAME: "PERSON",
    Category.PET: "PET",
    Category.DATE: "DATE",
    Category.AGE: "AGE",
    Category.PHONE: "PHONE",
    Category.EMAIL: "EMAIL",
    Category.URL: "URL",
    Category.IP: "IP",
    Category.ADDRESS: "PLACE",
    Category.FACILITY: "FACILITY",
    Category.RECORD_NUMBER: "MRN",
    Category.ID: "ID",
}

#: The tag stem for a person, from the role the person holds in the conversation.
PERSON_STEMS: dict[Role, str] = {
    Role.PATIENT: "CHILD",
    Role.PARENT: "PARENT",
    Role.FAMILY: "FAMILY",
    Role.CLINICIAN: "CLINICIAN",
    Role.OTHER: "PERSON",
}

#: Categories whose recall the project commits to (>= 0.95 on the held-out half).
TARGET_CATEGORIES = (
    Category.NAME,
    Category.DATE,
    Category.PHONE,
    Category.RECORD_NUMBER,
    Category.FACILITY,
)
