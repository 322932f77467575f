"""Searchable selects: one JSON endpoint answers what the user types with the first matches.

An app registers a source for a model in its `AppConfig.ready()`:
`register("post", Post, search_fields=["name"])`. Then `/autocomplete/post/?q=sing`
answers `{"results": [{"id": "12", "text": "SSI Singapour"}, …], "more": false}`:
the records the user may see (`visible_to`) whose searched fields hold every word
typed, without regard to case or accents (`dcis.folding`), those with a word that begins
as the first word typed does first, then in the model's order, at most LIMIT of them;
`more` says whether others match. The widget that calls it is
`dcis.widgets.AutocompleteSelect`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, Q, Value, When
from django.db.models.lookups import Contains, StartsWith
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.views import View

from .folding import Folded, fold
from .views import PolicyMixin

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


def register(name, model, search_fields, also=None):
    if name in _sources and _sources[name].model is not model:
        raise ImproperlyConfigured(f"The autocomplete source {name!r} is already {_sources[name].model.__name__}'s.")
    _sources[name] = Source(name, model, tuple(search_fields), also)


def source_named(name):
    try:
        return _sources[name]
    except KeyError:
        raise ImproperlyConfigured(f"No autocomplete source is named {name!r}.") from None


def source_for(model):
    """The source registered for a model (the first, if there are several)."""
    for source in _sources.values():
        if source.model is model:
            return source
    raise ImproperlyConfigured(f"No autocomplete source is registered for {model.__name__}.")


def words_of(query):
    """The folded words of what the user typed, within the limits above."""
    words = fold(query.replace("\x00", "")[:MAX_QUERY_LENGTH]).split()
    return list(dict.fromkeys(words))[:MAX_WORDS]


class AutocompleteView(PolicyMixin, View):
    """The first records of a source that match `?q=`, as JSON, for anyone with a role."""

    policy = "read"
    http_method_names = ["get"]

    def get(self, request, source):
        try:
            source = _sources[source]
        except KeyError:
            raise Http404 from None
        queryset = source.model.objects.visible_to(request.user)
        words = words_of(request.GET.get("q", ""))
        if words:
            queryset = source.search(queryset, words)
        found = list(queryset[: LIMIT + 1])
        results = [{"id": str(record.pk), "text": str(record)} for record in found[:LIMIT]]
        return JsonResponse({"results": results, "more": len(found) > LIMIT})
