"""jobs stage of newsdesk."""
