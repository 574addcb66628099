"""Shared building blocks that belong to no single step of the grant: money in öre,
check digits, the Swedish working-day calendar, formatting filters, the home page."""
