"""A test client whose force_login gives the session what a real login gives: a verified
second factor where the user needs one, and a fresh authentication time."""

from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.security import AUTH_AT_SESSION_KEY, requires_two_factor
from core import clock


class VerifiedClient(Client):
    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        session = self.session
        if requires_two_factor(user):
            device = TOTPDevice.objects.filter(
                user=user, confirmed=True
            ).first() or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[AUTH_AT_SESSION_KEY] = clock.now().isoformat()
        session.save()
        self.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
