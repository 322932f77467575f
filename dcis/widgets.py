"""Form widgets of the register."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from . import autocomplete


class AutocompleteSelect(forms.Select):
    """A select among many records that lists only the chosen one; the others come from the
    autocomplete endpoint (`dcis.autocomplete`) as the user types, through Tom Select
    (static/js/autocomplete.js). The field still validates what is sent against its queryset.

    `source` names the endpoint's source; by default, the one registered for the field's model.
    `scope` names the narrower set the field offers, if any (`dcis.autocomplete`: "editable").
    Without JavaScript it stays a plain select offering its current choice and none.
    """

    class Media:
        css = {"all": ["vendor/tom-select/tom-select.min.css", "css/autocomplete.css"]}
        js = ["vendor/tom-select/tom-select.complete.min.js", "js/autocomplete.js"]

    def __init__(self, attrs=None, source=None, scope=None):
        super().__init__(attrs)
        self.source = source
        self.scope = scope

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-autocomplete-url": self.get_source().url + (f"?scope={self.scope}" if self.scope else ""),
                "data-placeholder": gettext("Type a few letters"),
                "data-autocomplete-loading": gettext("Searching…"),
                "data-autocomplete-no-results": gettext("Nothing matches."),
                "data-autocomplete-more": gettext("Only the first matches are shown: type more to narrow them."),
                "data-autocomplete-remove": gettext("Remove this choice"),
            }
        )
        return context

    def get_source(self):
        if self.source:
            return autocomplete.source_named(self.source)
        return autocomplete.source_for(self.choices.queryset.model)

    def optgroups(self, name, value, attrs=None):
        chosen = copy.copy(self)
        chosen.choices = list(self.chosen_choices(value))
        return super(AutocompleteSelect, chosen).optgroups(name, value, attrs)

    def chosen_choices(self, values):
        """The empty choice (and django-filter's null one, if any), then the chosen records, in one query."""
        iterator = self.choices
        field = iterator.field
        if field.empty_label is not None:
            yield "", field.empty_label
        if getattr(field, "null_label", None) is not None:
            yield field.null_value, field.null_label
        model = iterator.queryset.model
        key = field.to_field_name or "pk"
        key_field = model._meta.pk if key == "pk" else model._meta.get_field(key)
        keys = []
        for value in values:
            if value in field.empty_values or value == getattr(field, "null_value", None):
                continue
            try:
                keys.append(key_field.clean(value, None))
            except ValidationError:
                continue  # a key that cannot exist: the field's own validation says so
        if keys:
            for record in iterator.queryset.filter(**{f"{key}__in": keys}):
                yield iterator.choice(record)


class AutocompleteSelectMultiple(AutocompleteSelect, forms.SelectMultiple):
    """The same, choosing several records: each chosen one shows with a button to remove it."""


def make_searchable(field, scope=None):
    """Turn a form's plain select among records into a searchable one, if their model has an
    autocomplete source; a field drawn otherwise (checkboxes, radios, hidden) stays as it is."""
    if type(field.widget) not in (forms.Select, forms.SelectMultiple):
        return
    if autocomplete.source_for(field.queryset.model, default=None) is None:
        return
    widget_class = AutocompleteSelectMultiple if field.widget.allow_multiple_selected else AutocompleteSelect
    widget = widget_class(attrs=field.widget.attrs, scope=scope)
    widget.is_required = field.widget.is_required
    widget.is_localized = field.widget.is_localized
    widget.choices = field.choices
    field.widget = widget
