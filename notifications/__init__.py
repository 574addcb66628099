"""Outgoing e-mail through an outbox: a message is a row written in the transaction of the
change it announces, and is sent after that transaction commits: once, except that a worker
dying between the mail server's acceptance and the row marked sent makes it go out again
with the same Message-ID (docs/reminders.md).

If the broker (Redis) is down, the row waits and the next sweep sends it; nothing is
lost and nothing is sent for a change that rolled back."""
