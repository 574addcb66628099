from typing import Any

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator

PERSONNUMMER_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"


class Validator(OAuth2Validator):
    """Puts the person's personnummer, name and assurance level (acr) into the ID token,
    as a Swedish e-ID broker does."""

    oidc_claim_scope = None  # every claim below goes into the ID token

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        identity = settings.IDENTITIES.get(request.user.get_username(), {})
        claims = {"name": identity.get("name", "")}
        if "personnummer" in identity:
            claims[PERSONNUMMER_CLAIM] = identity["personnummer"]
        if identity.get("acr"):
            claims["acr"] = identity["acr"]
        return claims
