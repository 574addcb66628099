"""Reflow (WCAG 2.1, 1.4.10): how a page is checked at 320 CSS pixels wide, the width of a
1280 px window at 400 % zoom or a 640 px one at 200 %.

The accessibility walk (tests/browser/pages.py) opens each page once: axe runs at the desktop
width, then the window is narrowed to 320 px and the script below reads the layout. A page
passes when it does not scroll sideways, when everything that scrolls sideways inside it is a
named region the keyboard reaches (a wide table's container), and when the site's header
wraps between words, never inside one."""

REFLOW_VIEWPORT = {"width": 320, "height": 640}
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}

# Returns one line per problem. The header is the page's own (not one inside <main>): the
# service's header and the admin site's.
REFLOW_CHECK = """() => {
  const problems = [];
  const describe = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) { text += "#" + el.id; }
    for (const name of el.classList) { text += "." + name; }
    return text;
  };
  const accessibleName = (el) => {
    const ids = (el.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean);
    const labelled = ids.map((id) => document.getElementById(id))
      .filter(Boolean).map((ref) => ref.textContent).join(" ").trim();
    return labelled || (el.getAttribute("aria-label") || "").trim();
  };
  const scrollsSideways = (el) => {
    const overflow = getComputedStyle(el).overflowX;
    return (overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth + 1;
  };

  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    // Name what sticks out: the outermost elements (their parent does not), or the element
    // whose text does, leaving out what a scroll container holds, unless nothing else does.
    const sticksOut = (el) => el.getBoundingClientRect().right > root.clientWidth + 0.5;
    const scrolled = (el) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (getComputedStyle(up).overflowX !== "visible") { return true; }
      }
      return false;
    };
    const outermost = [];
    for (const el of document.body.querySelectorAll("*")) {
      if (sticksOut(el) && !sticksOut(el.parentElement)) { outermost.push(el); }
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      const right = Math.max(0, ...[...range.getClientRects()].map((rect) => rect.right));
      if (right > root.clientWidth + 0.5 && !sticksOut(node.parentElement)) {
        outermost.push(node.parentElement);
      }
    }
    const free = outermost.filter((el) => !scrolled(el));
    const culprits = [...new Set((free.length ? free : outermost).map(describe))];
    problems.push(`the page is ${root.scrollWidth} px wide in a ${root.clientWidth} px window`
      + (culprits.length ? `; sticking out: ${culprits.slice(0, 5).join(", ")}` : ""));
  }

  for (const el of document.body.querySelectorAll("*")) {
    if (["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName) || !scrollsSideways(el)) {
      continue;
    }
    const missing = [];
    if (el.getAttribute("role") !== "region") { missing.push('role="region"'); }
    if (!accessibleName(el)) { missing.push("an accessible name"); }
    if (el.tabIndex < 0) { missing.push('tabindex="0"'); }
    if (missing.length) {
      problems.push(`${describe(el)} scrolls sideways (${el.scrollWidth} px in ${el.clientWidth} px)`
        + ` but lacks ${missing.join(", ")}`);
    }
  }

  const headers = [...document.querySelectorAll("header")].filter((el) => !el.closest("main"));
  for (const header of headers) {
    for (const el of [header, ...header.querySelectorAll("*")]) {
      const style = getComputedStyle(el);
      if (["break-all", "break-word"].includes(style.wordBreak)
          || ["anywhere", "break-word"].includes(style.overflowWrap)) {
        problems.push(`${describe(el)} in the header may break words`
          + ` (word-break: ${style.wordBreak}; overflow-wrap: ${style.overflowWrap})`);
      }
      if (!["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName) && el.clientWidth > 0
          && el.scrollWidth > el.clientWidth + 1 && !el.closest(".visually-hidden")) {
        problems.push(`${describe(el)} in the header is wider than its box`
          + ` (${el.scrollWidth} px in ${el.clientWidth} px)`);
      }
    }
    // A word on two lines has line boxes at two heights.
    const walker = document.createTreeWalker(header, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (parent.closest(".visually-hidden, select, script, style, template")) { continue; }
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (tops.size > 1) {
          problems.push(`the header breaks the word “${match[0]}” over ${tops.size} lines`);
        }
      }
    }
  }
  return problems;
}"""


def reflow_problems(page) -> list[str]:
    """What fails to reflow on the open page at 320 px; the window is given back its desktop
    width afterwards."""
    page.set_viewport_size(REFLOW_VIEWPORT)
    try:
        return page.evaluate(REFLOW_CHECK)
    finally:
        page.set_viewport_size(DESKTOP_VIEWPORT)
