"""Generic record views: every page reaches its records through the access policy."""

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views import generic
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from . import autocomplete, export, formatting, sign_in, summaries
from . import history as record_history
from .access import POLICIES, access_for, accounts_managed_by, can_create, home_post_id
from .files import file_response
from .filters import ExportRecordFilterSet, RecordFilterSet
from .forms import InvitationForm, UserForm, UserSearchForm, add_errors
from .models import ExportRecord, ListPreference
from .panels import panels_for
from .tables import ExportRecordTable
from .wording import record_message

VERSION_FIELD = "_version"


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


class AutocompleteView(PolicyMixin, generic.View):
    """The first records of a source that match `?q=`, as JSON, for anyone with a role."""

    policy = "read"
    http_method_names = ["get"]

    def get(self, request, source):
        source = autocomplete.source_named(source, default=None)
        scope = request.GET.get("scope") or None
        if source is None or (scope is not None and scope not in source.scopes):
            raise Http404
        queryset = source.scoped(request.user, scope)
        words = autocomplete.words_of(request.GET.get("q", ""))
        if words:
            queryset = source.search(queryset, words)
        found = list(queryset[: autocomplete.LIMIT + 1])
        results = [{"id": str(record.pk), "text": str(record)} for record in found[: autocomplete.LIMIT]]
        return JsonResponse({"results": results, "more": len(found) > autocomplete.LIMIT})


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


def record_page_url(record, verb):
    """The URL of one of a record's pages (`detail`, `update`, `history`…), or "" if it has none."""
    opts = record._meta
    try:
        return reverse(f"{opts.app_label}:{opts.model_name}-{verb}", args=[record.pk])
    except NoReverseMatch:
        return ""


PAGE_SIZES = (25, 50, 100)


class RecordListView(RecordMixin, FilterView):
    """A list: its filters (`filterset_class`), its columns (`table_class`), its exports.

    The rows are the records the user may see, filtered and sorted as the URL says;
    `?export=csv` or `?export=xlsx` returns all of them as a spreadsheet. A POST saves
    the user's choice of columns and page size for this list.
    """

    policy = "read"
    table_class = None
    page_size = PAGE_SIZES[0]
    template_name_suffix = "_list"

    def get_template_names(self):
        return [*super().get_template_names(), "records/list.html"]

    @property
    def list_name(self):
        return self.model._meta.label_lower

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filterset.is_bound or self.filterset.is_valid():
            self.object_list = self.filterset.qs
        else:
            self.object_list = self.filterset.queryset.none()
        export_format = request.GET.get("export")
        if export_format in export.FORMATS:
            return self.export(export_format)
        return self.render_to_response(self.get_context_data(filter=self.filterset, object_list=self.object_list))

    def get_paginate_by(self, queryset):
        return None  # the table paginates

    def row_count(self):
        """The number of rows, when the page already knows it (see `CountedPaginator`)."""
        return None

    def counted(self):
        """Every record the filters select that the user may count in figures.

        Figures come from here, rows from `object_list`: for need-to-know records the
        user may count more than they may open.
        """
        records = self.annotate(self.model.objects.counted_by(self.request.user))
        if not self.filterset.is_bound:
            return records
        return self.filterset.filter_queryset(records) if self.filterset.is_valid() else records.none()

    def preference(self):
        if not hasattr(self, "_preference"):
            self._preference = ListPreference.objects.filter(user=self.request.user, list_name=self.list_name).first()
        return self._preference

    def shown_columns(self):
        """The columns the user chose for this list (the table's default until they do)."""
        declared = list(self.table_class.base_columns)
        chosen = (self.preference() and self.preference().columns) or self.table_class.shown_by_default()
        return [name for i, name in enumerate(declared) if i == 0 or name in chosen]

    def per_page(self):
        for value in (self.request.GET.get("per_page"), self.preference() and self.preference().per_page):
            try:
                if int(value) in PAGE_SIZES:
                    return int(value)
            except (TypeError, ValueError):
                continue
        return self.page_size

    def get_table(self, paginate, exclude=()):
        """The table of the filtered records, sorted as the URL says, and paginated for a page."""
        table = self.table_class(self.table_class.annotate(self.object_list), exclude=exclude)
        if sort := self.request.GET.getlist(table.order_by_field):
            table.order_by = sort  # names that are no sortable column are ignored
        if paginate:
            try:
                page = int(self.request.GET.get("page", 1))
            except ValueError:
                page = 1
            options = {"paginator_class": CountedPaginator, "count": self.row_count(), "per_page": self.per_page()}
            try:
                table.paginate(page=page, **options)
            except EmptyPage:
                table.paginate(page=table.paginator.num_pages, **options)
        return table

    def get_context_data(self, **kwargs):
        shown = self.shown_columns()
        table = self.get_table(True, exclude=[name for name in self.table_class.base_columns if name not in shown])
        query = self.request.GET.copy()
        query.pop("page", None)
        context = super().get_context_data(
            table=table,
            shown_columns=shown,
            column_choices=self.table_class.column_choices(),
            page_sizes=PAGE_SIZES,
            per_page=table.paginator.per_page,
            export_urls=[(fmt, f"?{urlencode_with(query, export=fmt)}") for fmt in export.FORMATS],
            need_to_know=getattr(self.model, "need_to_know", False)
            and not self.access.changes_everything
            and not (self.access.is_read_only and getattr(self.model, "read_only_sees", False)),
            filter_key=summaries.filter_form_key(self.list_name, self.request, self.filterset.form),
            **kwargs,
        )
        # The records shown: the table's page, in the table's order.
        context.update(
            object_list=[row.record for row in table.paginated_rows],
            paginator=table.paginator,
            page_obj=table.page,
            is_paginated=table.paginator.num_pages > 1,
        )
        return context

    def post(self, request, *args, **kwargs):
        """Remember the columns and the page size the user chose for this list."""
        if "reset" in request.POST:
            ListPreference.objects.filter(user=request.user, list_name=self.list_name).delete()
        else:
            declared = self.table_class.base_columns
            try:
                per_page = int(request.POST.get("per_page", ""))
            except ValueError:
                per_page = None
            ListPreference.objects.update_or_create(
                user=request.user,
                list_name=self.list_name,
                defaults={
                    "columns": [name for name in request.POST.getlist("columns") if name in declared],
                    "per_page": per_page if per_page in PAGE_SIZES else None,
                },
            )
        query = QueryDict(request.POST.get("query", ""), mutable=True)
        for name in ("page", "per_page", "export"):
            query.pop(name, None)
        return HttpResponseRedirect(f"{request.path}?{query.urlencode()}" if query else request.path)

    def export(self, export_format):
        values = []
        if self.filterset.is_bound and self.filterset.is_valid():
            values = [value for value in self.filterset.form.cleaned_data.values() if value not in (None, "", [])]
        return export.export_response(
            self.request,
            self.get_table(False),
            export_format,
            self.list_name,
            self.model._meta.verbose_name_plural,
            values,
        )


class CountedPaginator(Paginator):
    """A paginator told its count by a query the page runs anyway (its totals), rather than
    counting the rows a second time."""

    def __init__(self, object_list, per_page, count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.count = count  # replaces the cached property


def urlencode_with(query, **changes):
    query = query.copy()
    for name, value in changes.items():
        query[name] = value
    return query.urlencode()


class RecordDetailView(RecordMixin, generic.DetailView):
    """A record's page; `fields` names what the generic template shows."""

    policy = "read"
    fields = ()

    def get_template_names(self):
        return [*super().get_template_names(), "records/detail.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = self.model.objects.editable_by(self.request.user).filter(pk=self.object.pk).exists()
        context["fields"] = " ".join(self.fields)
        context["panels"] = panels_for(self.object, self.request.user)
        return context


class RecordFileView(RecordMixin, SingleObjectMixin, generic.View):
    """A record's stored file (`field_name`), for whoever may see the record; see `dcis.files`.

    Routed as `<app>:<model>-<field_name>`, the URL `PrivateFieldFile.url` names.
    """

    policy = "read"
    field_name = None

    def get(self, request, *args, **kwargs):
        return file_response(getattr(self.get_object(), self.field_name))


class RecordFormMixin(RecordMixin):
    """Create and update: the form offers only allowed choices; rules refuse on the field."""

    policy = "write"
    template_name = "records/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save_record(self, form):
        """Save the record; a service that checks rules across rows goes here."""
        return form.save()

    def before_save(self, form):
        """Checks made inside the saving transaction; raise ValidationError to refuse."""

    def form_valid(self, form):
        try:
            with transaction.atomic(), record_history.one_entry(self.model) as saved:
                self.before_save(form)
                self.object = self.save_record(form)
                saved.append(self.object)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        except VersionConflict:
            return self.form_invalid(form)
        messages.success(self.request, record_message(self.success_event, self.object))
        return HttpResponseRedirect(self.get_success_url())


class RecordCreateView(RecordFormMixin, generic.CreateView):
    success_event = "created"

    def has_permission(self):
        return can_create(self.request.user, self.model)

    def get_initial(self):
        """Prefilled the same way for every record type: the form's fields named in the query
        string (`?post=3&country=TH`), and the post the user serves at (`home_post_id`).
        Dates that start today say so in their model field's default."""
        initial = super().get_initial()
        fields = self.get_form_class().base_fields
        for name, field in fields.items():
            if name in self.request.GET:
                values = self.request.GET.getlist(name)
                many = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
                initial[name] = values if many else values[-1]
        if "post" in fields and "post" not in initial and (home := home_post_id(self.request.user)):
            initial["post"] = home
        return initial

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "title": _("New %(model)s") % {"model": self.model._meta.verbose_name},
        }


class EditableObjectMixin:
    """The record must be visible (else 404) and editable by the user (else 403)."""

    def has_permission(self):
        # The record decides, in `get_object`: a record the user may not see is a 404
        # whatever their role, before any 403.
        return True

    def get_object(self, queryset=None):
        record = super().get_object(queryset)
        if not self.model.objects.editable_by(self.request.user).filter(pk=record.pk).exists():
            raise PermissionDenied
        return record


class VersionConflict(Exception):
    """The record changed since the form was opened: nothing is saved, the page says what changed
    (its `conflict` alert, once: not again among the form's errors)."""


class RecordUpdateView(EditableObjectMixin, RecordFormMixin, generic.UpdateView):
    """Edit a record; a save based on a version someone else has changed since is refused."""

    success_event = "saved"
    conflict = None

    def current_version(self):
        return str(self.object.history.values_list("history_id", flat=True).first() or "")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields[VERSION_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=self.current_version()
        )
        return form

    def before_save(self, form):
        self.model._base_manager.select_for_update().filter(pk=self.object.pk).first()
        seen, current = form.cleaned_data[VERSION_FIELD], self.current_version()
        if seen == current:
            return
        history = self.object.history.select_related("history_user")
        latest = history.first()
        seen_record = history.filter(history_id=seen).first() if seen.isdigit() else None
        self.conflict = {
            "who": record_history.who(latest.history_user),
            "date": latest.history_date,
            "changes": record_history.changes_since(self.model, seen_record, latest),
        }
        # The form now carries the latest version: saving again, knowingly, goes through.
        form.data = form.data.copy()
        form.data[form.add_prefix(VERSION_FIELD)] = current
        raise VersionConflict

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "title": _("Edit %(record)s") % {"record": self.object},
            "conflict": self.conflict,
        }


class RecordDeleteView(EditableObjectMixin, RecordMixin, generic.DeleteView):
    """Delete a record after confirmation; its history keeps it findable by central staff."""

    policy = "write"
    template_name = "records/confirm_delete.html"

    def form_valid(self, form):
        record, next_url = self.object, self.get_success_url()
        try:
            with transaction.atomic():
                record.delete()
        except ProtectedError as error:
            messages.error(
                self.request,
                record_message("protected", record, count=formatting.number(len(error.protected_objects))),
            )
            return HttpResponseRedirect(record.get_absolute_url())
        messages.success(self.request, record_message("deleted", record))
        return HttpResponseRedirect(next_url)

    def get_success_url(self):
        """Back to the page that showed the record: its owner's, or the list if it had its own."""
        url = self.object.get_absolute_url()
        return self.model_url("list") if url == record_page_url(self.object, "detail") else url

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": _("Delete %(record)s") % {"record": self.object}}


class RecordHistoryView(RecordMixin, generic.DetailView):
    """The record's history: who changed what and when, field by field."""

    policy = "read"
    template_name = "records/history.html"

    def get_context_data(self, **kwargs):
        records = self.object.history.select_related("history_user")
        return super().get_context_data(entries=record_history.entries(self.model, records), **kwargs)


def for_model(view, model):
    """The view itself when it names the model, else a subclass that does (the generic views)."""
    return view if getattr(view, "model", None) is model else type(view.__name__, (view,), {"model": model})


def record_urls(prefix, model, key="<int:pk>", **views):
    """The URLs of one model's pages, named `<model>-<verb>`: list, detail, create, update, history, delete."""
    routes = {
        "list": "",
        "detail": f"{key}/",
        "create": "new/",
        "update": f"{key}/edit/",
        "history": f"{key}/history/",
        "delete": f"{key}/delete/",
    }
    name = model._meta.model_name
    return [
        path(f"{prefix}/{routes[verb]}", for_model(view, model).as_view(), name=f"{name}-{verb}")
        for verb, view in views.items()
    ]


def record_file_url(prefix, model, field_name, key="<int:pk>"):
    """The URL of a record's stored file: `<prefix>/<pk>/<field>/`, named `<model>-<field>` as its `url` expects."""
    return path(
        f"{prefix}/{key}/{field_name}/",
        RecordFileView.as_view(model=model, field_name=field_name),
        name=f"{model._meta.model_name}-{field_name}",
    )


def history_tracked_models():
    """The domain models whose changes are kept (django-simple-history)."""
    return [
        model
        for model in apps.get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None) and model._meta.app_label in DOMAIN_APPS
    ]


DOMAIN_APPS = ("network", "cooperation", "partnerships")


class DeletedRecordsView(PolicyMixin, generic.TemplateView):
    """Deleted records of every kind, newest first, each with its history."""

    policy = "central"
    template_name = "records/deleted.html"
    per_model = 50

    def get_context_data(self, **kwargs):
        deleted = []
        for model in history_tracked_models():
            records = list(
                model.history.filter(history_type="-")
                .select_related("history_user")
                .order_by("-history_date")[: self.per_model]
            )
            instances = record_history.attach_related(model, [record.instance for record in records])
            deleted += [
                (record, instance, model._meta, record_history.who(record.history_user))
                for record, instance in zip(records, instances, strict=True)
            ]
        deleted.sort(key=lambda row: row[0].history_date, reverse=True)
        return super().get_context_data(deleted=deleted, title=_("Deleted records"), **kwargs)


class DeletedRecordHistoryView(PolicyMixin, generic.TemplateView):
    """The history of a record that no longer exists."""

    policy = "central"
    template_name = "records/history.html"

    def get_context_data(self, app_label, model_name, pk, **kwargs):
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            raise Http404 from None
        if model not in history_tracked_models():
            raise Http404
        try:
            records = list(model.history.filter(**{model._meta.pk.attname: pk}).select_related("history_user"))
        except (ValueError, ValidationError):  # not a key of this model
            raise Http404 from None
        if not records:
            raise Http404
        instance = record_history.attach_related(model, [records[0].instance])[0]
        return super().get_context_data(
            object=instance, deleted=True, entries=record_history.entries(model, records), **kwargs
        )


# User accounts and their roles (central staff)


class UserMixin(PolicyMixin):
    policy = "central"
    model = get_user_model()
    form_class = UserForm
    template_name = "records/form.html"

    def get_queryset(self):
        return accounts_managed_by(self.request.user).prefetch_related("groups").select_related("person")

    def get_success_url(self):
        return reverse("user-list")


class UserListView(UserMixin, generic.ListView):
    template_name = "accounts/user_list.html"
    paginate_by = 50

    def get_queryset(self):
        users = super().get_queryset().order_by("username")
        self.search = UserSearchForm(self.request.GET)
        if not self.search.is_valid():
            return users.none()
        query = self.search.cleaned_data["q"]
        if query:
            users = RecordFilterSet.search_in(users, query, ("username", "first_name", "last_name", "email"))
        return users

    def get_context_data(self, **kwargs):
        return super().get_context_data(search=self.search, **kwargs)


class UserCreateView(UserMixin, generic.CreateView):
    """A new account; its owner gets an e-mail to choose a password."""

    def form_valid(self, form):
        with transaction.atomic():
            user = form.save()
            invitation = InvitationForm(user)
            invitation.is_valid()
            transaction.on_commit(
                lambda: invitation.save(
                    request=self.request,
                    use_https=self.request.is_secure(),
                    subject_template_name="registration/invitation_subject.txt",
                    email_template_name="registration/invitation_email.html",
                )
            )
        messages.success(
            self.request,
            _("The account “%(user)s” was created; an e-mail asks its owner to choose a password.")
            % {"user": user.get_username()},
        )
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New user account"), **kwargs)


class UserUpdateView(UserMixin, generic.UpdateView):
    template_name = "accounts/user_form.html"
    context_object_name = "account"  # "user", the default, would hide the signed-in user from the layout

    def form_valid(self, form):
        with transaction.atomic():
            user = form.save()
        messages.success(self.request, _("The account “%(user)s” was saved.") % {"user": user.get_username()})
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Account %(user)s") % {"user": self.object.get_username()},
            failures=sign_in.failures(self.object.get_username()),
            **kwargs,
        )


class UnlockUserView(UserMixin, generic.View):
    http_method_names = ["post"]

    def post(self, request, pk):
        account = get_object_or_404(self.get_queryset(), pk=pk)
        sign_in.unlock(account.get_username())
        messages.success(request, _("Sign-in is unlocked for “%(user)s”.") % {"user": account.get_username()})
        return HttpResponseRedirect(reverse("user-update", args=[pk]))


class ExportRecordListView(RecordListView):
    """Who exported what, when, with which filters."""

    policy = "central"
    model = ExportRecord
    filterset_class = ExportRecordFilterSet
    table_class = ExportRecordTable
    select_related = ("user",)


class PublicPageView(generic.TemplateView):
    """A page every State site carries (accessibility, legal notice, personal data, site map):
    open to anyone, signed in or not."""

    policy = "public"
