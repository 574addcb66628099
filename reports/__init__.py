"""The region's report (redovisning) on how it used the money: the economic part and the
activity part, drafts, submitted versions (all kept), and the agency's review: approval or
a completion request (begäran om komplettering)."""
