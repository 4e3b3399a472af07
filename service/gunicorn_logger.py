"""gunicorn's logger, minus the access log and minus the request text it would otherwise log.

- gunicorn builds an access-log record for every request whenever `logconfig_dict` is set, even with
  `accesslog = None` and no handler to print it; that was about 6% of a worker's time under load.
  The app logs each request itself, with counts and never names.
- gunicorn's own warnings and errors quote the request: the text of a request line it cannot parse,
  the URI of a request that failed. A query string or a request line may name medications, which
  are patient data, so that text is left out of the log.
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

_QUOTED = re.compile(r"'.*'", re.DOTALL)
NOT_SHOWN = "<not shown: it may hold patient data>"


def _without_request_text(value: Any) -> Any:
    """Return a log argument with any query string replaced (`/v1/interactions/check?<not shown...>`)."""
    if isinstance(value, str) and "?" in value:
        return value.split("?", 1)[0] + "?" + NOT_SHOWN
    return value


class AppLogsRequests(Logger):
    """gunicorn's logger with `access` switched off and the request's own text kept out of its messages."""

    def access(self, *args: Any, **kwargs: Any) -> None:
        """Do nothing: `service.api.requestlog` logs each request, without patient data."""

    def warning(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(msg, str) and msg.startswith("Invalid request from ip="):
            msg = _QUOTED.sub(f"'{NOT_SHOWN}'", msg)  # "Invalid Request Line 'GET /...?drugs=...'"
        super().warning(msg, *args, **kwargs)

    def exception(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        super().exception(msg, *map(_without_request_text, args), **kwargs)

    def error(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        super().error(msg, *map(_without_request_text, args), **kwargs)
