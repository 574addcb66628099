"""Reminding people of deadlines, and informing the regions.

Reminder rules (data an officer edits in the admin) say how many days before or after a
kind of deadline to remind, and whom. A daily sweep records every reminder that is due as a
row with a unique key before anything is sent; the e-mail outbox sends each once (with
the one exception docs/reminders.md names).
Officers get one daily digest. Announcements inform every region about a grant."""
