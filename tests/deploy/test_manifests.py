"""The Kubernetes manifests: valid by the API schemas (strict, offline), and true to the image and the app."""

from __future__ import annotations

import json
import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from service import create_app
from tests.conftest import FIXTURE_KNOWLEDGE

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
MANIFESTS = sorted(p for p in DEPLOY.glob("*.yaml") if p.name != "kustomization.yaml")
K8S_VERSION = "1.30.0"  # the oldest version still supported by the major clouds when this was written


def _load(name: str) -> dict:
    return yaml.safe_load((DEPLOY / name).read_text())


def _dockerfile_cmd() -> list[str]:
    dockerfile = (ROOT / "Dockerfile").read_text()
    return json.loads(re.search(r"^CMD (\[.+\])$", dockerfile, re.MULTILINE).group(1))


def _dockerfile_user() -> tuple[int, int]:
    dockerfile = (ROOT / "Dockerfile").read_text()
    user, group = re.findall(r"^USER (\d+):(\d+)$", dockerfile, re.MULTILINE)[-1]
    return int(user), int(group)


def _container() -> dict:
    return _load("deployment.yaml")["spec"]["template"]["spec"]["containers"][0]


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_each_manifest_is_valid_by_the_kubernetes_schema(path):
    for document in yaml.safe_load_all(path.read_text()):
        kubernetes_validate.validate(document, K8S_VERSION, strict=True)  # raises, naming the field


def test_a_misspelt_field_is_caught_by_the_checker():
    deployment = _load("deployment.yaml")
    deployment["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, K8S_VERSION, strict=True)


def test_kustomization_lists_the_manifests_and_names_the_image():
    kustomization = _load("kustomization.yaml")
    assert set(kustomization["resources"]) == {p.name for p in MANIFESTS} - {"migrate-job.yaml"}
    assert [image["name"] for image in kustomization["images"]] == [_container()["image"]]


def test_the_container_runs_the_dockerfile_command_as_its_user():
    pod = _load("deployment.yaml")["spec"]["template"]["spec"]
    assert _container()["command"] == _dockerfile_cmd()
    user, group = _dockerfile_user()
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert (pod["securityContext"]["runAsUser"], pod["securityContext"]["runAsGroup"]) == (user, group)
    assert _container()["securityContext"]["readOnlyRootFilesystem"] is True
    assert {m["mountPath"] for m in _container()["volumeMounts"]} == {"/tmp"}
    assert {v["name"] for v in pod["volumes"] if "emptyDir" in v} == {"tmp"}


def test_the_database_url_comes_from_a_secret():
    env = {e["name"]: e for e in _container()["env"]}
    assert env["DDI_DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {"name": "ddi-database", "key": "url"}


def test_the_probes_ask_paths_the_app_answers(monkeypatch):
    for name in ("DDI_DATABASE_URL", "DDI_KNOWLEDGE_DIR"):
        monkeypatch.delenv(name, raising=False)
    client = create_app({"KNOWLEDGE_DIR": str(FIXTURE_KNOWLEDGE), "TESTING": True}).test_client()
    container = _container()
    probes = {kind: container[kind]["httpGet"] for kind in ("startupProbe", "livenessProbe", "readinessProbe")}
    assert probes["livenessProbe"]["path"] == "/livez" and probes["readinessProbe"]["path"] == "/readyz"
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    for probe in probes.values():
        assert ports[probe["port"]] == 8080
        assert client.get(probe["path"]).status_code == 200


def test_service_budget_and_autoscaler_point_at_the_deployment():
    deployment = _load("deployment.yaml")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert _load("service.yaml")["spec"]["selector"].items() <= labels.items()
    assert _load("pdb.yaml")["spec"]["selector"]["matchLabels"].items() <= labels.items()
    target = _load("hpa.yaml")["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    assert _load("hpa.yaml")["apiVersion"] == "autoscaling/v2"
    assert _container()["resources"]["requests"].keys() == {"cpu", "memory"}  # the autoscaler needs the CPU request
