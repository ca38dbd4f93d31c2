"""newsdesk: a self-hosted, AI-assisted news platform."""

__version__ = "0.1.0"
