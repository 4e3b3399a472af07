# A small non-root image that runs exactly what `make run` runs, from the same paths.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOST=0.0.0.0 \
    PORT=8080 \
    WEB_CONCURRENCY=2

# Numeric ids, so Kubernetes can check runAsNonRoot (deploy/deployment.yaml runs as 10001:10001).
RUN groupadd --gid 10001 ddi && useradd --create-home --uid 10001 --gid 10001 --shell /usr/sbin/nologin ddi
WORKDIR /app

# Dependencies first, so editing the knowledge or the code does not reinstall them.
COPY pyproject.toml README.md ./
RUN python -m venv .venv \
    && mkdir service && touch service/__init__.py \
    && .venv/bin/pip install . \
    && .venv/bin/pip uninstall -y ddi-service \
    && rm -rf service build *.egg-info

COPY service ./service
COPY knowledge ./knowledge
COPY openapi.yaml ./
# Editable, as `make run` installs it: the package finds knowledge/ and openapi.yaml beside it.
RUN .venv/bin/pip install --no-deps -e . && chown -R ddi:ddi /app

USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/livez' % os.environ.get('PORT', '8080'), timeout=2)"]

CMD [".venv/bin/gunicorn", "--config", "python:service.gunicorn_conf", "service:create_app()"]
