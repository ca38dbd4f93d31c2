"""The one settings object: documented in full, read from env and TOML, validated."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest
from pydantic import ValidationError

from newsdesk.config import Settings

README = Path(__file__).parents[1] / "README.md"


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_readme_documents_every_setting(name: str) -> None:
    assert f"`NEWSDESK_{name.upper()}`" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_has_help_text(name: str) -> None:
    assert Settings.model_fields[name].description


def test_allowed_networks_read_as_a_comma_separated_cidr_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSDESK_ALLOWED_NETWORKS", "127.0.0.1/32, ::1/128")
    assert Settings().allowed_networks == [
        ipaddress.ip_network("127.0.0.1/32"),
        ipaddress.ip_network("::1/128"),
    ]


def test_allowed_networks_empty_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSDESK_ALLOWED_NETWORKS", raising=False)
    assert Settings().allowed_networks == []


def test_bad_network_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_ALLOWED_NETWORKS", "not-a-network")
    with pytest.raises(ValidationError):
        Settings()


def test_toml_file_is_read_and_env_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "newsdesk.toml"
    config.write_text('port = 9000\nfull_text = "always"\n', encoding="utf-8")
    monkeypatch.setenv("NEWSDESK_CONFIG_FILE", str(config))
    monkeypatch.setenv("NEWSDESK_PORT", "9100")
    settings = Settings()
    assert (settings.port, settings.full_text) == (9100, "always")


def test_default_database_is_sqlite_under_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url="")
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'newsdesk.db'}"
