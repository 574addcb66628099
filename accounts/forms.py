from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import PlainTextField

from . import security
from .models import RegionRole


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    error_messages = {
        "invalid_login": _("The e-mail address or password is wrong."),
        "inactive": _("This account is deactivated."),
        "locked": _(
            "Too many failed attempts. Logging in with this address is locked for %(minutes)d minutes."
        ),
        "eid_only": _('The regions\' users log in with e-ID. Use the button "Log in with e-ID".'),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not settings.PASSWORD_LOGIN_FOR_REGION_USERS and not security.is_staff_account(user):
            # Production may let region users in with e-ID only (docs/security.md).
            raise ValidationError(self.error_messages["eid_only"], code="eid_only")

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username") or ""
        ip = security.client_ip(self.request) if self.request else None
        if email and security.is_locked(email, ip):
            security.record_attempt(email=email, ip=ip, succeeded=False, locked=True)
            raise ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            if email:
                security.record_attempt(email=email, ip=ip, succeeded=False)
            raise
        security.record_attempt(email=email, ip=ip, succeeded=True)
        return cleaned


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=12,
        help_text=_("The six digits in your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class FreshCodeForm(forms.Form):
    """A code from an authenticator the user already has, to confirm a change to their
    second factor."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        help_text=_("The six digits your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class AuthenticatorAddForm(forms.Form):
    """A new authenticator's first code, and a code from one the user already has."""

    code = forms.CharField(
        label=_("Code from the new authenticator"),
        max_length=12,
        help_text=_("The six digits the app you just added shows."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    current_code = forms.CharField(
        label=_("Code from your current authenticator"),
        max_length=12,
        help_text=_("The six digits the authenticator you already use shows now."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ReauthenticateForm(forms.Form):
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _role_choices(roles: Iterable[str] | None) -> list[tuple[str, Any]]:
    """The roles offered: those the user may give (permissions.roles_managed_by)."""
    return [
        (value, label) for value, label in RegionRole.choices if roles is None or value in roles
    ]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    full_name = PlainTextField(label=_("Name"), max_length=200, required=True)
    role = forms.ChoiceField(label=_("Role"), choices=RegionRole.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, roles: Iterable[str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(roles)  # type: ignore[attr-defined]


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=RegionRole.choices, widget=forms.RadioSelect)
    is_active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("Untick to deactivate the role.")
    )

    def __init__(self, *args: Any, roles: Iterable[str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(roles)  # type: ignore[attr-defined]


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
