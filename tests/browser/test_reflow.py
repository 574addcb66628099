"""The reflow check (tests/browser/reflow.py) finds what it is meant to find: the walk in
test_accessibility.py is only as good as it. Small hand-written pages, no server."""

import pytest

from tests.browser.reflow import DESKTOP_VIEWPORT, reflow_problems

WIDE_TABLE = (
    "<table><caption id='c'>Figures</caption><tr>"
    + "".join(f"<td style='white-space:nowrap'>Column number {n}</td>" for n in range(8))
    + "</tr></table>"
)


@pytest.fixture
def blank(browser):
    page = browser.new_page(viewport=DESKTOP_VIEWPORT)
    yield page
    page.close()


def problems_on(page, body: str) -> list[str]:
    page.set_content(
        "<!DOCTYPE html><html lang='en'><head><meta name='viewport'"
        " content='width=device-width, initial-scale=1'><title>t</title></head>"
        f"<body>{body}</body></html>"
    )
    return reflow_problems(page)


def test_a_page_that_fits_passes(blank):
    assert problems_on(blank, "<header><a href='#'>Home</a></header><main>Short</main>") == []


def test_a_page_wider_than_320_px_is_reported_with_its_width_and_what_sticks_out(blank):
    problems = problems_on(blank, f"<main>{WIDE_TABLE}</main>")
    assert len(problems) == 1
    assert "px wide in a 320 px window" in problems[0]
    assert "sticking out: table" in problems[0]
    # The window has its desktop width back for the next page.
    assert blank.viewport_size == DESKTOP_VIEWPORT


def test_a_scroll_container_must_be_a_named_region_the_keyboard_reaches(blank):
    unnamed = problems_on(blank, f"<div style='overflow-x:auto'>{WIDE_TABLE}</div>")
    assert len(unnamed) == 1
    assert 'lacks role="region", an accessible name, tabindex="0"' in unnamed[0]
    good = (
        "<div style='overflow-x:auto' role='region' aria-labelledby='c' tabindex='0'>"
        f"{WIDE_TABLE}</div>"
    )
    assert problems_on(blank, good) == []
    empty_label = good.replace("aria-labelledby='c'", "aria-labelledby='nothing'")
    assert "lacks an accessible name" in problems_on(blank, empty_label)[0]


def test_a_header_that_splits_a_word_is_reported(blank):
    word = "Utbetalningsfilerna"
    problems = problems_on(
        blank,
        f"<header><nav style='width:5rem;overflow-wrap:anywhere'><a href='#'>{word}</a></nav>"
        "</header>",
    )
    assert any("may break words" in line for line in problems), problems
    assert any(f"breaks the word “{word}”" in line for line in problems), problems


def test_a_header_item_wider_than_its_box_is_reported(blank):
    problems = problems_on(
        blank, "<header><div style='width:4rem'><a href='#'>Utbetalningsfilerna</a></div></header>"
    )
    assert any("in the header is wider than its box" in line for line in problems), problems
