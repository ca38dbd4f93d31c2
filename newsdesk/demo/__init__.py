"""The demo: real Wikinews articles published as a local news site for the pipeline to poll.

`build_demo_site` writes the static site (feeds, pages, OPML); `serve_directory` serves it on
127.0.0.1. The pipeline then reads it over HTTP like any publisher's site.
"""

from newsdesk.demo.server import DemoServer, serve_directory
from newsdesk.demo.site import DemoFeed, DemoSite, build_demo_site

__all__ = ["DemoFeed", "DemoServer", "DemoSite", "build_demo_site", "serve_directory"]
