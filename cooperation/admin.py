from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from dcis.admin import LargeTableAdmin, year_filter
from dcis.forms import add_errors

from . import services
from .models import (
    Action,
    Agreement,
    Directorate,
    Event,
    EventPartner,
    Institution,
    OperationalRequest,
    RequestingService,
    Theme,
)


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


@admin.register(Directorate, RequestingService)
class AcronymAdmin(SimpleHistoryAdmin):
    list_display = ["acronym", "name", "active"]
    list_filter = ["active"]
    search_fields = ["acronym", "name"]


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "country"]
    list_filter = [("country__zone", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "country__name"]
    autocomplete_fields = ["country"]


class ActionAdminForm(forms.ModelForm):
    """The action's beneficiary countries are checked as on the page (`services.save_action`)."""

    confirm_outside_competence = forms.BooleanField(
        label=_("I confirm the beneficiary countries outside the post's competence"),
        required=False,
        help_text=_("Central staff only: the choice is recorded with your name."),
    )
    user = None  # the admin's user, set by `ActionAdmin.get_form`

    def _post_clean(self):
        super()._post_clean()  # the model's own validation, which builds the instance
        if self.errors:
            return
        try:
            services.check_action(
                self.instance,
                self.cleaned_data["countries"],
                self.user,
                confirm=self.cleaned_data["confirm_outside_competence"],
            )
        except forms.ValidationError as error:
            add_errors(self, error)


@admin.register(Action)
class ActionAdmin(LargeTableAdmin, SimpleHistoryAdmin):
    form = ActionAdminForm
    readonly_fields = ["outside_competence_confirmed_by"]
    list_display = ["title", "post", "kind", "status", "planned_start", "foreign_participants", "actual_cost"]
    list_filter = [year_filter("starts_on"), "kind", "status", "funding", "place", "themes"]
    search_fields = ["title", "description", "post__name"]
    autocomplete_fields = ["post", "countries", "institutions", "experts"]
    filter_horizontal = ["themes", "directorates"]
    list_select_related = ["post"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user  # as SimpleHistoryAdmin's own save_model does
        services.save_action(
            obj, form.cleaned_data["countries"], request.user, confirm=form.cleaned_data["confirm_outside_competence"]
        )


@admin.register(OperationalRequest)
class OperationalRequestAdmin(LargeTableAdmin, SimpleHistoryAdmin):
    list_display = ["reference", "service", "post", "kind", "country", "received_on", "answered_on", "outcome"]
    list_filter = [year_filter("received_on", _("year received")), "kind", "outcome", "service"]
    search_fields = ["reference", "post__name"]
    autocomplete_fields = ["post", "country", "service"]
    filter_horizontal = ["themes"]
    list_select_related = ["post", "service", "country"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "status", "signed_on", "post"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "french_signatories", "foreign_signatories"]
    autocomplete_fields = ["post", "countries"]
    filter_horizontal = ["themes"]


class EventPartnerInline(admin.TabularInline):
    model = EventPartner
    extra = 0


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "start", "city", "host_country", "post"]
    list_filter = ["kind", "zone"]
    search_fields = ["title", "city"]
    autocomplete_fields = ["post", "host_country", "zone", "theme", "participants"]
    inlines = [EventPartnerInline]
    date_hierarchy = "start"
