"""`python manage.py create_officer EMAIL --name "Full Name"`: the first officer (or any
other), made by the operator on the server. A superuser alone has no role and sees nothing
of the service; an officer runs grants.

The account is created without a password, or an existing one is promoted; the role is
recorded in the audit trail like any other role change. The command prints a link to choose
a password (for an account that has none) and issues a single-use enrolment link for the
authenticator app, which is e-mailed as well (docs/running.md, "The first officer")."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser, no_translations

from accounts import security
from accounts.enrolment import enrolment_link_issue
from accounts.personnummer import InvalidPersonnummer, normalise
from accounts.services import activation_link, officer_appoint, personnummer_bind
from core.commands import OperatorCommand


class Command(OperatorCommand):
    help = (
        "Make the person with this e-mail address an officer (a new account, or an existing "
        "one promoted), print a link to choose a password if they have none, and issue a "
        "single-use link to set up their authenticator app (e-mailed and printed)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the officer's e-mail address")
        parser.add_argument("--name", default="", help="full name (required for a new account)")
        parser.add_argument(
            "--personnummer",
            default="",
            help="the officer's personnummer, to log in with e-ID (docs/security.md)",
        )

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        if options["personnummer"]:
            try:
                normalise(options["personnummer"])  # refused before anything is made
            except InvalidPersonnummer:
                raise CommandError("This is not a valid personnummer.") from None
        try:
            user, created = officer_appoint(email=options["email"], full_name=options["name"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if created:
            self.stdout.write(f"Created {user.email} ({user.full_name}) as an officer.")
        else:
            self.stdout.write(f"{user.email} is an officer.")
        if options["personnummer"]:
            try:
                user = personnummer_bind(
                    user=user, personnummer=options["personnummer"], how="operator"
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            self.stdout.write(
                f"Personnummer {user.personnummer_masked} connected: the officer may log in "
                "with e-ID."
            )
        if not user.has_usable_password():
            self.stdout.write("1. Choose a password (the link works until the password is set):")
            self.stdout.write(f"   {activation_link(user)}")
        else:
            self.stdout.write("1. Log in with the account's password.")
        if security.has_confirmed_device(user):
            self.stdout.write(
                "2. The account has an authenticator app already. For a new one: "
                f"python manage.py issue_enrolment_link {user.email}"
            )
            return
        try:
            link = enrolment_link_issue(user=user, actor=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            "2. Logged in, follow this link to set up the authenticator app "
            "(it works once; it is e-mailed as well):"
        )
        self.stdout.write(f"   {link}")
