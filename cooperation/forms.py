from django import forms
from django.utils.translation import gettext_lazy as _

from dcis.access import access_for
from dcis.forms import RecordForm

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

    sections = [
        (_("The action"), ["post", "title", "kind", "status", "description", "themes"]),
        (
            _("Beneficiaries"),
            ["countries", "confirm_outside_competence", "institutions", "foreign_participants"],
        ),
        (_("Place and dates"), ["place", "planned_start", "planned_end", "actual_start", "actual_end"]),
        (
            _("French contributors and funding"),
            [
                "directorates",
                "experts",
                "french_experts",
                "funding",
                "funding_programme",
                "planned_cost",
                "actual_cost",
            ],
        ),
        (_("Evaluation"), ["rating", "evaluation", "expected_return"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Who may confirm is the access policy's answer; the rule is `services.save_action`'s.
        if not access_for(self.user).changes_everything:
            del self.fields["confirm_outside_competence"]


class OperationalRequestForm(RecordForm):
    class Meta:
        model = OperationalRequest
        fields = ["post", "service", "reference", "kind", "themes", "country", "received_on", "answered_on", "outcome"]
        widgets = {"themes": forms.CheckboxSelectMultiple}

    sections = [
        (_("The request"), ["post", "service", "reference", "kind", "country", "themes"]),
        (_("Answer"), ["received_on", "answered_on", "outcome"]),
    ]


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

    sections = [
        (_("The agreement"), ["kind", "title", "status", "themes", "post", "document"]),
        (_("Parties"), ["countries", "french_signatories", "foreign_signatories"]),
        (_("Dates"), ["signed_on", "in_force_from", "in_force_until"]),
    ]


class EventForm(RecordForm):
    class Meta:
        model = Event
        fields = ["kind", "title", "theme", "zone", "host_country", "city", "start", "end", "post", "participants"]

    sections = [
        (_("The event"), ["kind", "title", "theme", "post"]),
        (_("Place and dates"), ["zone", "host_country", "city", "start", "end"]),
        (_("Participants from the network"), ["participants"]),
    ]
