"""How the SEC writes modification and change request references, and how papers misspell them.

The one place for both formats: the models' constraints and clean(), the API and the pages read them here.
"""

import re

REFERENCE_PATTERN = r"^(SECMP[0-9]{4}|MP[0-9]{3}[A-Z]?|DP[0-9]{3}[A-Z]?)$"
CANONICAL_REFERENCE = re.compile(REFERENCE_PATTERN)
CANONICAL_REFERENCE_HELP = "Write it as the SEC register does: SECMP0062, MP084, MP102A or DP124."
CR_NUMBER_PATTERN = r"^CR[0-9]{3,5}$"
CR_NUMBER = re.compile(CR_NUMBER_PATTERN)
CR_NUMBER_HELP = "Write a DCC Change Request number like CR1145 (leave it empty while TBC)."
SEC_MOD_SPELLING = re.compile(r"^SEC\s*MOD\s*(\d{1,4})$", re.IGNORECASE)


def squash(text: str) -> str:
    """The form aliases are compared in: upper case, no spaces."""
    return re.sub(r"\s+", "", text or "").upper()


def is_canonical_reference(text: str) -> bool:
    return bool(CANONICAL_REFERENCE.match(text or ""))


def normal_cr_number(text: str | None) -> str | None:
    """A CR number as stored: ' cr1145 ' is CR1145; empty is None (TBC)."""
    return (text or "").strip().upper() or None


def is_cr_number(text: str | None) -> bool:
    return bool(CR_NUMBER.match(text or ""))


def spelled_as_sec_mod(text: str) -> str | None:
    """'SEC Mod 62' is how the DCC writes SECMP0062."""
    match = SEC_MOD_SPELLING.match((text or "").strip())
    return f"SECMP{int(match.group(1)):04d}" if match else None
