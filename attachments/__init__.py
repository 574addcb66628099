"""Files people hand in (an ombud's mandate document today; attachments of reports and
messages later): kept outside the database through Django's storage API, checked by their
content, hashed with SHA-256 and never changed once stored (docs/storage.md)."""
