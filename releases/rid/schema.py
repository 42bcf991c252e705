"""Reading frozen snapshots of any schema: an older baseline is read as the current shape, never rewritten."""

import copy

from ..models.narrative import parse_blocks, run_on


def readable(snapshot: dict) -> dict:
    """The snapshot in the current shape, for the HTML, the PDF and the DOCX; the stored JSON is untouched."""
    if snapshot.get("schema", 1) >= 2:
        return snapshot
    upgraded = copy.deepcopy(snapshot)
    # Schema 1 kept the modification's summary as one text and no narrative paragraphs.
    for row in upgraded["scope"]["approved"] + upgraded["scope"]["targeted"]:
        row["description"], row["description_points"] = run_on(parse_blocks(row.get("summary", "")))
    for cr in upgraded["scope"]["change_requests"]:
        cr["description"], cr["description_points"] = run_on(parse_blocks(cr.get("description", "")))
    release = upgraded["cover"]["release"]
    # Schema 1 did not say which locks were recorded: it shows the dates without a claim either way.
    release.setdefault("system_scope_lock_recorded", None)
    release.setdefault("document_scope_lock_recorded", None)
    upgraded.setdefault("narrative", {})
    return upgraded
