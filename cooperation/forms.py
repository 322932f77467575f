from django import forms
from django.utils.translation import gettext_lazy as _

from dcis.access import access_for
from dcis.forms import RecordForm
from network.models import Competence

from .models import Action, Agreement, Event, OperationalRequest


class ActionForm(RecordForm):
    confirm_outside_competence = forms.BooleanField(
        label=_("I confirm the beneficiary countries outside the post's competence"),
        required=False,
        help_text=_("Central staff only: the choice is recorded with your name."),
    )

    class Meta:
        model = Action
        fields = [
            "post",
            "title",
            "description",
            "kind",
            "themes",
            "countries",
            "institutions",
            "directorates",
            "experts",
            "place",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "status",
            "foreign_participants",
            "french_experts",
            "funding",
            "funding_programme",
            "planned_cost",
            "actual_cost",
            "rating",
            "evaluation",
            "expected_return",
        ]
        widgets = {"themes": forms.CheckboxSelectMultiple, "directorates": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.central = access_for(self.user).changes_everything
        if not self.central:
            del self.fields["confirm_outside_competence"]

    def clean(self):
        data = super().clean()
        post, countries = data.get("post"), data.get("countries")
        start = data.get("actual_start") or data.get("planned_start")
        end = data.get("actual_end") or data.get("planned_end")
        if not (post and countries and start and end):
            return data
        outside = Competence.objects.not_covering(post, list(countries), start, end)
        self.outside_competence = bool(outside)
        if outside and not data.get("confirm_outside_competence"):
            messages = [
                _("%(country)s is covered by %(post)s on these dates, not by %(own)s.")
                % {"country": country, "post": other, "own": post}
                if other
                else _("%(country)s is not in the competence of %(own)s on these dates.")
                % {"country": country, "own": post}
                for country, other in outside
            ]
            if self.central:
                messages.append(_("Tick the confirmation below to record the action anyway."))
            self.add_error("countries", messages)
        return data

    def save(self, commit=True):
        action = super().save(commit=False)
        if getattr(self, "outside_competence", False):
            action.outside_competence_confirmed_by = self.user
        elif "countries" in self.changed_data or not action.pk:
            action.outside_competence_confirmed_by = None
        if commit:
            action.save()
            self.save_m2m()
        return action


class OperationalRequestForm(RecordForm):
    class Meta:
        model = OperationalRequest
        fields = ["post", "service", "reference", "kind", "themes", "country", "received_on", "answered_on", "outcome"]
        widgets = {"themes": forms.CheckboxSelectMultiple}


class AgreementForm(RecordForm):
    class Meta:
        model = Agreement
        fields = [
            "kind",
            "title",
            "countries",
            "french_signatories",
            "foreign_signatories",
            "signed_on",
            "in_force_from",
            "in_force_until",
            "status",
            "themes",
            "post",
            "document",
        ]
        widgets = {"themes": forms.CheckboxSelectMultiple}


class EventForm(RecordForm):
    class Meta:
        model = Event
        fields = ["kind", "title", "theme", "zone", "host_country", "city", "start", "end", "post", "participants"]
