"""generate stage of newsdesk."""
