"""The JSON API: each page's data as JSON, from the same query functions the pages use."""
