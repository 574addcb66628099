"""Messages on a case (issue 18, part 2): one conversation per case (grant × region) between
the agency's officers and the region's users, with attachments and read markers per user.
Messages are records: never edited or deleted (docs/messages.md)."""
