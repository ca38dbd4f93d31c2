"""ingest stage of newsdesk."""
