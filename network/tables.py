"""The columns of the network's lists: posts, people, countries, the rotation."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from dcis import formatting, tables

from .models import Country, ObjectivesLetter, Person, Post, Posting


class PostTable(tables.RecordTable):
    name = tables.LinkColumn(verbose_name=_("name"))
    kind = tables.ChoiceColumn(verbose_name=_("kind"))
    parent = tables.TextColumn(verbose_name=_("parent post"), accessor="parent__name")
    host_country = tables.TextColumn(verbose_name=_("host country"), order_by="host_country__name")
    zone = tables.TextColumn(verbose_name=_("zone"), accessor="host_country__zone__name")
    city = tables.Column(verbose_name=_("city"))
    head = tables.Column(verbose_name=_("head of post"), accessor="head_last_name", order_by=("head_last_name",))
    status = tables.Column(verbose_name=_("status"), accessor="status_label", order_by=("status",))
    email = tables.Column(verbose_name=_("e-mail"))
    phone = tables.Column(verbose_name=_("phone"))

    default_columns = ["name", "host_country", "city", "head", "status"]

    class Meta(tables.RecordTable.Meta):
        model = Post
        fields = ()

    def render_head(self, record):
        return f"{record.head_last_name.upper()} {record.head_first_name}"

    def value_head(self, record):
        return self.render_head(record)

    def render_status(self, record):
        return render_to_string("network/_status_badge.html", {"post": record})

    def value_status(self, record):
        return str(_("vacant")) if record.vacant else str(record.status_label)


class PersonTable(tables.RecordTable):
    name = tables.LinkColumn(verbose_name=_("name"), accessor="last_name", order_by=("last_name", "first_name"))
    corps = tables.ChoiceColumn(verbose_name=_("corps"))
    grade = tables.Column(verbose_name=_("grade"))
    current_post = tables.Column(
        verbose_name=_("current post"), accessor="current_post_name", order_by=("current_post_name",)
    )
    current_role = tables.Column(verbose_name=_("current role"), accessor="current_role")
    email = tables.Column(verbose_name=_("professional e-mail"))
    phone = tables.Column(verbose_name=_("professional phone"))
    languages = tables.Column(verbose_name=_("languages"))

    default_columns = ["name", "corps", "grade", "current_post", "current_role"]

    class Meta(tables.RecordTable.Meta):
        model = Person
        fields = ()

    def render_name(self, record):
        return str(record)

    def value_name(self, record):
        return str(record)

    def render_current_post(self, record, value):
        return format_html('<a href="{}">{}</a>', reverse("network:post-detail", args=[record.current_post_id]), value)

    def render_current_role(self, value):
        return Posting.Role(value).label

    def value_current_role(self, value):
        return str(Posting.Role(value).label)


class CountryTable(tables.RecordTable):
    # Not through `code`: a field with choices is shown by get_code_display(), which runs through
    # the 250 countries on every call.
    name = tables.LinkColumn(verbose_name=_("name"), accessor="name", order_by=("name",))
    code = tables.TextColumn(verbose_name=_("ISO code"), accessor="pk", orderable=False)
    zone = tables.TextColumn(verbose_name=_("zone"), order_by=("zone__name",))
    post = tables.Column(
        verbose_name=_("covering post"), accessor="covering_post_name", order_by=("covering_post_name",)
    )

    class Meta(tables.RecordTable.Meta):
        model = Country
        fields = ()

    def render_name(self, record):
        return str(record)

    def value_name(self, record):
        return str(record)

    def render_post(self, record, value):
        url = reverse("network:post-detail", args=[record.covering_post_id])
        return format_html('<a href="{}">{}</a>', url, value)


class RotationTable(tables.RecordTable):
    """The postings that move in a year's rotation, one line each, for its export."""

    movement = tables.Column(verbose_name=_("movement"), accessor="movement")
    person = tables.TextColumn(verbose_name=_("person"), order_by=("person__last_name",))
    role = tables.ChoiceColumn(verbose_name=_("role"))
    post = tables.TextColumn(verbose_name=_("post"), order_by=("post__name",))
    host_country = tables.TextColumn(verbose_name=_("host country"), accessor="post__host_country")
    start = tables.DateColumn(verbose_name=_("start"))
    end = tables.DateColumn(verbose_name=_("end"), accessor="ends_on")

    class Meta(tables.RecordTable.Meta):
        model = Posting
        fields = ()

    def value_movement(self, value):
        return str(ROTATION_MOVEMENTS[value])


class PostingTable(RotationTable):
    """A posting's columns: the rotation's, and the rest of a posting, which its import reads."""

    theme = tables.ChoiceColumn(verbose_name=_("theme"))
    planned_end = tables.DateColumn(verbose_name=_("planned end"))
    actual_end = tables.DateColumn(verbose_name=_("actual end"))

    class Meta(RotationTable.Meta):
        model = Posting
        fields = ()


ROTATION_MOVEMENTS = {
    "leaves": _("leaves this summer"),
    "arrives": _("arrives this summer"),
    "ends_next_year": _("tour ends next year"),
}


class ObjectivesLetterTable(tables.RecordTable):
    person = tables.LinkColumn(
        verbose_name=_("head of post"),
        accessor="posting__person",
        order_by=("posting__person__last_name", "posting__person__first_name"),
        linkify=lambda record: record.get_absolute_url(),
    )
    post = tables.TextColumn(verbose_name=_("post"), accessor="posting__post", order_by=("posting__post__name",))
    role = tables.ChoiceColumn(verbose_name=_("role"), accessor="posting__role")
    start = tables.DateColumn(verbose_name=_("arrival (due date)"), accessor="posting__start")
    ends = tables.DateColumn(verbose_name=_("end of tour"), accessor="posting__ends_on")
    status = tables.Column(verbose_name=_("status"), accessor="signed_on", order_by=("signed_on",), empty_values=())
    signed_by = tables.Column(verbose_name=_("signed by"))
    objective_count = tables.IntegerColumn(verbose_name=_("objectives"))

    default_columns = ["person", "post", "start", "status", "objective_count"]

    class Meta(tables.RecordTable.Meta):
        model = ObjectivesLetter
        fields = ()

    def render_status(self, record):
        return self.value_status(record)

    def value_status(self, record):
        if record.signed_on:
            return str(_("signed on %(date)s") % {"date": formatting.short_date(record.signed_on)})
        return str(_("overdue draft") if record.is_overdue() else _("draft"))
