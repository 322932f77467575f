from django import forms
from django.contrib.auth import forms as auth_forms
from dsfr.forms import DsfrBoundField
from dsfr.utils import dsfr_input_class_attr


class DsfrFormMixin:
    """Renders a form with the State design system's markup."""

    template_name = "dsfr/form_snippet.html"
    bound_field_class = DsfrBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput):
                field.widget.input_type = "date"
                field.widget.format = "%Y-%m-%d"
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)

    def get_context(self):
        context = super().get_context()
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context


class RecordForm(DsfrFormMixin, forms.ModelForm):
    """A model form that only offers what the user may choose.

    A choice of post lists the posts the user may change; any other related
    record lists what the user may see. A forged POST naming something else
    fails the field's validation like any invalid choice.
    """

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None or not hasattr(queryset, "visible_to"):
                continue
            # The post a record belongs to must be one the user may change.
            if queryset.model.post_path == "pk":
                field.queryset = queryset.editable_by(user)
            else:
                field.queryset = queryset.visible_to(user)


class SignInForm(DsfrFormMixin, auth_forms.AuthenticationForm):
    pass


class PasswordChangeForm(DsfrFormMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(DsfrFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(DsfrFormMixin, auth_forms.SetPasswordForm):
    pass
