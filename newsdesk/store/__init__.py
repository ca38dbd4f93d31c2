"""store stage of newsdesk."""
