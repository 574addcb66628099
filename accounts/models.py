"""Users and their roles. Roles are data: staff roles are groups, region roles are memberships."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core import clock, formats


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("Users must have an e-mail address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. Identified by e-mail address (case-insensitive, unique)."""

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_staff = models.BooleanField(
        _("may use the admin site"),
        default=False,
        help_text=_("Officers, auditors and administrators use the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("created"), default=clock.now)
    # The identity an e-ID login vouches for (accounts/oidc.py): twelve digits, empty until
    # bound (docs/security.md, "The identity model"). Shown masked outside the own account page.
    personnummer = models.CharField(
        _("personal identity number"), max_length=12, blank=True, default="", editable=False
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            # One account per person: a personnummer is on at most one user.
            models.UniqueConstraint(
                fields=["personnummer"],
                condition=~models.Q(personnummer=""),
                name="user_personnummer_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(personnummer="")
                | models.Q(personnummer__regex=r"^(19|20)[0-9]{10}$"),
                name="user_personnummer_twelve_digits",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>" if self.full_name else self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    @property
    def personnummer_masked(self) -> str:
        """ÅÅMMDD-XXXX, what anyone but the holder sees."""
        from .personnummer import masked

        return masked(self.personnummer)

    @property
    def personnummer_full(self) -> str:
        from .personnummer import full

        return full(self.personnummer)

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class RegionRole(models.TextChoices):
    """A user's role in a region (DOMAIN.md: ombud / representant / uppgiftssamordnare)."""

    ADMIN = "admin", _("Region admin")
    SUBMITTER = "submitter", _("Submitter")
    PREPARER = "preparer", _("Preparer")


class RegionMembership(models.Model):
    """That a user acts for a region, and in which role. Deactivated, never deleted."""

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("user")
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("region"),
    )
    role = models.CharField(_("role"), max_length=20, choices=RegionRole.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=clock.now)

    class Meta:
        verbose_name = _("region membership")
        verbose_name_plural = _("region memberships")
        ordering = ["region__county_code", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region"], name="membership_one_per_user_region"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=RegionRole.values), name="membership_role_valid"
            ),
            # One ombud per organisation number (DOMAIN.md): an approved ombud application
            # ends the previous ombud's role before the new one begins (ombud.services).
            models.UniqueConstraint(
                fields=["region"],
                condition=models.Q(role=RegionRole.ADMIN, is_active=True),
                name="membership_one_active_ombud_per_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.region} ({self.get_role_display()})"


class LoginAttempt(models.Model):
    """Every login attempt, kept to throttle guessing and to show who tried what, when."""

    email = models.CharField(_("e-mail address"), max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    at = models.DateTimeField(_("time"), default=clock.now, db_index=True)
    succeeded = models.BooleanField(_("succeeded"))
    locked = models.BooleanField(_("refused while locked"), default=False)

    class Meta:
        verbose_name = _("login attempt")
        verbose_name_plural = _("login attempts")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{formats.moment_iso(self.at)} {self.email}"


class EnrolmentLink(models.Model):
    """A single-use link an administrator issues for a staff member to enrol an
    authenticator (their password alone is not enough). Only a hash of its token is kept."""

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="enrolment_links", verbose_name=_("user")
    )
    token_hash = models.CharField(_("token (SHA-256)"), max_length=64, unique=True)
    issued_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
        help_text=_("Empty when an operator issued it on the server."),
    )
    issued_at = models.DateTimeField(_("issued"), default=clock.now)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment link")
        verbose_name_plural = _("enrolment links")
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("issued_at")),
                name="enrolment_link_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=models.Q(used_at__isnull=True) | models.Q(revoked_at__isnull=True),
                name="enrolment_link_used_or_revoked",
            ),
            # Issuing a link withdraws the user's earlier ones: one open link per user.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(used_at__isnull=True, revoked_at__isnull=True),
                name="enrolment_link_one_open_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({formats.moment_iso(self.issued_at)})"


class CalendarToken(models.Model):
    """The secret in the address of a user's calendar feed (docs/calendar.md): a region
    user's feed of their region's deadlines (``region`` set), or an officer's feed of every
    grant's and the agency's own (``region`` empty). Only a SHA-256 hash of the token is
    kept; renewing withdraws the old one at once. Withdrawn, never deleted."""

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="calendar_tokens", verbose_name=_("user")
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("Empty for an officer's feed of every grant."),
    )
    token_hash = models.CharField(_("token (SHA-256)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=clock.now)
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")
        ordering = ["-created_at"]
        constraints = [
            # One working address per user and feed.
            models.UniqueConstraint(
                fields=["user", "region"],
                condition=models.Q(revoked_at__isnull=True, region__isnull=False),
                name="calendar_token_one_open_per_region_feed",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True, region__isnull=True),
                name="calendar_token_one_open_agency_feed",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True)
                | models.Q(revoked_at__gte=models.F("created_at")),
                name="calendar_token_withdrawn_after_created",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({formats.moment_iso(self.created_at)})"
