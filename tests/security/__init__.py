"""Security tests: hostile input through the real pipeline, judged by a real browser."""
