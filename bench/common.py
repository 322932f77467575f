"""What the three benchmarks share: Django set up with the bench settings, the users they sign in as."""

import math
import os

ROLES = ("central", "post-staff", "read-only")


def setup():
    """Django with `dcis.settings.bench` unless DJANGO_SETTINGS_MODULE names other settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dcis.settings.bench")
    import django

    django.setup()


def percentile(values, p):
    """The nearest-rank percentile: a value that was measured, defined from one value on."""
    ordered = sorted(values)
    return ordered[max(math.ceil(p / 100 * len(ordered)), 1) - 1]


def pick_users(central=None, post_staff=None, read_only=None):
    """One active user of each role, from the database: the given username, else the first by username.

    Post staff are users whose person holds a posting today and who have no other role,
    so that what they see is their post's view of the register.
    """
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from dcis.access import CENTRAL_GROUP, READ_ONLY_GROUP
    from network.models import Posting

    users = get_user_model().objects.filter(is_active=True, is_superuser=False).order_by("username")
    staffing = Posting.objects.current(timezone.localdate()).values("person__user")
    candidates = {
        "central": users.filter(groups__name=CENTRAL_GROUP),
        "post-staff": users.filter(pk__in=staffing).exclude(groups__name__in=[CENTRAL_GROUP, READ_ONLY_GROUP]),
        "read-only": users.filter(groups__name=READ_ONLY_GROUP).exclude(groups__name=CENTRAL_GROUP),
    }
    chosen = {"central": central, "post-staff": post_staff, "read-only": read_only}
    picked = {}
    for role, queryset in candidates.items():
        user = queryset.filter(username=chosen[role]).first() if chosen[role] else queryset.first()
        if user is None:
            wanted = f"user {chosen[role]!r} as " if chosen[role] else "user with the role "
            raise SystemExit(f"No active {wanted}{role} in the database: load the demo (manage.py seed_demo).")
        picked[role] = user
    return picked


def pick_superuser(username=None):
    from django.contrib.auth import get_user_model

    superusers = get_user_model().objects.filter(is_active=True, is_superuser=True).order_by("username")
    user = superusers.filter(username=username).first() if username else superusers.first()
    if user is None:
        raise SystemExit("No active superuser in the database: load the demo (manage.py seed_demo).")
    return user
