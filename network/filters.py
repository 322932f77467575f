import django_filters
from django.db import models
from django.utils.translation import gettext_lazy as _

from dcis.filters import YES_NO, RecordFilterSet
from dcis.widgets import AutocompleteSelect, AutocompleteSelectMultiple

from .models import HEAD_ROLES, Competence, Country, ObjectivesLetter, Person, Post, Posting, Zone


def zone_and_children(zone):
    """Posts or countries in a zone or any zone under it (Europe includes the Balkans)."""
    return [zone.pk, *Zone.objects.filter(parent=zone).values_list("pk", flat=True)]


class PostFilterSet(RecordFilterSet):
    search_fields = ("name", "city", "host_country__name")

    zone = django_filters.ModelChoiceFilter(label=_("zone"), queryset=Zone.objects.all(), method="filter_zone")
    host_country = django_filters.ModelChoiceFilter(
        label=_("host country"), queryset=Country.objects.all(), widget=AutocompleteSelect
    )
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Post.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=Post.Status.choices)
    vacant = django_filters.TypedChoiceFilter(label=_("vacant"), choices=YES_NO, coerce=lambda value: value == "True")
    competence = django_filters.ModelChoiceFilter(
        label=_("country of competence"),
        queryset=Country.objects.all(),
        widget=AutocompleteSelect,
        method="filter_competence",
    )

    class Meta(RecordFilterSet.Meta):
        model = Post
        fields = []

    def filter_zone(self, queryset, name, zone):
        return queryset.filter(host_country__zone__in=zone_and_children(zone))

    def filter_competence(self, queryset, name, country):
        covering = Competence.objects.current(self.today).filter(country=country).values("post")
        return queryset.filter(pk__in=covering)


class PersonFilterSet(RecordFilterSet):
    search_fields = ("last_name", "first_name", "email", "grade")

    corps = django_filters.ChoiceFilter(label=_("corps"), choices=Person.Corps.choices)
    role = django_filters.ChoiceFilter(label=_("role"), choices=Posting.Role.choices, method="filter_postings")
    post = django_filters.ModelChoiceFilter(
        label=_("post"), queryset=Post.objects.all(), widget=AutocompleteSelect, method="filter_postings"
    )
    current = django_filters.TypedChoiceFilter(
        label=_("serving today"), choices=YES_NO, coerce=lambda value: value == "True", method="filter_current"
    )

    class Meta(RecordFilterSet.Meta):
        model = Person
        fields = []

    def _postings(self):
        """Postings matching the role and post filters, current ones only if asked."""
        postings = Posting.objects.all()
        data = self.form.cleaned_data
        if data.get("role"):
            postings = postings.filter(role=data["role"])
        if data.get("post"):
            postings = postings.filter(post=data["post"])
        if data.get("current") is True:
            postings = postings.current(self.today)
        return postings

    def filter_postings(self, queryset, name, value):
        return queryset.filter(pk__in=self._postings().values("person"))

    def filter_current(self, queryset, name, value):
        if value:
            return queryset.filter(pk__in=self._postings().values("person"))
        return queryset.exclude(pk__in=Posting.objects.current(self.today).values("person"))


class CountryFilterSet(RecordFilterSet):
    search_fields = ("name", "code")

    zone = django_filters.ModelChoiceFilter(label=_("zone"), queryset=Zone.objects.all(), method="filter_zone")
    covered = django_filters.TypedChoiceFilter(
        label=_("covered"), choices=YES_NO, coerce=lambda value: value == "True", method="filter_covered"
    )
    post = django_filters.ModelChoiceFilter(
        label=_("covering post"), queryset=Post.objects.all(), widget=AutocompleteSelect, method="filter_post"
    )

    class Meta(RecordFilterSet.Meta):
        model = Country
        fields = []

    def filter_zone(self, queryset, name, zone):
        return queryset.filter(zone__in=zone_and_children(zone))

    def filter_covered(self, queryset, name, value):
        return queryset.filter(covering_post_id__isnull=not value)

    def filter_post(self, queryset, name, post):
        return queryset.filter(covering_post_id=post.pk)


class PostsField(django_filters.fields.ModelMultipleChoiceField):
    """Several posts; an empty value (`?post=`, a cleared choice) selects none rather than failing."""

    def clean(self, value):
        return super().clean([item for item in value or () if item not in self.empty_values])


class PostsFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = PostsField


class RotationFilterSet(RecordFilterSet):
    """The rotation page's filters: they narrow its postings (`qs`) and its vacant posts (`posts`)."""

    search_fields = ("person__last_name", "person__first_name", "post__name")
    post_search_fields = ("name", "city", "host_country__name")

    zone = django_filters.ModelChoiceFilter(label=_("zone"), queryset=Zone.objects.all(), method="filter_zone")
    post = PostsFilter(
        label=_("post"),
        queryset=lambda request: Post.objects.visible_to(request.user),
        method="filter_post",
        widget=AutocompleteSelectMultiple,
    )
    role = django_filters.ChoiceFilter(label=_("role"), choices=Posting.Role.choices)

    class Meta(RecordFilterSet.Meta):
        model = Posting
        fields = []

    def filter_zone(self, queryset, name, zone):
        return queryset.filter(post__host_country__zone__in=zone_and_children(zone))

    def filter_post(self, queryset, name, posts):
        return queryset.filter(post__in=[post.pk for post in posts]) if posts else queryset

    def posts(self, posts):
        """The posts these filters select: in the zone, among the chosen posts, led by the chosen role,
        whose name, city or country matches the search."""
        if self.is_bound and not self.is_valid():
            return posts.none()
        data = self.form.cleaned_data if self.is_bound else {}
        if data.get("zone"):
            posts = posts.filter(host_country__zone__in=zone_and_children(data["zone"]))
        if data.get("post"):
            posts = posts.filter(pk__in=[post.pk for post in data["post"]])
        if data.get("role"):
            posts = posts.filter(kind__in=[kind for kind, role in HEAD_ROLES.items() if role == data["role"]])
        if data.get("q"):
            posts = self.search_in(posts, data["q"], self.post_search_fields)
        return posts


class ObjectivesLetterFilterSet(RecordFilterSet):
    search_fields = ("posting__person__last_name", "posting__person__first_name", "posting__post__name")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        OVERDUE = "overdue", _("overdue draft")
        SIGNED = "signed", _("signed")

    zone = django_filters.ModelChoiceFilter(label=_("zone"), queryset=Zone.objects.all(), method="filter_zone")
    post = django_filters.ModelChoiceFilter(
        label=_("post"), queryset=Post.objects.all(), widget=AutocompleteSelect, field_name="posting__post"
    )
    state = django_filters.ChoiceFilter(label=_("status"), choices=State.choices, method="filter_state")
    current = django_filters.TypedChoiceFilter(
        label=_("tour under way"), choices=YES_NO, coerce=lambda value: value == "True", method="filter_current"
    )

    class Meta(RecordFilterSet.Meta):
        model = ObjectivesLetter
        fields = []

    def filter_zone(self, queryset, name, zone):
        return queryset.filter(posting__post__host_country__zone__in=zone_and_children(zone))

    def filter_state(self, queryset, name, state):
        if state == self.State.SIGNED:
            return queryset.filter(signed_on__isnull=False)
        if state == self.State.OVERDUE:
            return queryset.overdue(self.today)
        return queryset.filter(signed_on__isnull=True)

    def filter_current(self, queryset, name, value):
        current = Posting.objects.current(self.today).values("pk")
        return queryset.filter(posting__in=current) if value else queryset.exclude(posting__in=current)
