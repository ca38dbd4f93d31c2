"""api stage of newsdesk."""
