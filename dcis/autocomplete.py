"""Searchable selects: one JSON endpoint answers what the user types with the first matches.

An app registers a source for a model in its `AppConfig.ready()`:
`register("post", Post, search_fields=["name"])`. Then `/autocomplete/post/?q=sing`
answers `{"results": [{"id": "12", "text": "SSI Singapour"}, …], "more": false}`:
the records the user may see (`visible_to`) whose searched fields hold every word
typed, without regard to case or accents (`dcis.folding`), those with a word that begins
as the first word typed does first, then in the model's order, at most LIMIT of them;
`more` says whether others match (`dcis.views.AutocompleteView`). The widget that calls it
is `dcis.widgets.AutocompleteSelect`.

A form's field may offer fewer records than the user sees — the post a record belongs to
is one the user may change — and its select then searches among those only: `?scope=editable`
(`editable_by`), or a scope of the source's own (`?scope=postable`, the people the user may
give a posting). Every scope narrows what the user sees; an unknown one is not found.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, Q, Value, When
from django.db.models.lookups import Contains, StartsWith
from django.urls import reverse

from .folding import Folded, fold

LIMIT = 20
# What a search reads of the query string: enough for any name, not a denial of service.
MAX_QUERY_LENGTH = 100
MAX_WORDS = 5


@dataclass(frozen=True)
class Source:
    """A model whose records a searchable select offers, and how a search finds them.

    `also(words)`, if given, returns a Q of further matches: a country whose name in the
    user's language holds the words, where the database stores only the French one.
    """

    name: str
    model: type
    search_fields: tuple
    also: Callable | None = None
    scopes: dict = field(default_factory=dict)
    select_related: tuple = ()  # what each record's name reads besides its row

    def scoped(self, user, scope=None):
        """The records the user sees, narrowed by the named scope."""
        queryset = self.model.objects.visible_to(user).select_related(*self.select_related)
        if scope is None:
            return queryset
        return self.scopes[scope](queryset, user)

    def search(self, queryset, words):
        """The records that hold every word; first those with a word that begins as the first word does."""
        query = Q()
        for word in words:
            query &= Q.create([Contains(Folded(field), word) for field in self.search_fields], connector=Q.OR)
        if self.also is not None:
            query |= self.also(words)
        word_start = Q.create(
            [StartsWith(Folded(field), words[0]) for field in self.search_fields]
            + [Contains(Folded(field), f" {words[0]}") for field in self.search_fields],
            connector=Q.OR,
        )
        ordering = self.model._meta.ordering or ["pk"]
        return (
            queryset.filter(query)
            .alias(later=Case(When(word_start, then=Value(False)), default=Value(True)))
            .order_by("later", *ordering)
        )

    @property
    def url(self):
        return reverse("autocomplete", args=[self.name])


_sources = {}


# The scopes every source has: `name(queryset, user)` narrows what the user sees.
SCOPES = {"editable": lambda queryset, user: queryset.editable_by(user)}


def register(name, model, search_fields, also=None, scopes=None, select_related=()):
    """`scopes`: the source's own, beside SCOPES ({"postable": lambda queryset, user: …})."""
    if name in _sources and _sources[name].model is not model:
        raise ImproperlyConfigured(f"The autocomplete source {name!r} is already {_sources[name].model.__name__}'s.")
    _sources[name] = Source(
        name, model, tuple(search_fields), also, {**SCOPES, **(scopes or {})}, tuple(select_related)
    )


def source_named(name, default=ImproperlyConfigured):
    """The source of that name, else `default`."""
    if name in _sources:
        return _sources[name]
    if default is ImproperlyConfigured:
        raise ImproperlyConfigured(f"No autocomplete source is named {name!r}.")
    return default


def source_for(model, default=ImproperlyConfigured):
    """The source registered for a model (the first, if there are several), else `default`."""
    for source in _sources.values():
        if source.model is model:
            return source
    if default is ImproperlyConfigured:
        raise ImproperlyConfigured(f"No autocomplete source is registered for {model.__name__}.")
    return default


def words_of(query):
    """The folded words of what the user typed, within the limits above."""
    words = fold(query.replace("\x00", "")[:MAX_QUERY_LENGTH]).split()
    return list(dict.fromkeys(words))[:MAX_WORDS]
