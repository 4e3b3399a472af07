"""openapi.yaml is a valid OpenAPI 3.1 document, and the app keeps to it under generated requests.

Every other API test also checks its responses against the contract (see `contract.py`);
here schemathesis generates requests from the contract itself, a bounded number per operation.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import schemathesis
import yaml
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.specs.openapi.checks import positive_data_acceptance

from service import create_app
from service.app import DEFAULTS
from tests.api.conftest import FIXTURE_KNOWLEDGE
from tests.api.contract import OPENAPI_PATH, ContractClient


def test_openapi_is_a_valid_3_1_document():
    document = yaml.safe_load(OPENAPI_PATH.read_text())
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_every_route_is_in_the_contract(app):
    document = yaml.safe_load(OPENAPI_PATH.read_text())
    documented = {
        (path, method.upper()) for path, item in document["paths"].items() for method in item if method != "parameters"
    }
    served = {
        (re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule).replace("drug_id", "id").replace("enzyme_id", "id"), method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert served == documented


def test_contract_examples_name_imatinib_with_ketoconazole():
    text = OPENAPI_PATH.read_text()
    assert "imatinib" in text and "ketoconazole" in text


def _contract_app():
    """An app on the fixture knowledge with every setting given, so no DDI_* variable changes it.

    Feedback the generated requests post goes to a scratch database, never the working tree's.
    """
    feedback = Path(tempfile.mkdtemp(prefix="ddi-contract-")) / "feedback.sqlite3"
    config = {**DEFAULTS, "KNOWLEDGE_DIR": str(FIXTURE_KNOWLEDGE), "TESTING": True, "FEEDBACK_DB": str(feedback)}
    app = create_app(config)
    app.test_client_class = ContractClient
    return app


# Built at import: schemathesis' lazy fixture loader does not work with this pytest version.
schema = schemathesis.openapi.from_wsgi("/openapi.yaml", _contract_app())


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_generated_requests_get_conformant_answers_and_no_5xx(case):
    excluded = []
    if case.operation.path == "/v1/interactions/check-batch":
        # JSON Schema cannot say "ids unique within the batch" (documented in prose), so a generated
        # batch that repeats an id is rightly refused although the schema allows it.
        excluded.append(positive_data_acceptance)
    # Over WSGI schemathesis reads the body as sent and does not undo a Content-Encoding the way an
    # HTTP client does; compressed answers are checked against the contract in test_compression.py.
    case.call_and_validate(headers={"Accept-Encoding": "identity"}, excluded_checks=excluded)
