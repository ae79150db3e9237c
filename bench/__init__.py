"""Measurement scripts: search quality on the query set, and speed at scale. Not unit tests."""
