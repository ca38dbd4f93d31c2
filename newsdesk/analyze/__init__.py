"""analyze stage of newsdesk."""
