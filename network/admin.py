"""The Django admin, for superusers: every save goes through the same rules and services as the pages.

Rules on one record run in model validation (`Model.clean`, constraints), as in any
model form. Rules across rows (`services`) are checked where the admin can still show
a message — a model form's or a formset's validation — under the locks the saves then
take: the admin runs each change in one transaction, so the locks hold until it ends.
"""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dcis.admin import LargeTableAdmin, year_filter
from dcis.forms import add_errors

from . import services
from .models import (
    Competence,
    Country,
    LogbookEntry,
    Objective,
    ObjectivesLetter,
    Person,
    Post,
    Posting,
    PostStatusChange,
    Priority,
    Zone,
)


class CheckedForm(forms.ModelForm):
    """A model form whose record is also checked by a service's rules across rows.

    `check` takes records and returns {position: ValidationError}, like
    `services.check_postings`.
    """

    check = None

    def _post_clean(self):
        super()._post_clean()  # the model's own validation, which builds the instance
        if not self.errors:
            for error in self.check([self.instance]).values():
                add_errors(self, error)


class CheckedFormSet(BaseInlineFormSet):
    """Inline rows checked together (each against the database and the rows before it),
    then each saved through `save_record`, the service a page uses for one record."""

    check = None
    save_record = None

    def clean(self):
        super().clean()
        forms = [
            form for form in self.forms if form.is_valid() and form.cleaned_data and not self._should_delete_form(form)
        ]
        for form in forms:  # rows point to their parent, saved or not, as they will be saved
            setattr(form.instance, self.fk.name, self.instance)
        for position, error in self.check([form.instance for form in forms]).items():
            add_errors(forms[position], error)

    def save_new(self, form, commit=True):
        record = super().save_new(form, commit=False)
        return self.save_record(record) if commit else record

    def save_existing(self, form, obj, commit=True):
        record = super().save_existing(form, obj, commit=False)
        return self.save_record(record) if commit else record


class CompetenceForm(CheckedForm):
    check = staticmethod(services.check_competences)


class CompetenceFormSet(CheckedFormSet):
    check = staticmethod(services.check_competences)
    save_record = staticmethod(services.save_competence)


class PostingForm(CheckedForm):
    check = staticmethod(services.check_postings)


class PostingFormSet(CheckedFormSet):
    check = staticmethod(services.check_postings)
    save_record = staticmethod(services.save_posting)


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "parent"]
    list_filter = ["parent"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "zone"]
    list_filter = ["zone"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["zone"]


class PostStatusChangeInline(admin.TabularInline):
    model = PostStatusChange
    extra = 0


class CompetenceInline(admin.TabularInline):
    model = Competence
    formset = CompetenceFormSet
    extra = 0
    autocomplete_fields = ["country"]


class PostingInline(admin.TabularInline):
    model = Posting
    formset = PostingFormSet
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "theme", "start", "planned_end", "actual_end"]


class PersonPostingInline(PostingInline):
    autocomplete_fields = ["post"]
    fields = ["post", "role", "theme", "start", "planned_end", "actual_end"]


class PostCreateForm(forms.ModelForm):
    """A new post starts its life with a first status and its date, as on the page."""

    status = forms.ChoiceField(label=_("status"), choices=Post.Status.choices, initial=Post.Status.PLANNED)
    status_date = forms.DateField(label=_("since"), initial=timezone.localdate)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    """A post is created with its first status (`services.create_post`), asked on the add page
    like on the site's; its later status changes are rows of the change page."""

    list_display = ["name", "kind", "host_country", "city", "parent"]
    list_filter = ["kind", "host_country__zone"]
    search_fields = ["name", "city", "host_country__name"]
    autocomplete_fields = ["parent", "host_country"]
    list_select_related = ["host_country", "parent"]
    inlines = [PostStatusChangeInline, CompetenceInline, PostingInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = PostCreateForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_inlines(self, request, obj):
        # The first status is asked on the add page; a row here too could contradict it.
        return self.inlines if obj else [inline for inline in self.inlines if inline is not PostStatusChangeInline]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
        else:
            services.create_post(obj, form.cleaned_data["status"], form.cleaned_data["status_date"])


@admin.register(PostStatusChange)
class PostStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["post", "status", "date", "note"]
    list_filter = ["status"]
    search_fields = ["post__name"]
    autocomplete_fields = ["post"]
    date_hierarchy = "date"


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    form = CompetenceForm
    list_display = ["country", "post", "kind", "start", "end"]
    list_filter = ["kind", "country__zone"]
    search_fields = ["country__name", "post__name"]
    autocomplete_fields = ["post", "country"]
    list_select_related = ["country", "post"]

    def save_model(self, request, obj, form, change):
        services.save_competence(obj)


@admin.register(Person)
class PersonAdmin(LargeTableAdmin):
    list_display = ["last_name", "first_name", "corps", "grade", "email", "user"]
    list_filter = ["corps"]
    search_fields = ["last_name", "first_name", "email"]
    autocomplete_fields = ["user"]
    inlines = [PersonPostingInline]


@admin.register(Posting)
class PostingAdmin(LargeTableAdmin):
    form = PostingForm
    list_display = ["person", "post", "role", "theme", "start", "planned_end", "actual_end"]
    list_filter = [
        year_filter("start", _("year of start")),
        "role",
        "theme",
        ("post__host_country__zone", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["person__last_name", "person__first_name", "post__name"]
    autocomplete_fields = ["person", "post"]
    list_select_related = ["person", "post"]

    def save_model(self, request, obj, form, change):
        services.save_posting(obj)


admin.site.site_header = _("DCIS network register — administration")
admin.site.site_title = _("DCIS network register")


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0


@admin.register(ObjectivesLetter)
class ObjectivesLetterAdmin(admin.ModelAdmin):
    list_display = ["posting", "signed_by", "signed_on"]
    list_select_related = ["posting__person", "posting__post"]
    search_fields = ["posting__person__last_name", "posting__post__name"]
    raw_id_fields = ["posting"]
    inlines = [ObjectiveInline]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["title", "priority", "indicator", "target", "letter"]
    list_filter = ["priority"]
    list_select_related = ["priority", "letter__posting__person", "letter__posting__post"]
    search_fields = ["title", "indicator"]
    raw_id_fields = ["letter"]


@admin.register(LogbookEntry)
class LogbookEntryAdmin(admin.ModelAdmin):
    list_display = ["date", "post", "kind", "title"]
    list_filter = ["kind", "priority"]
    list_select_related = ["post"]
    search_fields = ["title", "text", "post__name"]
    raw_id_fields = ["post", "objective"]
    date_hierarchy = "date"
