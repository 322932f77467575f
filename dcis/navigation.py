"""The register's navigation, declared once: the header's menu and the site map both draw it,
so the site map cannot go stale."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    args: tuple = ()
    # Current on any page whose path holds this (the rotation of any year), else under its URL.
    matches: str = ""

    def url(self, context):
        return reverse(self.url_name, args=[context.get(arg) for arg in self.args])


@dataclass(frozen=True)
class Menu:
    label: str
    key: str
    links: list = field(default_factory=list)
    # Menus for central staff and admins only (access.changes_everything).
    central: bool = False


NAVIGATION = [
    Link(_("Home"), "home"),
    Link(_("Posts"), "network:post-list"),
    Link(_("People"), "network:person-list"),
    Link(_("Countries"), "network:country-list"),
    # The next rotation: `rotation_year` comes from network.context_processors.rotation.
    Link(_("Rotation"), "network:rotation", ("rotation_year",), matches="/rotation/"),
    Menu(
        _("Missions"),
        "missions",
        [
            Link(_("Objectives letters"), "network:objectivesletter-list"),
            Link(_("Logbook"), "network:logbookentry-list"),
        ],
    ),
    Menu(
        _("Cooperation"),
        "cooperation",
        [
            Link(_("Technical actions"), "cooperation:action-list"),
            Link(_("Operational requests"), "cooperation:operationalrequest-list"),
            Link(_("Agreements"), "cooperation:agreement-list"),
            Link(_("Events"), "cooperation:event-list"),
        ],
    ),
    Menu(
        _("Partnerships"),
        "partnerships",
        [
            Link(_("Market opportunities"), "partnerships:opportunity-list"),
            Link(_("Companies"), "partnerships:company-list"),
            Link(_("Groupings"), "partnerships:grouping-list"),
            Link(_("Trade shows"), "partnerships:tradeshow-list"),
            Link(_("Assistance to companies"), "partnerships:assistance-list"),
        ],
    ),
    Menu(
        _("Reference data"),
        "reference",
        [
            Link(_("Zones"), "network:zone-list"),
            Link(_("Roadmap priorities"), "network:priority-list"),
            Link(_("Themes"), "cooperation:theme-list"),
            Link(_("French contributors"), "cooperation:directorate-list"),
            Link(_("Requesting services"), "cooperation:requestingservice-list"),
            Link(_("Partner institutions"), "cooperation:institution-list"),
            Link(_("External partners at events"), "cooperation:eventpartner-list"),
            Link(_("Industry domains"), "partnerships:domain-list"),
            Link(_("Trade-show delegations"), "partnerships:delegation-list"),
            Link(_("Company contacts"), "partnerships:contact-list"),
        ],
        central=True,
    ),
    Menu(
        _("Central office"),
        "central",
        [
            Link(_("Users"), "user-list"),
            Link(_("Deleted records"), "deleted-records"),
            Link(_("Exports"), "exportrecord-list"),
            Link(_("Imports"), "importrecord-list"),
        ],
        central=True,
    ),
]


def navigation_for(context):
    """The navigation as `context`'s user may follow it: (label, url, current, links) per entry,
    `links` being a menu's (label, url, current) or None for a plain link."""
    access = context.get("access")
    request = context.get("request")
    path = request.path if request else ""
    home = reverse("home")

    def current(url, matches=""):
        if matches:
            return matches in path
        return path == url if url == home else path.startswith(url)

    entries = []
    for entry in NAVIGATION:
        if isinstance(entry, Link):
            url = entry.url(context)
            entries.append((entry.label, url, current(url, entry.matches), None))
        elif not entry.central or (access and access.changes_everything):
            urls = [(link.label, link.url(context)) for link in entry.links]
            links = [(label, url, current(url)) for label, url in urls]
            entries.append((entry.label, entry.key, any(is_current for _, _, is_current in links), links))
    return entries
