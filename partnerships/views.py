from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import generic

from dcis import formatting
from dcis.sublists import SubList
from dcis.views import PolicyMixin, RecordCreateView, RecordDetailView, RecordListView, RecordUpdateView

from . import services
from .filters import (
    AssistanceFilterSet,
    CompanyFilterSet,
    GroupingFilterSet,
    OpportunityFilterSet,
    TradeShowFilterSet,
)
from .forms import (
    AssistanceForm,
    CompanyForm,
    ContactForm,
    DelegationForm,
    GroupingForm,
    OpportunityForm,
    RejectForm,
    TradeShowForm,
)
from .models import Assistance, Company, Contact, Delegation, Grouping, Opportunity, Recipient, TradeShow
from .tables import AssistanceTable, CompanyTable, GroupingTable, OpportunityTable, TradeShowTable

# Companies and groupings


class CompanyListView(RecordListView):
    model = Company
    filterset_class = CompanyFilterSet
    table_class = CompanyTable


class CompanyDetailView(RecordDetailView):
    model = Company
    prefetch_related = ("domains", "contacts", "groupings")
    fields = ("siren", "size", "domains", "address", "website", "referenced_on", "charter_accepted_on", "active")

    def get_context_data(self, **kwargs):
        # What the company received, as far as the user may see the opportunities.
        received = (
            Recipient.objects.visible_to(self.request.user)
            .filter(company=self.object)
            .select_related("dissemination__opportunity")
            .order_by("-sent_at", "pk")
        )
        return super().get_context_data(received=SubList(self.request, "received", received), **kwargs)


class CompanyCreateView(RecordCreateView):
    model = Company
    form_class = CompanyForm


class CompanyUpdateView(RecordUpdateView):
    model = Company
    form_class = CompanyForm


class GroupingListView(RecordListView):
    model = Grouping
    filterset_class = GroupingFilterSet
    table_class = GroupingTable


class GroupingDetailView(RecordDetailView):
    model = Grouping
    prefetch_related = ("domains", "contacts")
    fields = ("domains", "address", "website", "referenced_on", "charter_accepted_on", "active")

    def get_context_data(self, **kwargs):
        members = SubList(
            self.request,
            "members",
            self.object.members.visible_to(self.request.user).order_by("name", "pk"),
            see_all=(
                f"{reverse('partnerships:company-list')}?grouping={self.object.pk}",
                _("See them in the list of companies"),
            ),
        )
        return super().get_context_data(members=members, **kwargs)


class GroupingCreateView(RecordCreateView):
    model = Grouping
    form_class = GroupingForm


class GroupingUpdateView(RecordUpdateView):
    model = Grouping
    form_class = GroupingForm


class ContactCreateView(RecordCreateView):
    model = Contact
    form_class = ContactForm

    def get_success_url(self):
        return self.object.partner.get_absolute_url()


class ContactUpdateView(RecordUpdateView):
    model = Contact
    form_class = ContactForm

    def get_success_url(self):
        return self.object.partner.get_absolute_url()


# Market opportunities


class OpportunityListView(RecordListView):
    model = Opportunity
    filterset_class = OpportunityFilterSet
    table_class = OpportunityTable
    select_related = ("post", "country")


class OpportunityDetailView(RecordDetailView):
    model = Opportunity
    select_related = ("post", "country")
    prefetch_related = ("domains",)
    fields = ("post", "country", "buyer", "kind", "domains", "estimated_value", "deadline", "source", "description")

    def get_context_data(self, **kwargs):
        opportunity = self.object
        central = self.access.changes_everything
        next_steps = services.TRANSITIONS[opportunity.status]
        disseminations = list(
            opportunity.disseminations.select_related("sent_by")
            .annotate(recipient_count=Count("recipients"))
            .order_by("sent_at", "pk")
        )
        recipients = (
            Recipient.objects.visible_to(self.request.user)
            .filter(dissemination__opportunity=opportunity)
            .select_related("company", "grouping")
            .order_by("sent_at", "email", "pk")
        )
        return super().get_context_data(
            disseminations=disseminations,
            recipients=SubList(self.request, "recipients", recipients),
            equity=services.equity_check(opportunity) if central and disseminations else None,
            may_validate=central and Opportunity.Status.VALIDATED in next_steps,
            may_reject=central and Opportunity.Status.REJECTED in next_steps,
            may_disseminate=central
            and Opportunity.Status.DISSEMINATED in next_steps
            and not opportunity.deadline_passed,
            may_close=central and Opportunity.Status.CLOSED in next_steps,
            reject_form=RejectForm(),
            **kwargs,
        )


class OpportunityCreateView(RecordCreateView):
    model = Opportunity
    form_class = OpportunityForm


class OpportunityUpdateView(RecordUpdateView):
    model = Opportunity
    form_class = OpportunityForm


class OpportunityDecisionView(PolicyMixin, generic.View):
    """The partnerships office's decisions: validate, reject, disseminate, close (POST only)."""

    policy = "central"
    model = Opportunity
    http_method_names = ["post"]
    decision = None

    def has_permission(self):
        # An opportunity the user may not even see is a 404, before any other refusal.
        self.opportunity = get_object_or_404(Opportunity.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        return super().has_permission()

    def post(self, request, pk):
        opportunity = self.opportunity
        try:
            if self.decision == "disseminate":
                dissemination = services.disseminate(opportunity, request.user)
                count = dissemination.recipients.count()
                messages.success(
                    request,
                    ngettext(
                        "The opportunity was sent to %(count)s contact.",
                        "The opportunity was sent to %(count)s contacts.",
                        count,
                    )
                    % {"count": formatting.number(count)},
                )
            elif self.decision == "reject":
                form = RejectForm(request.POST)
                # The form refuses what cannot be stored (a NUL character); an empty
                # reason is left to the service, whose message says why one is needed.
                if not form.is_valid() and not form.has_error("reason", code="required"):
                    raise ValidationError(form.errors["reason"].as_data())
                services.decide(opportunity, Opportunity.Status.REJECTED, form.cleaned_data.get("reason", ""))
                messages.success(request, _("The opportunity was rejected."))
            else:
                status = {"validate": Opportunity.Status.VALIDATED, "close": Opportunity.Status.CLOSED}[self.decision]
                services.decide(opportunity, status)
                messages.success(request, _("The opportunity is now %(status)s.") % {"status": status.label})
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return HttpResponseRedirect(opportunity.get_absolute_url())


# Trade shows, delegations, assistance


class TradeShowListView(RecordListView):
    model = TradeShow
    filterset_class = TradeShowFilterSet
    table_class = TradeShowTable
    select_related = ("country",)


class TradeShowDetailView(RecordDetailView):
    model = TradeShow
    select_related = ("country",)
    fields = ("start", "end", "city", "country")

    def get_context_data(self, **kwargs):
        trade_show, user = self.object, self.request.user
        return super().get_context_data(
            companies=SubList(self.request, "companies", trade_show.companies.visible_to(user).order_by("name", "pk")),
            delegations=SubList(
                self.request,
                "delegations",
                trade_show.delegations.visible_to(user)
                .select_related("post", "country")
                .order_by("post__name", "service", "pk"),
            ),
            **kwargs,
        )


class TradeShowCreateView(RecordCreateView):
    model = TradeShow
    form_class = TradeShowForm


class TradeShowUpdateView(RecordUpdateView):
    model = TradeShow
    form_class = TradeShowForm


class DelegationCreateView(RecordCreateView):
    model = Delegation
    form_class = DelegationForm

    def get_success_url(self):
        return self.object.trade_show.get_absolute_url()


class AssistanceListView(RecordListView):
    model = Assistance
    filterset_class = AssistanceFilterSet
    table_class = AssistanceTable
    select_related = ("company", "post", "country")


class AssistanceDetailView(RecordDetailView):
    model = Assistance
    select_related = ("company", "post", "country")
    fields = ("company", "post", "country", "date", "kind", "summary", "closed")


class AssistanceCreateView(RecordCreateView):
    model = Assistance
    form_class = AssistanceForm


class AssistanceUpdateView(RecordUpdateView):
    model = Assistance
    form_class = AssistanceForm
