"""`python manage.py issue_enrolment_link EMAIL`: an enrolment link for a staff member's
authenticator, issued by the operator on the server (for the first administrator, who has
nobody to ask). The link is e-mailed to the user and printed here."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser, no_translations

from accounts.enrolment import enrolment_link_issue
from accounts.models import User
from core.commands import OperatorCommand


class Command(OperatorCommand):
    help = (
        "Issue a single-use link for a staff member (officer, auditor or administrator) to set "
        "up their authenticator app. Earlier unused links for the user stop working. The link "
        "is e-mailed to the user and printed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the user's e-mail address")

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"No user has the e-mail address {options['email']}.")
        try:
            link = enrolment_link_issue(user=user, actor=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Enrolment link for {user.email} (sent by e-mail as well):")
        self.stdout.write(link)
