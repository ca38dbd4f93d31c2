"""web stage of newsdesk."""
