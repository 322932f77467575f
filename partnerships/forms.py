from django import forms
from django.utils.translation import gettext_lazy as _

from dcis.forms import DsfrFormMixin, RecordForm

from .models import Assistance, Company, Contact, Delegation, Grouping, Opportunity, TradeShow


def website_field():
    # An address typed without a scheme is taken as https (Django 6's default, chosen now).
    return forms.URLField(label=_("website"), required=False, assume_scheme="https")


class CompanyForm(RecordForm):
    website = website_field()

    class Meta:
        model = Company
        fields = [
            "name",
            "siren",
            "size",
            "domains",
            "address",
            "website",
            "referenced_on",
            "charter_accepted_on",
            "active",
        ]
        widgets = {"domains": forms.CheckboxSelectMultiple}

    sections = [
        (_("The company"), ["name", "siren", "size", "domains"]),
        (_("Contact details"), ["address", "website"]),
        (_("Partnership"), ["referenced_on", "charter_accepted_on", "active"]),
    ]


class GroupingForm(RecordForm):
    website = website_field()

    class Meta:
        model = Grouping
        fields = ["name", "domains", "members", "address", "website", "referenced_on", "charter_accepted_on", "active"]
        widgets = {"domains": forms.CheckboxSelectMultiple}

    sections = [
        (_("The grouping"), ["name", "domains", "members"]),
        (_("Contact details"), ["address", "website"]),
        (_("Partnership"), ["referenced_on", "charter_accepted_on", "active"]),
    ]


class ContactForm(RecordForm):
    class Meta:
        model = Contact
        fields = ["company", "grouping", "name", "role", "email", "phone", "receives_opportunities"]


class OpportunityForm(RecordForm):
    class Meta:
        model = Opportunity
        fields = [
            "post",
            "country",
            "buyer",
            "title",
            "description",
            "domains",
            "kind",
            "estimated_value",
            "deadline",
            "source",
        ]
        widgets = {"domains": forms.CheckboxSelectMultiple}

    sections = [
        (_("The opportunity"), ["post", "country", "buyer", "title", "description"]),
        (_("The market"), ["domains", "kind", "estimated_value", "deadline", "source"]),
    ]


class RejectForm(DsfrFormMixin, forms.Form):
    reason = forms.CharField(label=_("reason for the rejection"), widget=forms.Textarea(attrs={"rows": 3}))


class TradeShowForm(RecordForm):
    class Meta:
        model = TradeShow
        fields = ["name", "start", "end", "city", "country", "companies"]


class DelegationForm(RecordForm):
    class Meta:
        model = Delegation
        fields = ["trade_show", "post", "country", "service", "people"]


class AssistanceForm(RecordForm):
    class Meta:
        model = Assistance
        fields = ["company", "post", "country", "date", "kind", "summary", "closed"]
