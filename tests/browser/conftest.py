"""Browser tests: Debian's Chromium driven by Playwright, pages checked with axe-core."""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread; the ORM calls
# that the live server and the fixtures make there are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: `make test` installs Debian's chromium."
    assert AXE.exists(), "axe-core is missing: `make test` installs it with npm ci."
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR")
    # Loaded through the browser's own channel, which the pages' CSP does not govern:
    # the policy stays fully in force for the pages' own content.
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    # Console errors (a CSP violation, a script error), and any file of the page that
    # failed to load; the page itself may answer 403 or 404 on purpose.
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.text.startswith("Failed to load resource")
            and errors.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and response.request.resource_type != "document"
            and errors.append(f"{response.status} {response.url}")
        ),
    )
    yield page
    context.close()
    # Every page must satisfy its Content-Security-Policy and run its scripts cleanly.
    assert not errors, "Errors in the browser console:\n" + "\n".join(errors)


def check_accessibility(page):
    """Run axe-core on the page; fail on any serious or critical violation."""
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    blocking = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert not blocking, f"Accessibility violations on {page.url}:\n" + "\n".join(blocking)


def check(page, label):
    """Tick a design-system checkbox as a person does, by its label: the box itself is drawn
    by the label, over the input."""
    page.locator("label.fr-label", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).click()
    assert page.get_by_label(label).is_checked(), label
