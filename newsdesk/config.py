"""All settings in one typed object.

Values come from NEWSDESK_* environment variables, then an optional TOML file named by
NEWSDESK_CONFIG_FILE, then the defaults below. Every field carries help text: the README's
settings table is checked against this class by a test, so a setting cannot go undocumented.
"""

from __future__ import annotations

import ipaddress
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
FullTextMode = Literal["auto", "always", "never"]


class Settings(BaseSettings):
    """newsdesk's settings; see the README's settings table for the same list."""

    model_config = SettingsConfigDict(env_prefix="NEWSDESK_", extra="ignore")

    data_dir: Path = Field(
        default=Path("var"),
        description="Directory for the SQLite database and other local state.",
    )
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL of the database; empty means SQLite at DATA_DIR/newsdesk.db. "
        "Use postgresql+psycopg://user@host/db for PostgreSQL.",
    )
    allowed_networks: Annotated[list[IPNetwork], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated CIDR networks that fetching may reach even though they are "
        "not globally routable (e.g. 127.0.0.1/32 for a local demo). Empty by default.",
    )
    user_agent: str = Field(
        default="newsdesk/0.1 (+https://github.com/newsdesk/newsdesk; feed reader)",
        description="User-Agent header sent with every fetch.",
    )
    connect_timeout: float = Field(default=10.0, description="Seconds to wait for a connection.")
    total_timeout: float = Field(
        default=30.0, description="Seconds one fetch may take from start to last byte."
    )
    max_body_bytes: int = Field(
        default=10 * 1024 * 1024,
        description="Largest response body accepted, counted after decompression.",
    )
    max_redirects: int = Field(default=5, description="Most redirects followed for one fetch.")
    fetch_concurrency: int = Field(
        default=20, description="Most fetches in flight at once in one process."
    )
    extract_workers: int = Field(
        default=0,
        description="Processes for CPU-bound page extraction; 0 means one per CPU core.",
    )
    full_text: FullTextMode = Field(
        default="auto",
        description="Default full-text mode for new feeds: auto (fetch the page when the entry "
        "is only a teaser), always, or never.",
    )
    min_poll_minutes: int = Field(default=15, description="Shortest interval between polls.")
    max_poll_minutes: int = Field(default=24 * 60, description="Longest interval between polls.")
    disable_after_days: int = Field(
        default=7, description="Disable a feed after this many days of continuous failure."
    )
    poll_every_seconds: int = Field(
        default=60,
        description="While serving, look for due feeds this often; 0 turns background polling off.",
    )
    host: str = Field(default="127.0.0.1", description="Address the web server listens on.")
    port: int = Field(default=8000, description="Port the web server listens on.")
    demo_port: int = Field(
        default=8001,
        description="Port of the demo's local publisher server (feeds and pages of the corpus).",
    )
    admin_token: str = Field(
        default="",
        description="Token that unlocks the admin pages until accounts exist; unset: no admin.",
    )
    secret_key: str = Field(
        default="",
        description="Key that signs CSRF tokens and other signed values; unset: a random key "
        "is made once and kept in DATA_DIR/secret_key.",
    )
    story_window_days: float = Field(
        default=3.0,
        gt=0,
        description="A story accepts new articles for this many days after its latest one.",
    )
    story_half_life_hours: float = Field(
        default=12.0,
        gt=0,
        description="Front-page freshness: a story's weight halves for every this many hours "
        "since its latest article.",
    )

    models_dir: str = Field(
        default="",
        description="Directory for prepared models (the ONNX embedding model); empty means "
        "~/.cache/newsdesk/models, shared by every database on the machine.",
    )
    embeddings_url: str = Field(
        default="",
        description="OpenAI-compatible embeddings endpoint (e.g. http://127.0.0.1:11434/v1); "
        "empty uses the bundled all-MiniLM-L6-v2 on onnxruntime.",
    )
    embeddings_model: str = Field(
        default="all-minilm", description="Model name sent to EMBEDDINGS_URL."
    )
    embeddings_api_key: str = Field(
        default="", description="Bearer token for EMBEDDINGS_URL; empty sends none."
    )
    related_half_life_days: float = Field(
        default=30.0,
        description="Related articles: a neighbour this many days apart keeps 7/8 of its "
        "similarity score, so time breaks ties but never outranks topic.",
    )
    vector_exact_limit: int = Field(
        default=50_000,
        description="Up to this many stored vectors, look-ups are exact (numpy); beyond it a "
        "faiss HNSW graph answers.",
    )
    per_host_concurrency: int = Field(
        default=2,
        ge=1,
        description="Most fetches in flight at once to one host (feeds and article pages "
        "together). Benchmarks against a local feed farm (bench/ingest.py) raise it, since the "
        "farm serves every feed from one host.",
    )
    per_host_delay_seconds: float = Field(
        default=1.0,
        ge=0,
        description="Least time between the starts of two fetches from one host; a robots.txt "
        "Crawl-delay raises it for that host. Benchmarks against a local feed farm set it to 0.",
    )
    keep_days: int = Field(
        default=0,
        ge=0,
        description="`newsdesk purge` deletes articles first stored longer ago than this and no "
        "longer seen in any feed since; 0 keeps them forever. Starred and commented articles "
        "are always kept.",
    )
    keep_per_feed: int = Field(
        default=0,
        ge=0,
        description="`newsdesk purge` keeps only this many articles per feed (most recently "
        "seen first); 0 means no limit. Starred and commented articles are always kept.",
    )
    image_proxy: bool = Field(
        default=False,
        description="Serve article images through /img/ on this site, so readers' browsers "
        "never call third-party hosts.",
    )
    ask_per_minute: int = Field(
        default=10,
        description="Questions one client may ask the AI panel per minute (per process); "
        "0 turns the limit off.",
    )
    # --- community: accounts, comments, moderation (issue 8) ---
    public_url: str = Field(
        default="",
        description="The site's public base URL (https://news.example), used in links sent by "
        "email; empty: the URL the request came in on.",
    )
    smtp_host: str = Field(
        default="", description="SMTP server for password-reset mail; empty: no mail is sent."
    )
    smtp_port: int = Field(default=25, description="Port of the SMTP server.")
    smtp_from: str = Field(
        default="newsdesk@localhost", description="From address of the mail newsdesk sends."
    )
    smtp_tls: Literal["none", "starttls", "tls"] = Field(
        default="none",
        description="How to secure the SMTP connection: none, starttls, or tls (implicit TLS).",
    )
    smtp_user: str = Field(default="", description="SMTP user name; empty: no login.")
    smtp_password: str = Field(default="", description="SMTP password.")
    session_days: int = Field(
        default=30, description="Days a reader stays signed in without signing in again."
    )
    reset_token_minutes: int = Field(
        default=60, description="Minutes a password-reset link stays valid (it works once)."
    )
    comment_max_chars: int = Field(
        default=10_000, description="Longest comment accepted, in characters."
    )
    comment_edit_minutes: int = Field(
        default=15, description="Minutes after posting during which a reader may edit a comment."
    )
    comments_close_after_days: int = Field(
        default=0,
        description="Close comments on articles first seen this many days ago; 0: never.",
    )
    new_account_days: int = Field(
        default=3,
        description="Accounts younger than this many days count as new: the word/link filter "
        "and the hold for review apply to them.",
    )
    hold_first_comments: int = Field(
        default=0,
        description="Hold this many first comments of a new account for a moderator's review; "
        "0: publish at once.",
    )
    filter_words: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated words that send a new account's comment to review.",
    )
    new_account_max_links: int = Field(
        default=1,
        description="Most links a new account's comment may carry before it is held for review.",
    )
    limit_signin_per_account: int = Field(
        default=10, description="Failed sign-ins allowed per account in 15 minutes."
    )
    limit_signin_per_address: int = Field(
        default=30, description="Failed sign-ins allowed per client address in 15 minutes."
    )
    limit_signups_per_address: int = Field(
        default=5, description="Sign-ups allowed per client address in an hour."
    )
    limit_comments_per_account: int = Field(
        default=10, description="Comments a reader may post in 10 minutes."
    )
    limit_reports_per_account: int = Field(
        default=20, description="Reports a reader may file in an hour."
    )
    limit_resets_per_address: int = Field(
        default=5, description="Password-reset emails requested per client address in an hour."
    )

    @field_validator("allowed_networks", mode="before")
    @classmethod
    def _split_networks(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("filter_words", mode="before")
    @classmethod
    def _split_words(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip().lower() for part in value.split(",") if part.strip()]
        return value

    @field_validator("allowed_networks", mode="after")
    @classmethod
    def _strict_networks(cls, value: list[IPNetwork]) -> list[IPNetwork]:
        return [ipaddress.ip_network(str(net), strict=False) for net in value]

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        toml_file = os.environ.get("NEWSDESK_CONFIG_FILE")
        if toml_file:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_file))
        return tuple(sources)

    @property
    def effective_database_url(self) -> str:
        """The database URL to use, with the SQLite default filled in."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'newsdesk.db').resolve()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
