"""Demo data for local use: the 2025 decision with example reference data, and demo users.

Never available in production settings (``DEMO_ALLOWED``)."""
