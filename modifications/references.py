"""How the SEC writes modification and change request references, and how papers misspell them."""

import re

CANONICAL_REFERENCE = re.compile(r"^(SECMP\d{4}|MP\d{3}[A-Z]?|DP\d{3}[A-Z]?)$")
CANONICAL_REFERENCE_HELP = "Write it as the SEC register does: SECMP0062, MP084, MP102A or DP124."
CR_NUMBER = re.compile(r"^CR\d{3,5}$")
CR_NUMBER_HELP = "Write a DCC Change Request number like CR1145 (leave it empty while TBC)."
SEC_MOD_SPELLING = re.compile(r"^SEC\s*MOD\s*(\d{1,4})$", re.IGNORECASE)


def squash(text: str) -> str:
    """The form aliases are compared in: upper case, no spaces."""
    return re.sub(r"\s+", "", text or "").upper()


def is_canonical_reference(text: str) -> bool:
    return bool(CANONICAL_REFERENCE.match(text or ""))


def spelled_as_sec_mod(text: str) -> str | None:
    """'SEC Mod 62' is how the DCC writes SECMP0062."""
    match = SEC_MOD_SPELLING.match((text or "").strip())
    return f"SECMP{int(match.group(1)):04d}" if match else None
