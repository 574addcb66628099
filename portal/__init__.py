"""Start pages: each user's working day gathered from every step of every grant (the
officers' inbox, the regions' to-do list). It sits above the lifecycle apps and imports
them; nothing below imports it (docs/architecture.md)."""
