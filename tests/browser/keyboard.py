"""Helpers for the keyboard walkthrough and the end-to-end story: logging in through the real
login page (with the authenticator code for staff), moving through a page with the Tab key,
and reading what the browser shows for the focused element."""

import re

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories

# What the browser says about the focused element: what a user reads or hears for it, and the
# computed styles that make the focus visible.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return null; }
  const style = getComputedStyle(el);
  const label = (el.labels && el.labels.length) ? el.labels[0].innerText : "";
  return {
    id: el.id,
    tag: el.tagName.toLowerCase(),
    type: el.getAttribute("type") || "",
    name: (label || el.getAttribute("aria-label") || el.innerText || el.value || "").trim(),
    outlineStyle: style.outlineStyle,
    outlineWidth: style.outlineWidth,
    boxShadow: style.boxShadow,
  };
}"""


def focused(page) -> dict:
    info = page.evaluate(FOCUSED)
    assert info is not None, "nothing has focus"
    info["name"] = re.sub(r"\s+", " ", info["name"])
    return info


def assert_focus_visible(page) -> dict:
    """The focused element shows a focus indicator: an outline at least 2px wide, or a solid
    ring drawn as a shadow (Bootstrap's own faint, translucent glow does not count)."""
    info = focused(page)
    width = float(info["outlineWidth"].removesuffix("px") or 0)
    has_outline = info["outlineStyle"] != "none" and width >= 2
    has_ring = info["boxShadow"] not in ("none", "") and "rgba(" not in info["boxShadow"]
    assert has_outline or has_ring, f"no visible focus on {info}"
    return info


def tab_to(page, name: str, *, limit: int = 80, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element's label or text contains ``name``,
    checking the focus indicator at every stop on the way."""
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        info = assert_focus_visible(page)
        if name in info["name"]:
            return info
        seen.append(info["name"][:40])
    raise AssertionError(f"{name!r} not reached with {key}; passed {seen}")


def press_and_load(page, key: str = "Enter") -> None:
    """Press a key that follows a link or submits a form, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def clear_and_type(page, text: str) -> None:
    """Replace what the focused text field holds, as a keyboard user does."""
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(text)


def main_text(page) -> str:
    """The main content's text, white space (no-break spaces too) as single spaces."""
    return re.sub(r"\s+", " ", page.locator("main").inner_text())


def authenticator(user) -> TOTPDevice:
    """The user's authenticator app, set up earlier (staff must have one)."""
    return TOTPDevice.objects.filter(
        user=user, confirmed=True
    ).first() or TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)


def code_for(user) -> str:
    """The six digits the user's authenticator app shows now."""
    device = authenticator(user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def log_in(page, user, password: str = factories.PASSWORD) -> bool:
    """Log in through the login page, and the code page when the user has an authenticator.
    Says whether the code was asked for."""
    page.goto("/konto/logga-in/")
    page.get_by_label("E-postadress").fill(user.email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    asked_for_code = "/konto/tvafaktor/" in page.url
    if asked_for_code:
        assert page.get_by_role("heading", name="Logga in: kod").is_visible()
        page.get_by_label("Kod").fill(code_for(user))
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_load_state()
    assert "/konto/" not in page.url, main_text(page)
    return asked_for_code
