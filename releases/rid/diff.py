"""What changed between two RID snapshots: a pure function of the two dicts, no database."""

SCOPE_FIELDS = {
    "inclusion_label": "Inclusion",
    "cut_off_date": "Cut-off date",
    "fall_back_release": "Fall-back release",
    "status_note": "Current status",
    "exception_approved_on": "Exception approved on",
}


def compare(old: dict, new: dict) -> dict:
    """Added, removed and changed scope items, moved dates, changed costs and criteria from `old` to `new`."""
    result = {
        "from": version_of(old),
        "to": version_of(new),
        "scope": compare_scope(old, new),
        "change_requests": compare_keyed(
            {cr["number"] + " " + cr["title"]: cr for cr in old["scope"]["change_requests"]},
            {cr["number"] + " " + cr["title"]: cr for cr in new["scope"]["change_requests"]},
        ),
        "dates": compare_dates(old, new),
        "costs": compare_costs(old["costs"], new["costs"]),
        "criteria": compare_criteria(old, new),
    }
    result["has_changes"] = any(
        [
            result["scope"]["added"],
            result["scope"]["removed"],
            result["scope"]["changed"],
            result["change_requests"]["added"],
            result["change_requests"]["removed"],
            result["dates"]["implementation_date"],
            result["dates"]["timetable"],
            result["costs"],
            result["criteria"]["added"],
            result["criteria"]["removed"],
            result["criteria"]["changed"],
        ]
    )
    return result


def version_of(snapshot: dict) -> str | None:
    version = snapshot["cover"].get("version")
    return version["version"] if version else None


def scope_rows(snapshot: dict) -> dict:
    rows = snapshot["scope"]["approved"] + snapshot["scope"]["targeted"]
    return {row["key"]: row for row in rows}


def compare_scope(old: dict, new: dict) -> dict:
    before, after = scope_rows(old), scope_rows(new)
    changed = []
    for key in after:
        if key not in before:
            continue
        changes = field_changes(before[key], after[key], SCOPE_FIELDS)
        if changes:
            changed.append({"item": key, "title": after[key]["title"], "changes": changes})
    return {
        "added": [summary(after[key]) for key in after if key not in before],
        "removed": [summary(before[key]) for key in before if key not in after],
        "changed": changed,
    }


def summary(row: dict) -> dict:
    return {
        "item": row["key"],
        "title": row["title"],
        "inclusion": row["inclusion_label"],
        "cut_off_date": row["cut_off_date"],
    }


def field_changes(before: dict, after: dict, fields: dict) -> list[dict]:
    return [
        {"field": label, "from": before.get(name), "to": after.get(name)}
        for name, label in fields.items()
        if before.get(name) != after.get(name)
    ]


def compare_keyed(before: dict, after: dict) -> dict:
    return {
        "added": [key for key in after if key not in before],
        "removed": [key for key in before if key not in after],
    }


def compare_dates(old: dict, new: dict) -> dict:
    old_release, new_release = old["cover"]["release"], new["cover"]["release"]
    implementation = None
    if old_release["implementation_date"] != new_release["implementation_date"]:
        implementation = {"from": old_release["implementation_date"], "to": new_release["implementation_date"]}
    before = {row["event"]: row for row in old["timetable"]}
    after = {row["event"]: row for row in new["timetable"]}
    timetable = []
    for event, row in after.items():
        if event not in before:
            timetable.append({"event": event, "change": "added", "from": None, "to": row["date"]})
        elif before[event]["date"] != row["date"]:
            timetable.append({"event": event, "change": "moved", "from": before[event]["date"], "to": row["date"]})
    for event, row in before.items():
        if event not in after:
            timetable.append({"event": event, "change": "removed", "from": row["date"], "to": None})
    return {"implementation_date": implementation, "timetable": timetable}


def compare_costs(old: dict, new: dict) -> list[dict]:
    changes = []
    for name, label in (
        ("dcc_quoted_total", "DCC quoted total"),
        ("breakdown_total", "Breakdown total"),
        ("operational_cost_impact", "Operational cost impact"),
    ):
        if old.get(name) != new.get(name):
            changes.append({"what": label, "from": old.get(name), "to": new.get(name)})
    before = {line["modification"]: line for line in old["breakdown"]}
    after = {line["modification"]: line for line in new["breakdown"]}
    for modification in sorted(set(before) | set(after)):
        was, now = before.get(modification), after.get(modification)
        if was is None or now is None:
            changes.append(
                {
                    "what": f"{modification} cost breakdown",
                    "from": was["total"] if was else None,
                    "to": now["total"] if now else None,
                }
            )
            continue
        for phase, old_amount, new_amount in zip(new["phases"], was["phases"], now["phases"], strict=False):
            if old_amount != new_amount:
                changes.append({"what": f"{modification} {phase}", "from": old_amount, "to": new_amount})
    old_secas = {c["activity"]: c for c in old["secas"]}
    new_secas = {c["activity"]: c for c in new["secas"]}
    for activity in sorted(set(old_secas) | set(new_secas)):
        was, now = old_secas.get(activity), new_secas.get(activity)
        if (was or {}).get("amount") != (now or {}).get("amount") or (was or {}).get("days") != (now or {}).get("days"):
            changes.append(
                {
                    "what": f"SECAS: {activity}",
                    "from": was["amount"] if was else None,
                    "to": now["amount"] if now else None,
                }
            )
    return changes


def criteria_rows(snapshot: dict) -> dict:
    return {
        f"{group['heading'].replace(' acceptance criteria', '')} {c['number']}": c["text"]
        for group in snapshot["criteria"]
        for c in group["criteria"]
    }


def compare_criteria(old: dict, new: dict) -> dict:
    before, after = criteria_rows(old), criteria_rows(new)
    return {
        "added": [{"criterion": key, "text": text} for key, text in after.items() if key not in before],
        "removed": [{"criterion": key, "text": text} for key, text in before.items() if key not in after],
        "changed": [
            {"criterion": key, "from": before[key], "to": text}
            for key, text in after.items()
            if key in before and before[key] != text
        ],
    }
