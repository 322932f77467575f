"""The one access policy: who is this user today, and what may they see and change.

Every queryset a page, a form, an export or the admin shows to a user starts from
`visible_to(user)` or `editable_by(user)` on a model's manager (`RecordQuerySet`);
nothing else filters by user.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

CENTRAL_GROUP = "Administration centrale"
READ_ONLY_GROUP = "Lecture seule"

# What a page may require. Record views declare theirs (`PolicyMixin.policy`);
# the other pages are declared in OTHER_URL_POLICIES below.
POLICIES = {
    "public": "anyone, signed in or not",
    "signed-in": "any signed-in user, with a role or not",
    "read": "any role: central, read-only, post staff, admin",
    "write": "someone who may change the record: central staff, admins, the post's staff",
    "central": "central staff and admins",
    "admin": "superusers (the Django admin)",
}

OTHER_URL_POLICIES = {
    "login": "public",
    "logout": "public",
    "set_language": "public",
    "password_reset": "public",
    "password_reset_done": "public",
    "password_reset_confirm": "public",
    "password_reset_complete": "public",
    "password_change": "signed-in",
    "password_change_done": "signed-in",
    "admin:*": "admin",
}


def policy_of(url_name, view):
    """The policy that applies to a URL: its view's own, else the declaration above."""
    policy = getattr(getattr(view, "view_class", None), "policy", None)
    if policy is None:
        namespace = url_name.split(":")[0]
        policy = OTHER_URL_POLICIES.get(url_name) or OTHER_URL_POLICIES.get(f"{namespace}:*")
    return policy


@dataclass(frozen=True)
class Access:
    """What one user may do today."""

    is_authenticated: bool = False
    is_admin: bool = False
    is_central: bool = False
    is_read_only: bool = False
    post_ids: frozenset = field(default_factory=frozenset)

    @property
    def changes_everything(self):
        return self.is_admin or self.is_central

    @property
    def is_post_staff(self):
        return bool(self.post_ids)

    @property
    def has_role(self):
        return self.changes_everything or self.is_read_only or self.is_post_staff


ANONYMOUS = Access()


def access_for(user):
    """The user's access, computed once and kept on the user object (so once per request)."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_dcis_access", None)
    if cached is None:
        cached = user._dcis_access = _compute_access(user)
    return cached


def _compute_access(user):
    from network.models import Post

    groups = set(user.groups.values_list("name", flat=True))
    return Access(
        is_authenticated=True,
        is_admin=user.is_superuser,
        is_central=CENTRAL_GROUP in groups,
        is_read_only=READ_ONLY_GROUP in groups,
        post_ids=frozenset(Post.objects.staffed_by(user, on=timezone.localdate()).values_list("pk", flat=True)),
    )


def home_post_id(user):
    """The post a user of post staff serves at, which their new records belong to unless they
    choose another (an antenna under it); None for central staff or someone serving at two."""
    access = access_for(user)
    if access.changes_everything or not access.post_ids:
        return None
    if len(access.post_ids) == 1:
        return next(iter(access.post_ids))
    from network.models import Post

    served = list(Post.objects.served_by(user, on=timezone.localdate()).values_list("pk", flat=True)[:2])
    return served[0] if len(served) == 1 else None


def accounts_managed_by(user):
    """The user accounts this user may list, change, unlock or link to a person.

    An account with the Django admin's rights (superuser, or staff status with
    permissions given in the admin) stands above central staff: whoever could
    change its e-mail could take it over through a password reset. Only
    superusers reach those accounts; to anyone else they do not exist.
    """
    from django.contrib.auth import get_user_model

    accounts = get_user_model().objects.all()
    if access_for(user).is_admin:
        return accounts
    return accounts.filter(is_superuser=False, is_staff=False)


class RecordQuerySet(models.QuerySet):
    """Turns a record type's declaration of how it belongs to a post (`dcis.models.Record`:
    `post_lookup`, `need_to_know`, `read_only_sees`, `central_writes`) into visibility rules."""

    def owned_by(self, post_ids):
        """The records that belong to one of these posts: the ones their staff may change."""
        post_lookup = getattr(self.model, "post_lookup", None)
        if post_lookup is None or not post_ids:
            return self.none()
        lookup = {f"{post_lookup}__in": post_ids}
        if not _through_many(self.model, post_lookup):
            return self.filter(**lookup)
        # A subquery rather than a join: a path through a to-many relation must not repeat rows.
        return self.filter(pk__in=self.model._base_manager.filter(**lookup).values("pk"))

    def linked_to(self, field_name, **lookups):
        """Records whose `field_name` points to a row matching `lookups`, each record once.

        A many-to-many field is tested with EXISTS on its link table: neither a join
        that repeats records nor a second pass over the records' own table.
        """
        field = self.model._meta.get_field(field_name)
        if not field.many_to_many:
            return self.filter(**{f"{field_name}__{lookup}": value for lookup, value in lookups.items()})
        links = field.remote_field.through.objects.filter(**{field.m2m_field_name(): models.OuterRef("pk")})
        target = field.m2m_reverse_field_name()
        return self.filter(
            models.Exists(links.filter(**{f"{target}__{lookup}": value for lookup, value in lookups.items()}))
        )

    def not_settled(self):
        """Leave out settled records — past, or in a final state — which only central staff change.

        Nothing is settled by default; a model's QuerySet says what is.
        """
        return self

    def visible_to(self, user):
        access = access_for(user)
        if access.changes_everything or (access.has_role and not getattr(self.model, "need_to_know", False)):
            return self
        if access.is_read_only and getattr(self.model, "read_only_sees", False):
            return self
        return self.owned_by(access.post_ids)

    def counted_by(self, user):
        """What the user may count in figures: every record, for anyone with a role.

        Need-to-know records are counted, never listed, beyond `visible_to`.
        """
        return self if access_for(user).has_role else self.none()

    def editable_by(self, user):
        access = access_for(user)
        if access.changes_everything:
            return self
        if getattr(self.model, "central_writes", False):
            return self.none()
        return self.owned_by(access.post_ids).not_settled()


def _through_many(model, path):
    """Whether a lookup path crosses a to-many relation (which a join would repeat rows over)."""
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def can_create(user, model):
    """Whether the user may create a record of this model at all (their posts decide which).

    Post staff create records that belong to a post, never reference data nor posts, nor what
    central staff write to the post (`central_writes`).
    """
    access = access_for(user)
    return access.changes_everything or (
        access.is_post_staff
        and getattr(model, "post_lookup", None) is not None
        and not getattr(model, "central_writes", False)
    )
