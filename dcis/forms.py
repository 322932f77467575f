import re

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBoundField
from dsfr.utils import dsfr_input_class_attr

from . import sign_in
from .access import CENTRAL_GROUP, READ_ONLY_GROUP
from .widgets import make_searchable


def add_errors(form, error):
    """Show a ValidationError raised outside the form (a service, a lock) on the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# The years a date typed in the register may fall in: a wider range lets a slip of the
# keyboard (year 9999) through to date arithmetic (four years on, the year after), which
# fails past the calendar's last year.
FIRST_YEAR, LAST_YEAR = 1900, 2199


def validate_plausible_date(value):
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Enter a year between %(first)s and %(last)s."),
            code="implausible_year",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


def spaces_ignored(to_python):
    """A number field's parser that first drops every space — typed, non-breaking or narrow, as
    French writes thousands (12 000,50) and as a copied amount carries them."""

    def parse(value):
        if isinstance(value, str):
            value = re.sub(r"\s", "", value)
        return to_python(value)

    return parse


def accept_french_numbers(field):
    """Numbers typed the French way: `12 000,50` as well as `12000.50`, shown as `12000,50`.

    A text box rather than the browser's number input, which refuses a comma in many browsers;
    `inputmode` still brings up a numeric keyboard on a phone."""
    field.localize = True
    field.to_python = spaces_ignored(field.to_python)
    decimal = isinstance(field, forms.DecimalField | forms.FloatField)
    attrs = {key: value for key, value in field.widget.attrs.items() if key not in ("step", "min", "max")}
    field.widget = forms.TextInput(attrs={**attrs, "inputmode": "decimal" if decimal else "numeric"})
    field.widget.is_localized = True


class DsfrFormMixin:
    """Renders a form with the State design system's markup; every date it accepts is plausible,
    every number may be typed the French way."""

    template_name = "dsfr/form_snippet.html"
    bound_field_class = DsfrBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField) and not isinstance(
                field.widget, forms.HiddenInput
            ):
                accept_french_numbers(field)
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(validate_plausible_date)
            if isinstance(field.widget, forms.DateInput):
                field.widget.input_type = "date"
                field.widget.format = "%Y-%m-%d"
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)


class RecordForm(DsfrFormMixin, forms.ModelForm):
    """A model form that only offers what the user may choose.

    The record through which the new one belongs to a post — the post itself, or the event
    an external partner attends — must be one the user may change; any other related record
    lists what the user may see. A forged POST naming something else fails the field's
    validation like any invalid choice.
    """

    # The form's parts, each a design-system fieldset: (legend, field names) in order. Fields
    # no section names follow in a last one. Empty: the fields one after the other.
    sections = ()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        owner = (getattr(self._meta.model, "post_lookup", None) or "").split("__")[0]
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None or not hasattr(queryset, "visible_to"):
                continue
            editable = name == owner or getattr(queryset.model, "owns_records", False)
            # A select among records searches them as the user types, among those it offers.
            make_searchable(field, scope="editable" if editable else None)
            field.queryset = queryset.editable_by(user) if editable else queryset.visible_to(user)

    def fieldsets(self):
        """[(legend, bound fields)] from `sections`, every visible field in exactly one."""
        listed, groups = set(), []
        for legend, names in self.sections:
            fields = [self[name] for name in names if name in self.fields]
            listed.update(names)
            if fields:
                groups.append((legend, fields))
        rest = [field for field in self.visible_fields() if field.name not in listed]
        if rest:
            groups.append((_("Other information"), rest))
        return groups


class SignInForm(DsfrFormMixin, auth_forms.AuthenticationForm):
    pass


class PasswordChangeForm(DsfrFormMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(DsfrFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(DsfrFormMixin, auth_forms.SetPasswordForm):
    """A new password from the reset e-mail: whoever holds the mailbox owns the account.

    So the account's sign-in locks are lifted, as the locked-out page promises.
    """

    def save(self, commit=True):
        user = super().save(commit)
        if commit:
            sign_in.unlock(user.get_username())
        return user


class UserForm(DsfrFormMixin, forms.ModelForm):
    """An account and its role; post staff rights come from a posting, not from here."""

    ROLES = {"central": CENTRAL_GROUP, "read_only": READ_ONLY_GROUP}

    role = forms.ChoiceField(
        label=_("role"),
        required=False,
        choices=[
            ("", _("none: rights come only from a current posting")),
            ("central", _("central staff: read and change everything")),
            ("read_only", _("read-only: read everything, change nothing")),
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = get_user_model()
        fields = ["username", "first_name", "last_name", "email", "is_active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        if self.instance.pk:
            names = set(self.instance.groups.values_list("name", flat=True))
            self.initial["role"] = next((role for role, group in self.ROLES.items() if group in names), "")

    def save(self, commit=True):
        user = super().save(commit=False)
        if user._state.adding:
            user.set_unusable_password()  # the new user chooses it from the e-mail they get
        user.save()
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in self.ROLES.values()}
        user.groups.remove(*groups.values())
        if self.cleaned_data["role"]:
            user.groups.add(groups[self.ROLES[self.cleaned_data["role"]]])
        return user


class UserSearchForm(DsfrFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)


class InvitationForm(auth_forms.PasswordResetForm):
    """The choose-your-password e-mail for a new account, which has no usable password yet."""

    def __init__(self, user):
        super().__init__({"email": user.email})
        self.user = user

    def get_users(self, email):
        return [self.user]
