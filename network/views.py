import datetime
from collections import Counter, defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views import generic
from django.views.generic.detail import SingleObjectMixin

from dcis import export, formatting
from dcis.forms import FIRST_YEAR, LAST_YEAR, add_errors
from dcis.panels import my_post_panels
from dcis.sublists import SubList
from dcis.summaries import remembered
from dcis.views import (
    PolicyMixin,
    RecordCreateView,
    RecordDetailView,
    RecordListView,
    RecordMixin,
    RecordUpdateView,
    urlencode_with,
)

from . import services
from .filters import CountryFilterSet, ObjectivesLetterFilterSet, PersonFilterSet, PostFilterSet, RotationFilterSet
from .forms import (
    CompetenceForm,
    MoveCompetenceForm,
    ObjectiveForm,
    ObjectivesLetterForm,
    PersonForm,
    PostCreateForm,
    PostForm,
    PostingForm,
    PostStatusChangeForm,
    SignLetterForm,
)
from .models import (
    Competence,
    Country,
    Objective,
    ObjectivesLetter,
    Person,
    Post,
    Posting,
    PostStatusChange,
    rotation_summer,
)
from .tables import CountryTable, ObjectivesLetterTable, PersonTable, PostTable, RotationTable


def with_head(posts, on):
    """Annotate the name of the person leading each post on the date."""
    head = Posting.objects.current(on).filter(Posting.head_role_q(), post=OuterRef("pk")).order_by("start")
    return posts.annotate(
        head_last_name=Subquery(head.values("person__last_name")[:1]),
        head_first_name=Subquery(head.values("person__first_name")[:1]),
    )


def editable_among(model, user, records):
    """The keys of the records the user may change, asked of the rows a page shows only."""
    keys = [record.pk for record in records]
    return set(model.objects.editable_by(user).filter(pk__in=keys).order_by().values_list("pk", flat=True))


def network_figures(posts, postings, countries):
    """The network today: posts by kind and status, vacancies, staff by corps and role,
    countries covered. Four queries, whatever the network's size."""
    # One row per post (kind, status, vacancy), counted here: grouping in SQL would
    # evaluate the status subquery once per count.
    kinds = defaultdict(Counter)
    for kind, status, vacant in posts.values_list("kind", "status", "vacant"):
        kinds[kind][status] += 1
        kinds[kind]["vacant"] += vacant
    by_corps = postings.values("person__corps").annotate(n=Count("person", distinct=True))
    staff_by_corps = {row["person__corps"]: row["n"] for row in by_corps}
    staff_by_role = {row["role"]: row["n"] for row in postings.values("role").annotate(n=Count("pk"))}
    return {
        "kinds": dict(kinds),
        "open_posts": sum(row.get("open", 0) for row in kinds.values()),
        "vacant_posts": sum(row.get("vacant", 0) for row in kinds.values()),
        "countries_covered": countries.count(),
        "staff_abroad": sum(staff_by_corps.values()),
        "staff_by_corps": [(corps, staff_by_corps.get(corps, 0)) for corps in Person.Corps],
        "staff_by_role": [(role, staff_by_role.get(role, 0)) for role in Posting.Role],
    }


class HomeView(PolicyMixin, generic.TemplateView):
    """The network in figures, today; for post staff, their post first ("my post")."""

    policy = "read"
    template_name = "network/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        user = self.request.user
        figures = remembered(
            "network figures",
            Post.objects.visible_to(user).with_vacancy(today),
            network_figures,
            Posting.objects.visible_to(user).current(today),
            Country.objects.visible_to(user).filter(pk__in=Competence.objects.current(today).values("country")),
            also=(PostStatusChange, Person, Competence),
        )
        kinds = figures.pop("kinds")
        posts, countries, people = (reverse(f"network:{name}-list") for name in ("post", "country", "person"))
        tiles = [
            (_("Open posts"), f"{posts}?status=open", "open-posts", figures["open_posts"]),
            (_("Vacant posts"), f"{posts}?vacant=True", "vacant-posts", figures["vacant_posts"]),
            (_("Countries covered"), f"{countries}?covered=True", "countries-covered", figures["countries_covered"]),
            (_("Staff abroad"), f"{people}?current=True", "staff-abroad", figures["staff_abroad"]),
        ]
        return super().get_context_data(
            today=today,
            my_post=self.my_post(today),
            tiles=tiles,
            kinds=[(kind, kinds.get(kind, {})) for kind in Post.Kind],
            planned_posts=sum(row.get("planned", 0) for row in kinds.values()),
            **figures,
            **kwargs,
        )

    # Postings ending within this many days are "due": their successor is to be found.
    due_within = datetime.timedelta(days=183)

    def my_post(self, today):
        """Post staff's own posts: the team in post today, whose posting ends within six months
        (one query), and what the other apps add (`dcis.panels.register_my_post`). Central staff,
        who follow the whole network, get None."""
        access = self.access
        if access.changes_everything or not access.is_post_staff:
            return None
        team = list(
            Posting.objects.visible_to(self.request.user)
            .current(today)
            .filter(post__in=access.post_ids)
            .select_related("person", "post")
            .order_by("post__name", "ends_on", "person__last_name", "pk")
        )
        horizon = today + self.due_within
        return {
            "team": team,
            "ending": [posting for posting in team if posting.ends_on <= horizon],
            "horizon": horizon,
            # What the apps above add: requests to answer, deadlines, the records changed lately.
            "panels": my_post_panels(access.post_ids, self.request.user, today),
        }


# Posts


class PostListView(RecordListView):
    model = Post
    filterset_class = PostFilterSet
    table_class = PostTable
    select_related = ("host_country", "host_country__zone", "parent")

    def annotate(self, queryset):
        today = timezone.localdate()
        return with_head(queryset.with_vacancy(today), today)


class PostDetailView(RecordDetailView):
    """A post: its competences and team today and to come in full, its past as paginated lists."""

    model = Post
    select_related = ("host_country", "host_country__zone", "parent")

    def annotate(self, queryset):
        return queryset.with_vacancy()

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        post = self.object
        request, user = self.request, self.request.user
        competences = post.competences.select_related("country")
        postings = post.postings.select_related("person")
        competences_now = list(competences.current(today).order_by("-start", "pk"))
        competences_planned = list(competences.filter(start__gt=today).order_by("start", "pk"))
        past_competences = SubList(
            request, "past_competences", competences.filter(end__lt=today).order_by("-start", "pk")
        )
        team = sorted(postings.current(today).order_by("-start", "pk"), key=lambda p: p.role != post.head_role)
        incoming = list(postings.filter(start__gt=today).order_by("start", "pk"))
        past_postings = SubList(
            request,
            "past_postings",
            postings.filter(ends_on__lt=today).order_by("-start", "pk"),
            see_all=(f"{reverse('network:person-list')}?post={post.pk}", _("See everyone posted here")),
        )
        return super().get_context_data(
            editable_competences=editable_among(
                Competence, user, [*competences_now, *competences_planned, *past_competences]
            ),
            editable_postings=editable_among(Posting, user, [*team, *incoming, *past_postings]),
            today=today,
            competences_now=competences_now,
            competences_planned=competences_planned,
            past_competences=past_competences,
            team=team,
            incoming=incoming,
            past_postings=past_postings,
            antennas=with_head(post.antennas.with_vacancy(today), today).select_related("host_country"),
            status_changes=SubList(request, "status_changes", post.status_changes.order_by("-date")),
            **kwargs,
        )


class PostCreateView(RecordCreateView):
    model = Post
    form_class = PostCreateForm

    def save_record(self, form):
        return services.create_post(form.instance, form.cleaned_data["status"], form.cleaned_data["status_date"])


class PostUpdateView(RecordUpdateView):
    model = Post
    form_class = PostForm


class PostStatusChangeCreateView(RecordCreateView):
    model = PostStatusChange
    form_class = PostStatusChangeForm


# Competences


class CompetenceFormMixin:
    model = Competence
    form_class = CompetenceForm

    def save_record(self, form):
        return services.save_competence(form.instance)


class CompetenceCreateView(CompetenceFormMixin, RecordCreateView):
    pass


class CompetenceUpdateView(CompetenceFormMixin, RecordUpdateView):
    pass


class MoveCompetenceView(PolicyMixin, generic.FormView):
    """Hand a country over to another post in one step."""

    policy = "write"
    form_class = MoveCompetenceForm
    template_name = "records/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.country = get_object_or_404(Country, pk=kwargs["code"].upper())
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self):
        # Moving a country takes it from one post and gives it to another: the
        # user must be able to change the post that covers it now.
        if self.access.changes_everything:
            return True
        current = Competence.objects.current().filter(country=self.country).first()
        return current is not None and current.post_id in self.access.post_ids

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Move the competence for %(country)s") % {"country": self.country}, **kwargs
        )

    def form_valid(self, form):
        try:
            competence = services.move_competence(self.country, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(country)s is covered by %(post)s from %(date)s.")
            % {"country": self.country, "post": competence.post, "date": formatting.long_date(competence.start)},
        )
        return HttpResponseRedirect(self.country.get_absolute_url())


# People and postings


class PersonListView(RecordListView):
    model = Person
    filterset_class = PersonFilterSet
    table_class = PersonTable

    def annotate(self, queryset):
        current = Posting.objects.current().filter(person=OuterRef("pk"))
        return queryset.annotate(
            current_post_id=Subquery(current.values("post_id")[:1]),
            current_post_name=Subquery(current.values("post__name")[:1]),
            current_role=Subquery(current.values("role")[:1]),
        )


class PersonDetailView(RecordDetailView):
    """A person: their current and coming postings in full, the past ones as a paginated list."""

    model = Person
    select_related = ("user",)

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        user = self.request.user
        postings = self.object.postings.select_related("post")
        current_postings = list(postings.current_or_coming(today).order_by("-start", "pk"))
        past_postings = SubList(
            self.request, "past_postings", postings.filter(ends_on__lt=today).order_by("-start", "pk")
        )
        return super().get_context_data(
            current_postings=current_postings,
            past_postings=past_postings,
            editable_postings=editable_among(Posting, user, [*current_postings, *past_postings]),
            today=today,
            can_create_posting=Person.objects.postable_by(user).filter(pk=self.object.pk).exists(),
            **kwargs,
        )


class PersonCreateView(RecordCreateView):
    model = Person
    form_class = PersonForm


class PersonUpdateView(RecordUpdateView):
    model = Person
    form_class = PersonForm


class PostingFormMixin:
    model = Posting
    form_class = PostingForm

    def save_record(self, form):
        return services.save_posting(form.instance)


class PostingCreateView(PostingFormMixin, RecordCreateView):
    pass


class PostingUpdateView(PostingFormMixin, RecordUpdateView):
    pass


# Countries


class CountryListView(RecordListView):
    model = Country
    filterset_class = CountryFilterSet
    table_class = CountryTable
    page_size = 50
    select_related = ("zone",)

    def annotate(self, queryset):
        return queryset.with_coverage()


class CountryDetailView(RecordDetailView):
    """A country: who covers it today and who will, in full; who covered it before, paginated."""

    model = Country
    select_related = ("zone", "zone__parent")

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        competences = self.object.competences.select_related("post")
        current = competences.current(today).first()
        return super().get_context_data(
            today=today,
            current=current,
            competences_planned=list(competences.filter(start__gt=today).order_by("start", "pk")),
            past_competences=SubList(
                self.request, "past_competences", competences.filter(end__lt=today).order_by("-start", "pk")
            ),
            can_move=self.access.changes_everything
            or (current is not None and current.post_id in self.access.post_ids),
            hosted_posts=self.object.hosted_posts.with_status(today),
            **kwargs,
        )


# Rotation


class RotationSection:
    """One section of the rotation page — its page of rows, its count, the links to its other
    pages. Each section reads its own page parameter (`page_leaving`…): paging one keeps the others
    (the `pagination` template tag draws its links on `param`)."""

    def __init__(self, name, rows, query, per_page):
        self.name = name
        self.param = f"page_{name}"
        self.query = query
        self.page = Paginator(rows, per_page).get_page(query.get(self.param))

    def __iter__(self):
        return iter(self.page)

    @property
    def count(self):
        return self.page.paginator.count

    @property
    def shown_count(self):
        """The count as a French reader reads it: 1 234."""
        return formats.number_format(self.count, force_grouping=True)


class RotationView(PolicyMixin, generic.TemplateView):
    """The August rotation of a year: who leaves, who arrives, which posts fall vacant, whose tour
    ends next year — in the zone, posts and role the filters choose, a page at a time per section.

    Post staff arriving without filters see their own posts; central staff and read-only users
    the whole network.
    """

    policy = "read"
    template_name = "network/rotation.html"
    per_page = 25

    def get(self, request, year, **kwargs):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise Http404
        self.year = year
        self.summer = rotation_summer(year)
        self.filterset = self.get_filterset()
        self.postings = self.filterset.qs if self.filterset.is_valid() else self.filterset.queryset.none()
        export_format = request.GET.get("export")
        if export_format in export.FORMATS:
            title = _("rotation %(year)s") % {"year": year}
            return export.export_response(
                request, self.movements(), export_format, "network.rotation", title, self.filter_values()
            )
        return super().get(request, year=year, **kwargs)

    def get_filterset(self):
        """The filters the URL names; a post staff user's own posts when it names none."""
        data = self.request.GET.copy()
        self.own_posts_by_default = (
            self.access.is_post_staff
            and not self.access.changes_everything
            and not any(name in data for name in RotationFilterSet.base_filters)
        )
        if self.own_posts_by_default:
            data.setlist("post", sorted(self.access.post_ids))
        postings = Posting.objects.visible_to(self.request.user).select_related("person", "post")
        return RotationFilterSet(data, queryset=postings, request=self.request)

    def filter_values(self):
        """What the filters chose, for the export's file name."""
        data = self.filterset.form.cleaned_data if self.filterset.is_valid() else {}
        role = data.get("role")
        values = [data.get("zone"), *(data.get("post") or ()), role and Posting.Role(role).label, data.get("q")]
        return [value for value in values if value]

    def movements(self):
        """Every posting the rotation moves, with the movement, as a table (the export's rows)."""
        leaving = Q(ends_on__range=self.summer)
        arriving = Q(start__range=self.summer)
        ending_next_year = Q(ends_on__year=self.year + 1)
        rows = (
            self.postings.filter(leaving | arriving | ending_next_year)
            .select_related("post__host_country")
            .annotate(
                movement=Case(
                    When(leaving, then=Value("leaves")),
                    When(arriving, then=Value("arrives")),
                    default=Value("ends_next_year"),
                )
            )
            .order_by("movement", "post__name", "ends_on", "pk")
        )
        return RotationTable(rows)

    def get_context_data(self, year, **kwargs):
        first_september = datetime.date(year, 9, 1)
        postings = self.postings
        vacant = self.filterset.posts(
            Post.objects.visible_to(self.request.user).vacant(first_september).select_related("host_country")
        )
        query = self.request.GET.copy()
        query.pop("export", None)
        sections = {
            "leaving": postings.filter(ends_on__range=self.summer).order_by("post__name", "ends_on", "pk"),
            "arriving": postings.filter(start__range=self.summer).order_by("post__name", "start", "pk"),
            "vacant": vacant.order_by("name", "pk"),
            "ending_next_year": postings.filter(ends_on__year=year + 1).order_by("ends_on", "post__name", "pk"),
        }
        sections = {name: RotationSection(name, rows, query.copy(), self.per_page) for name, rows in sections.items()}
        # Another year, or an export, keeps the filters and leaves the pages out.
        for name in sections:
            query.pop(f"page_{name}", None)
        return super().get_context_data(
            year=year,
            filter=self.filterset,
            own_posts_by_default=self.own_posts_by_default,
            **sections,
            first_september=first_september,
            year_query=query.urlencode(),
            export_urls=[(fmt, f"?{urlencode_with(query, export=fmt)}") for fmt in export.FORMATS],
            **kwargs,
        )


# Objectives letters

# Heads of post arriving within this many days are due their letter: it is written before arrival.
LETTER_HORIZON = datetime.timedelta(days=92)


class ObjectivesLetterListView(RecordListView):
    model = ObjectivesLetter
    filterset_class = ObjectivesLetterFilterSet
    table_class = ObjectivesLetterTable
    select_related = ("posting__person", "posting__post")
    template_name = "network/objectivesletter_list.html"

    def annotate(self, queryset):
        return queryset.annotate(objective_count=Count("objectives"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.access.changes_everything:
            context.update(letters_missing(timezone.localdate()))
        return context


def letters_missing(today, shown=10):
    """The heads of post serving or arriving within LETTER_HORIZON who have no letter, the first
    arrivals first: what central staff have to write."""
    postings = (
        Posting.objects.current_or_coming(today)
        .filter(Posting.head_role_q(), start__lte=today + LETTER_HORIZON, objectives_letter__isnull=True)
        .select_related("person", "post")
        .order_by("start", "pk")
    )
    return {"missing_letters": list(postings[:shown]), "missing_letter_count": postings.count()}


class ObjectivesLetterDetailView(RecordDetailView):
    model = ObjectivesLetter
    select_related = ("posting__person", "posting__post")
    fields = ("posting", "context", "signed_by", "signed_on")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        letter = self.object
        context["objectives"] = list(letter.objectives.select_related("priority"))
        if context["can_edit"] and not letter.is_signed:
            context["sign_form"] = SignLetterForm(initial={"signed_by": self.request.user.get_full_name()})
        return context


class ObjectivesLetterCreateView(RecordCreateView):
    model = ObjectivesLetter
    form_class = ObjectivesLetterForm


class ObjectivesLetterUpdateView(RecordUpdateView):
    model = ObjectivesLetter
    form_class = ObjectivesLetterForm


class SignLetterView(RecordMixin, SingleObjectMixin, generic.FormView):
    """Record the signature of a letter (POST from its page): whoever may change it."""

    model = ObjectivesLetter
    policy = "write"
    form_class = SignLetterForm
    http_method_names = ["post"]

    def has_permission(self):
        # A letter the user may not see is not found; one they may not change is refused.
        self.object = self.get_object()
        return ObjectivesLetter.objects.editable_by(self.request.user).filter(pk=self.object.pk).exists()

    def post(self, request, *args, **kwargs):
        letter = self.object
        form = self.get_form()
        try:
            if not form.is_valid():
                raise ValidationError(
                    [f"{form[name].label} : {error}" for name, errors in form.errors.items() for error in errors]
                )
            services.sign_letter(letter, form.cleaned_data["signed_by"], form.cleaned_data["signed_on"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The letter is signed."))
        return HttpResponseRedirect(letter.get_absolute_url())


class ObjectiveCreateView(RecordCreateView):
    model = Objective
    form_class = ObjectiveForm


class ObjectiveUpdateView(RecordUpdateView):
    model = Objective
    form_class = ObjectiveForm
