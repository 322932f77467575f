from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "post", "kind", "status", "planned_start", "foreign_participants", "actual_cost"]
    list_filter = ["kind", "status", "funding", "place", "themes"]
    search_fields = ["title", "description", "post__name"]
    autocomplete_fields = ["post", "countries", "institutions", "experts"]
    filter_horizontal = ["themes", "directorates"]
    list_select_related = ["post"]
    date_hierarchy = "planned_start"


@admin.register(OperationalRequest)
class OperationalRequestAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "service", "post", "kind", "country", "received_on", "answered_on", "outcome"]
    list_filter = ["kind", "outcome", "service"]
    search_fields = ["reference", "post__name"]
    autocomplete_fields = ["post", "country", "service"]
    filter_horizontal = ["themes"]
    list_select_related = ["post", "service", "country"]
    date_hierarchy = "received_on"


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
