"""schemathesis drives every operation of the live schema as SECAS and as the DCC: no 5xx, no answer the schema
does not describe.

The operations are looped over inside one test (schemathesis' lazy pytest loader does not run on pytest 9),
each with a bounded number of Hypothesis examples: FUZZ_EXAMPLES per operation and role (12 in the suite;
`make fuzz` runs 60, over 5,000 cases). The run prints how many cases it sent.
"""

import os
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from releases.rid import baseline
from secreleases.wsgi import application
from tests.conftest import api_client_for

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
EXAMPLES_PER_OPERATION = int(os.environ.get("FUZZ_EXAMPLES", "12"))
MINIMUM_CASES = int(os.environ.get("FUZZ_MINIMUM_CASES", "0"))


def in_the_world(case):
    """Nested operations run against the world's release, so their bodies are exercised, not only 404s."""
    for name in ("release_slug", "slug"):
        if case.path_parameters and name in case.path_parameters:
            case.path_parameters[name] = "june-2030"
    return case


def failures_of(operation, headers, tally: Counter) -> list[str]:
    @given(case=operation.as_strategy().map(in_the_world))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case):
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        tally[response.status_code] += 1

    try:
        run()
    except Exception as error:  # noqa: BLE001 - every failing operation is reported together
        return [f"{operation.method.upper()} {operation.path}: {error}"]
    return []


@pytest.fixture
def connection_kept_across_requests():
    """As Django's test client does: the WSGI app must not close the test's transaction's connection."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def world_with_a_baseline(world):
    """A baseline with a snapshot, so the RID operations read, diff and download something."""
    baseline(world["release"], version="1.0", changes="First", baselined_on=world["release"].created_at.date())
    return world


@pytest.mark.django_db
@pytest.mark.usefixtures("connection_kept_across_requests")
@pytest.mark.parametrize("role", ["secas", "dcc"])
def test_no_operation_answers_a_server_error_or_breaks_its_schema(world_with_a_baseline, cast, role):
    headers = {"Authorization": api_client_for(cast[role])._credentials["HTTP_AUTHORIZATION"]}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application, headers=headers)  # the schema needs a login
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 45
    tally = Counter()
    failures = [failure for operation in operations for failure in failures_of(operation, headers, tally)]
    cases = sum(tally.values())
    print(
        f"\nschemathesis as {role}: {len(operations)} operations, {cases} cases, answers {dict(sorted(tally.items()))}"
    )
    assert not failures, "\n\n".join(failures)
    assert not [code for code in tally if code >= 500]
    assert cases >= MINIMUM_CASES
