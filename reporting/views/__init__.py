"""Views of the reporting app: open data (public) and the agency's oversight (staff)."""
