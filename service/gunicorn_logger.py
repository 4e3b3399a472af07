"""gunicorn's logger, minus the access log: the app writes one JSON line per request itself.

gunicorn builds an access-log record for every request whenever `logconfig_dict` is set, even with
`accesslog = None` and no handler to print it; that was about 6% of a worker's time under load.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger


class AppLogsRequests(Logger):
    """gunicorn's logger with `access` switched off; errors and worker messages are unchanged."""

    def access(self, *args: Any, **kwargs: Any) -> None:
        """Do nothing: `service.api.requestlog` logs each request, without patient data."""
