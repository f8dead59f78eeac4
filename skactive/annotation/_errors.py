"""The exceptions of the Label Studio queue, and the SDK errors they translate."""

import contextlib

__all__ = [
    "LabelStudioError",
    "LabelStudioConnectionError",
    "LabelStudioAuthenticationError",
    "LabelStudioServerError",
]


class LabelStudioError(RuntimeError):
    """Label Studio refused or failed a request; nothing was committed locally.

    Every failed :meth:`~skactive.annotation.LabelStudioQueue.push` or
    :meth:`~skactive.annotation.LabelStudioQueue.pull` can be retried as it is:
    the retry gives the same result as a first call that had succeeded.

    Attributes
    ----------
    status_code : int or None
        The HTTP status, or ``None`` when the server was not reached.
    """

    def __init__(self, message, status_code=None):
        super().__init__(message)
        self.status_code = status_code


class LabelStudioConnectionError(LabelStudioError, ConnectionError):
    """The server could not be reached (refused, unknown host, timeout)."""


class LabelStudioAuthenticationError(LabelStudioError):
    """The server refused the API key (HTTP 401 or 403)."""


class LabelStudioServerError(LabelStudioError):
    """The server failed (HTTP 5xx)."""


def _body(body, limit=300):
    text = str(body)
    return text if len(text) <= limit else text[:limit] + "..."


@contextlib.contextmanager
def translate_errors(url, doing):
    """Turn the SDK's and httpx's exceptions into :class:`LabelStudioError`."""
    import httpx
    from label_studio_sdk.core.api_error import ApiError

    try:
        yield
    except ApiError as exc:
        status = exc.status_code
        if status in (401, 403):
            raise LabelStudioAuthenticationError(
                f"Label Studio at {url} refused the API key while {doing} (HTTP "
                f"{status}); check the api_key (or LABEL_STUDIO_API_KEY). A legacy "
                "token needs LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN=true on the server.",
                status,
            ) from exc
        if status is not None and status >= 500:
            raise LabelStudioServerError(
                f"Label Studio at {url} failed while {doing} (HTTP {status}): "
                f"{_body(exc.body)}. Nothing is lost; retry when the server is back.",
                status,
            ) from exc
        raise LabelStudioError(
            f"Label Studio at {url} rejected a request while {doing} (HTTP {status}): "
            f"{_body(exc.body)}",
            status,
        ) from exc
    except httpx.TransportError as exc:
        raise LabelStudioConnectionError(
            f"cannot reach Label Studio at {url} while {doing}: "
            f"{type(exc).__name__}: {exc or 'no answer'}. Is the server running? "
            "Nothing is lost; retry when it is reachable."
        ) from exc
