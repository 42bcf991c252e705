import datetime
import importlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from releases.models import RidPdf, RidVersion
from releases.models.rid import BaselineImmutableError
from releases.rid import baseline
from releases.rid.baseline import VersionAlreadyBaselined


def test_a_baseline_freezes_the_whole_rid_with_its_own_row_in_appendix_1(baseline_1_1, secas_user):
    rid = baseline_1_1.snapshot

    assert rid["cover"]["version"] == {
        "version": "1.1",
        "dated": "2020-01-10",
        "changes": "Updated draft presented to Panel to be baselined.",
        "baselined_on": "2020-01-17",
        "paper": "SECP_76_1701_23",
    }
    assert [v["version"] for v in rid["versions"]] == ["0.1", "0.2", "0.3", "1.0", "1.1"]
    assert rid["scope"]["targeted"][0]["key"] == "SECMP0062 Part 1"
    assert baseline_1_1.created_by == secas_user
    assert RidPdf.objects.get(rid_version=baseline_1_1).state == RidPdf.State.PENDING


def test_editing_the_release_after_a_baseline_leaves_its_snapshot_unchanged(june_2020, baseline_1_1):
    frozen = RidVersion.objects.get(pk=baseline_1_1.pk).snapshot
    june_2020.dcc_quoted_total = Decimal("999")
    june_2020.name = "June 2020 SEC Release (renamed)"
    june_2020.save()
    item = june_2020.scope_items.get(modification__reference="MP079")
    item.approve(reason="Approved by the Change Board")
    june_2020.milestones.filter(event="Release go-live").first().delete()

    assert RidVersion.objects.get(pk=baseline_1_1.pk).snapshot == frozen
    assert frozen["costs"]["dcc_quoted_total"] == "1120042.00"
    assert frozen["cover"]["release"]["name"] == "June 2020 SEC Release"


def test_a_baseline_cannot_be_changed_or_deleted_through_the_model(baseline_1_1):
    baseline_1_1.changes = "Rewritten"
    with pytest.raises(BaselineImmutableError):
        baseline_1_1.save()
    with pytest.raises(BaselineImmutableError):
        RidVersion.objects.get(pk=baseline_1_1.pk).delete()
    assert RidVersion.objects.get(pk=baseline_1_1.pk).changes == "Updated draft presented to Panel to be baselined."


def test_the_database_refuses_a_raw_update_or_delete_of_a_baseline(baseline_1_1):
    for sql in (
        "UPDATE releases_ridversion SET changes = 'Rewritten', snapshot = NULL WHERE id = %s",
        "DELETE FROM releases_ridversion WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [baseline_1_1.pk])
    assert RidVersion.objects.get(pk=baseline_1_1.pk).snapshot is not None


def test_a_version_is_baselined_only_once(june_2020, baseline_1_1):
    with pytest.raises(VersionAlreadyBaselined):
        baseline(june_2020, version="1.1", changes="Again", baselined_on=datetime.date(2020, 2, 1))
    with pytest.raises(VersionAlreadyBaselined):
        baseline(june_2020, version="1.0", changes="Again", baselined_on=datetime.date(2020, 2, 1))


@pytest.mark.parametrize("version", ["1", "v1.1", "1.1.1", "", "one"])
def test_a_malformed_version_is_refused(june_2020, version):
    with pytest.raises(ValidationError) as refused:
        baseline(june_2020, version=version, changes="x", baselined_on=datetime.date(2020, 1, 17))
    assert "version" in refused.value.message_dict


def test_a_draft_row_of_the_same_number_becomes_the_baseline(june_2020):
    RidVersion.objects.create(release=june_2020, version="1.2", dated=datetime.date(2020, 5, 1), changes="Draft")
    row = baseline(june_2020, version="1.2", changes="Re-baselined", baselined_on=datetime.date(2020, 5, 15))

    assert RidVersion.objects.filter(release=june_2020, version="1.2").count() == 1
    assert row.snapshot["versions"][-1]["changes"] == "Re-baselined"


def test_baselining_enqueues_the_pdf_once_the_transaction_commits(
    june_2020, django_capture_on_commit_callbacks, monkeypatch
):
    enqueued = []
    monkeypatch.setattr(importlib.import_module("releases.rid.baseline"), "enqueue_render", enqueued.append)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = baseline(june_2020, version="1.1", changes="Baselined", baselined_on=datetime.date(2020, 1, 17))
    assert enqueued == []
    for callback in callbacks:  # the PDF's, and the webhooks' announcement of the baseline
        callback()
    assert enqueued == [row.pk]


def test_baselines_are_kept_in_the_history_table(baseline_1_1):
    records = RidVersion.history.filter(id=baseline_1_1.pk)
    assert [r.history_type for r in records] == ["+"]
    assert records[0].history_change_reason == "Baselined version 1.1"


def test_a_lost_render_request_is_asked_again_when_someone_downloads(baseline_1_1, django_capture_on_commit_callbacks):
    from releases.rid.baseline import ensure_pdf

    with django_capture_on_commit_callbacks(execute=False) as fresh:
        ensure_pdf(baseline_1_1)
    # RidPdf keeps no history: backdating it directly writes nothing a user would miss.
    RidPdf.objects.filter(rid_version=baseline_1_1).update(
        updated_at=datetime.datetime(2020, 1, 17, tzinfo=datetime.UTC)
    )
    with django_capture_on_commit_callbacks(execute=False) as stale:
        ensure_pdf(baseline_1_1)

    assert (len(fresh), len(stale)) == (0, 1)
