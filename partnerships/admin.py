from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from dcis.admin import LargeTableAdmin

from . import services
from .models import (
    Assistance,
    Company,
    Contact,
    Delegation,
    Dissemination,
    Domain,
    Grouping,
    Opportunity,
    Recipient,
    TradeShow,
)


@admin.register(Domain)
class DomainAdmin(SimpleHistoryAdmin):
    search_fields = ["name"]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Company)
class CompanyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "siren", "size", "referenced_on", "charter_accepted_on", "active"]
    list_filter = ["size", "active", "domains"]
    search_fields = ["name", "siren"]
    filter_horizontal = ["domains"]
    inlines = [ContactInline]


@admin.register(Grouping)
class GroupingAdmin(SimpleHistoryAdmin):
    list_display = ["name", "charter_accepted_on", "active"]
    list_filter = ["active", "domains"]
    search_fields = ["name"]
    filter_horizontal = ["domains"]
    autocomplete_fields = ["members"]
    inlines = [ContactInline]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "email", "company", "grouping", "receives_opportunities"]
    list_filter = ["receives_opportunities"]
    search_fields = ["name", "email", "company__name", "grouping__name"]
    autocomplete_fields = ["company", "grouping"]


@admin.register(Opportunity)
class OpportunityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "post", "country", "kind", "status", "deadline"]
    list_filter = ["status", "kind", "domains"]
    search_fields = ["title", "buyer", "post__name"]
    autocomplete_fields = ["post", "country"]
    filter_horizontal = ["domains"]
    # The status changes only through the workflow (`services.decide`, `services.disseminate`):
    # the actions below, or the opportunity's page, where a rejection says why.
    readonly_fields = ["status", "decision_reason", "signalled_on"]
    actions = ["validate", "close"]

    def decide(self, request, queryset, status):
        decided = 0
        for opportunity in queryset:
            try:
                services.decide(opportunity, status)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(
                        request,
                        gettext("“%(opportunity)s”: %(message)s") % {"opportunity": opportunity, "message": message},
                        messages.ERROR,
                    )
            else:
                decided += 1
        if decided:
            self.message_user(
                request,
                ngettext(
                    "%(count)s opportunity is now %(status)s.", "%(count)s opportunities are now %(status)s.", decided
                )
                % {"count": decided, "status": status.label},
                messages.SUCCESS,
            )

    @admin.action(description=_("Validate the selected opportunities"))
    def validate(self, request, queryset):
        self.decide(request, queryset, Opportunity.Status.VALIDATED)

    @admin.action(description=_("Close the selected opportunities"))
    def close(self, request, queryset):
        self.decide(request, queryset, Opportunity.Status.CLOSED)


class RecipientInline(admin.TabularInline):
    model = Recipient
    extra = 0
    can_delete = False
    readonly_fields = ["contact", "company", "grouping", "email", "sent_at"]


@admin.register(Dissemination)
class DisseminationAdmin(LargeTableAdmin):
    """The record of what was sent: read only, it is the proof of equity."""

    list_display = ["opportunity", "sent_at", "sent_by"]
    list_select_related = ["opportunity", "sent_by"]
    readonly_fields = ["opportunity", "sent_at", "sent_by"]
    inlines = [RecipientInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Recipient)
class RecipientAdmin(LargeTableAdmin):
    list_display = ["email", "company", "grouping", "sent_at"]
    list_select_related = ["company", "grouping"]
    search_fields = ["email", "company__name"]
    readonly_fields = ["dissemination", "contact", "company", "grouping", "email", "sent_at"]

    def has_add_permission(self, request):
        return False


class DelegationInline(admin.TabularInline):
    model = Delegation
    extra = 0
    autocomplete_fields = ["post", "country"]


@admin.register(TradeShow)
class TradeShowAdmin(SimpleHistoryAdmin):
    list_display = ["name", "start", "city", "country"]
    search_fields = ["name", "city"]
    autocomplete_fields = ["country", "companies"]
    inlines = [DelegationInline]


@admin.register(Delegation)
class DelegationAdmin(SimpleHistoryAdmin):
    list_display = ["service", "country", "people", "trade_show", "post"]
    autocomplete_fields = ["trade_show", "post", "country"]
    search_fields = ["service"]


@admin.register(Assistance)
class AssistanceAdmin(SimpleHistoryAdmin):
    list_display = ["company", "post", "country", "date", "kind", "closed"]
    list_filter = ["kind", "closed"]
    search_fields = ["company__name", "summary"]
    autocomplete_fields = ["company", "post", "country"]
