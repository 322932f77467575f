"""Generic record views: every page reaches its records through the access policy."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django_filters.views import FilterView

from .access import POLICIES, access_for, can_create


class PolicyMixin(LoginRequiredMixin):
    """Signed-in users with a role only; anyone else gets a page that says why.

    Every view declares its `policy` (see `dcis.access.POLICIES`); the access
    matrix test fails on a URL whose view does not.
    """

    policy = None

    def dispatch(self, request, *args, **kwargs):
        if self.policy not in POLICIES:
            raise ImproperlyConfigured(f"{type(self).__name__} declares no access policy.")
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = access_for(request.user)
        if not self.access.has_role:
            return render(request, "no_role.html", status=403)
        if not self.has_permission():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self):
        if self.policy == "central":
            return self.access.changes_everything
        if self.policy == "write":
            return self.access.changes_everything or self.access.is_post_staff
        return True


class RecordMixin(PolicyMixin):
    """Records come from `Model.objects.visible_to(user)`, plus what the page shows."""

    select_related = ()
    prefetch_related = ()

    def get_queryset(self):
        qs = self.model.objects.visible_to(self.request.user)
        return self.annotate(qs).select_related(*self.select_related).prefetch_related(*self.prefetch_related)

    def annotate(self, queryset):
        """Add the derived columns a page shows (status, vacancy…)."""
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["opts"] = self.model._meta
        context["can_create"] = can_create(self.request.user, self.model)
        context["list_url"] = self.model_url("list")
        context["create_url"] = self.model_url("create")
        return context

    def model_url(self, verb):
        opts = self.model._meta
        try:
            return reverse(f"{opts.app_label}:{opts.model_name}-{verb}")
        except NoReverseMatch:
            return None


class RecordListView(RecordMixin, FilterView):
    policy = "read"
    paginate_by = 25
    template_name_suffix = "_list"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context


class RecordDetailView(RecordMixin, generic.DetailView):
    policy = "read"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = self.model.objects.editable_by(self.request.user).filter(pk=self.object.pk).exists()
        return context


class RecordFormMixin(RecordMixin):
    """Create and update: the form offers only allowed choices; rules refuse on the field."""

    policy = "write"
    template_name = "records/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save_record(self, form):
        """Save the record; a service that checks rules across rows goes here."""
        return form.save()

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.object = self.save_record(form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"record": self.object})
        return HttpResponseRedirect(self.get_success_url())


class RecordCreateView(RecordFormMixin, generic.CreateView):
    success_message = gettext_lazy("“%(record)s” was created.")

    def has_permission(self):
        return can_create(self.request.user, self.model)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "title": _("New %(model)s") % {"model": self.model._meta.verbose_name},
        }


class RecordUpdateView(RecordFormMixin, generic.UpdateView):
    success_message = gettext_lazy("“%(record)s” was saved.")

    def get_object(self, queryset=None):
        record = super().get_object(queryset)  # 404 unless visible
        if not self.model.objects.editable_by(self.request.user).filter(pk=record.pk).exists():
            raise PermissionDenied
        return record

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": _("Edit %(record)s") % {"record": self.object}}


def record_urls(prefix, model, key="<int:pk>", **views):
    """The URLs of one model's pages, named `<model>-<verb>`: list, detail, create, update."""
    routes = {
        "list": "",
        "detail": f"{key}/",
        "create": "new/",
        "update": f"{key}/edit/",
    }
    name = model._meta.model_name
    return [path(f"{prefix}/{routes[verb]}", view.as_view(), name=f"{name}-{verb}") for verb, view in views.items()]
