"""What the service writes to its logs: never a secret a client put in a URL."""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

#: Query parameters whose values are secrets (a client may put a token in a URL by mistake).
_SECRET = re.compile(r"(?i)([?&](?:access_token|token|api_key|key|password|secret|csrf)=)[^&#\s]*")


def redact(path: str) -> str:
    """The path with the values of secret-looking query parameters replaced by ***."""
    return _SECRET.sub(r"\1***", path)


class RedactSecrets(logging.Filter):
    """A filter for uvicorn's access log: the request path's secrets are hidden."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the path argument of an access record (client, method, path, version, status)."""
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], redact(args[2]), args[3], args[4])
        return True


def log_config() -> dict[str, Any]:
    """Uvicorn's logging set-up with RedactSecrets on the access log, for every process."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact"] = {"()": "api.logs.RedactSecrets"}
    config["handlers"]["access"]["filters"] = ["redact"]
    return config
