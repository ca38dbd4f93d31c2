"""community stage of newsdesk."""
