"""The design system drawn right: every icon the templates name is defined by the style sheets
the pages load, and a group of buttons with icons says which side they stand on (without it the
design system draws each button as an empty, icon-only square)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import resolve, reverse
from pytest_django.asserts import assertContains, assertNotContains

from dcis.access import policy_of

TEMPLATES = Path(settings.BASE_DIR) / "templates"
SOURCES = [*TEMPLATES.rglob("*.html"), *Path(settings.BASE_DIR).glob("*/*.py")]
ICON = re.compile(r"\bfr-icon-[a-z0-9-]+")


def loaded_style_sheets():
    text = (TEMPLATES / "_dsfr_css.html").read_text()
    return [finders.find(path) for path in re.findall(r"static '([^']+\.css)'", text)]


def test_every_icon_the_register_names_is_in_a_loaded_style_sheet():
    defined = set()
    for sheet in loaded_style_sheets():
        assert sheet, "a style sheet of templates/_dsfr_css.html is missing"
        defined |= set(ICON.findall(Path(sheet).read_text()))
    used = {(icon, path.name) for path in SOURCES for icon in ICON.findall(path.read_text())}
    assert used, "no icon found: the pattern is wrong"
    assert sorted((icon, name) for icon, name in used if icon not in defined) == []


def test_button_groups_with_icons_say_where_the_icons_stand():
    wrong = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for group in re.finditer(r'<ul class="(fr-btns-group[^"]*)">(.*?)</ul>', text, re.S):
            classes, content = group.groups()
            # The header's tools are a group the design system styles on its own.
            in_header_tools = "fr-header__tools-links" in text[max(0, group.start() - 80) : group.start()]
            if in_header_tools or "fr-icon-" not in content:
                continue
            if "fr-btns-group--icon-left" not in classes and "fr-btns-group--icon-right" not in classes:
                wrong.append(path.name)
    assert wrong == []


# The footer's pages


PUBLIC_PAGES = {
    "accessibility": "partiellement conforme",
    "legal-notice": "compléter par l’équipe d’exploitation",
    "personal-data": "Vos droits",
    "site-map": "Plan du site",
}


@pytest.mark.parametrize(("name", "text"), PUBLIC_PAGES.items())
def test_the_footer_s_pages_are_public_and_declared_so(client, db, name, text):
    url = reverse(name)
    assert policy_of(name, resolve(url).func) == "public"
    response = client.get(url)
    assert response.status_code == 200
    assertContains(response, text)


def test_every_page_s_footer_links_to_them(client, db):
    response = client.get(reverse("login"))
    for name in PUBLIC_PAGES:
        assertContains(response, f'class="fr-footer__bottom-link" href="{reverse(name)}"')
    assertContains(response, "Accessibilité : partiellement conforme")


def test_the_site_map_follows_the_navigation_and_the_user_s_role(client, central, attache):
    client.force_login(central)
    response = client.get(reverse("site-map"))
    for url_name in ["network:post-list", "cooperation:action-list", "partnerships:company-list", "user-list"]:
        assertContains(response, f'href="{reverse(url_name)}"')
    client.force_login(attache)
    response = client.get(reverse("site-map"))
    assertContains(response, f'href="{reverse("cooperation:action-list")}"')
    assertNotContains(response, f'href="{reverse("user-list")}"')


def test_the_navigation_marks_the_current_section(client, central):
    client.force_login(central)
    response = client.get(reverse("cooperation:action-list"))
    assertContains(response, f'href="{reverse("cooperation:action-list")}" aria-current="page"')
    assertContains(response, 'aria-controls="menu-cooperation" aria-current="true"')
    assertNotContains(response, 'aria-controls="menu-partnerships" aria-current="true"')
