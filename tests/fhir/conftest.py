"""The FHIR tests share the CDS Hooks fixtures (apps, resource builders)."""

from tests.cdshooks.conftest import bundled_client, client, make_app  # noqa: F401 (pytest fixtures)
