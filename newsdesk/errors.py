"""One exception tree for the whole project.

Callers catch `NewsdeskError` at the edges (CLI, web, job runner) and show its message:
every message here is written for a person, in one line.
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base of every error newsdesk raises on purpose."""


class UserError(NewsdeskError):
    """A mistake in what a person asked for (bad URL, missing file, unknown feed)."""


class ConfigError(NewsdeskError):
    """A setting that cannot be used as given."""


class FetchError(NewsdeskError):
    """A URL could not be fetched; the message says why."""


class BlockedAddressError(FetchError):
    """The host resolves to, or connected to, an address we refuse (private, loopback, ...)."""


class TooLargeError(FetchError):
    """The response body passed the size cap (counted after decompression)."""


class TooManyRedirectsError(FetchError):
    """The redirect chain was longer than allowed or looped."""


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, message: str, *, status_code: int, retry_after: float | None = None):
        super().__init__(message)
        self.status_code = status_code
        self.retry_after = retry_after


class FetchTimeoutError(FetchError):
    """Connecting or reading took longer than allowed."""


class ParseError(NewsdeskError):
    """A document (feed, OPML) could not be parsed into anything useful."""


class ExtractError(NewsdeskError):
    """A page gave no usable main text."""


class EmbeddingError(NewsdeskError):
    """The embedding model could not turn texts into vectors (a remote endpoint failed)."""


class RobotsDisallowedError(FetchError):
    """The site's robots.txt disallows the page (or cannot be read, which disallows for now)."""


class QuestionError(UserError):
    """A question to the AI panel that cannot be answered as asked (empty, too long, HTML)."""


class NoTextError(UserError):
    """An article with no text (or none in English) to summarise or answer from."""


class CommunityError(UserError):
    """A reader's request that cannot be done; `status` is the HTTP code to answer with."""

    status = 400


class SignInError(CommunityError):
    """Wrong email or password: one message for both, so neither can be told apart."""

    status = 401


class NotAllowedError(CommunityError):
    """The reader is signed out, lacks the role, is banned, or the object is not theirs."""

    status = 403


class NotFoundError(CommunityError):
    """No such comment, account or article (or not one this reader may see)."""

    status = 404


class RateLimitedError(CommunityError):
    """Too many attempts in a short time; try again later."""

    status = 429


class MailError(NewsdeskError):
    """An email could not be handed to the SMTP server."""
