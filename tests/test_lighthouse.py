"""What Lighthouse would check, checked offline: each main page declares its language, a title
of its own and a zoomable viewport, blocks its first paint on style sheets only, and weighs
little once compressed; production serves the static files compressed (Brotli, gzip) and,
their names carrying a hash, cached for a year."""

import functools
import gzip
from html.parser import HTMLParser

import brotli
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse
from whitenoise.middleware import WhiteNoiseMiddleware

from tests import factories

# What a page sends before its first paint and in all, compressed as production sends it.
PAGE_BUDGET = 200 * 1024  # 140 to 160 KB today
STYLE_SHEETS_AT_MOST = 12


class Page(HTMLParser):
    """What of a page Lighthouse reads: its head's elements, its scripts and style sheets, its images."""

    def __init__(self):
        super().__init__()
        self.in_head = self.in_title = False
        self.lang = self.title = self.viewport = None
        self.doctype = ""
        self.head_scripts, self.scripts, self.style_sheets, self.images_without_alt = [], [], [], []

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "head":
            self.in_head = True
        elif tag == "title":
            self.in_title, self.title = True, ""
        elif tag == "meta" and attrs.get("name") == "viewport":
            self.viewport = attrs.get("content", "")
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.style_sheets.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
            if self.in_head and "defer" not in attrs and attrs.get("type") != "module":
                self.head_scripts.append(attrs["src"])
        elif tag == "img" and attrs.get("alt") is None:
            self.images_without_alt.append(attrs.get("src"))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        elif tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data


def read(html):
    page = Page()
    page.feed(html)
    return page


@functools.cache
def compressed_size(url):
    """The size production sends a static file at, Brotli-compressed (as WhiteNoise's copy)."""
    path = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
    assert path, f"{url} is not a static file"
    with open(path, "rb") as file:
        return len(brotli.compress(file.read()))


@pytest.fixture
def pages(client, central, post):
    action = factories.ActionFactory(post=post)
    client.force_login(central)
    urls = {
        "home": reverse("home"),
        "actions": reverse("cooperation:action-list"),
        "action": reverse("cooperation:action-detail", args=[action.pk]),
        "action form": reverse("cooperation:action-update", args=[action.pk]),
        "posts": reverse("network:post-list"),
        "post": reverse("network:post-detail", args=[post.pk]),
    }
    return {name: client.get(url) for name, url in urls.items()}


def test_each_page_says_its_language_its_title_and_lets_one_zoom(pages):
    titles = set()
    for name, response in pages.items():
        assert response.status_code == 200, name
        page = read(response.content.decode())
        assert page.doctype.lower() == "doctype html", name
        assert page.lang == "fr", name
        title = " ".join(page.title.split())
        assert title.endswith("— Registre du réseau DCIS") and len(title) > len("— Registre du réseau DCIS"), name
        titles.add(title)
        viewport = {part.split("=")[0].strip(): part.partition("=")[2].strip() for part in page.viewport.split(",")}
        assert viewport["width"] == "device-width" and viewport["initial-scale"] == "1", name
        assert viewport.get("user-scalable", "yes") != "no" and float(viewport.get("maximum-scale", 5)) >= 5, name
        assert page.images_without_alt == [], name
    assert len(titles) == len(pages)  # each page a title of its own


def test_each_page_blocks_its_first_paint_on_few_style_sheets_and_weighs_little(pages):
    for name, response in pages.items():
        page = read(response.content.decode())
        assert page.head_scripts == [], f"{name}: scripts in the head hold up the page"
        assert len(page.style_sheets) <= STYLE_SHEETS_AT_MOST, name
        weight = len(brotli.compress(response.content)) + sum(
            compressed_size(url) for url in page.style_sheets + page.scripts
        )
        assert weight <= PAGE_BUDGET, f"{name}: {weight // 1024} KB compressed"


PRODUCTION_STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_production_serves_static_files_compressed_and_cached_for_a_year(tmp_path):
    """collectstatic as production runs it (the register's own files), then WhiteNoise as
    production configures it: a hashed name is cached for good, Brotli or gzip as the browser
    accepts."""
    own_files = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    with override_settings(
        STORAGES=PRODUCTION_STORAGES,
        STATIC_ROOT=tmp_path,
        STATICFILES_FINDERS=own_files,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.contrib.staticfiles.storage import staticfiles_storage

        hashed = staticfiles_storage.url("css/dcis.css")
        assert hashed != f"{settings.STATIC_URL}css/dcis.css"  # the name carries a hash
        served = WhiteNoiseMiddleware(get_response=lambda request: None)
        for encoding, opener in (("br", brotli.decompress), ("gzip", gzip.decompress)):
            response = served(RequestFactory().get(hashed, HTTP_ACCEPT_ENCODING=encoding))
            assert response.status_code == 200
            assert response["Content-Encoding"] == encoding
            assert response["Cache-Control"] == "max-age=315360000, public, immutable"
            body = opener(b"".join(response.streaming_content))
            assert body == (tmp_path / staticfiles_storage.stored_name("css/dcis.css")).read_bytes()
        # A name without its hash may change tomorrow: kept a minute only.
        plain = served(RequestFactory().get(f"{settings.STATIC_URL}css/dcis.css"))
        assert plain["Cache-Control"] == "max-age=60, public"
