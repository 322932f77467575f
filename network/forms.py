from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dcis.access import access_for, accounts_managed_by
from dcis.forms import DsfrFormMixin, RecordForm
from dcis.widgets import make_searchable

from .models import Competence, Person, Post, Posting, PostStatusChange


class PostForm(RecordForm):
    class Meta:
        model = Post
        fields = ["name", "kind", "parent", "host_country", "city", "email", "phone", "address"]


class PostCreateForm(PostForm):
    """A new post starts its life with a first status and its date."""

    status = forms.ChoiceField(label=_("status"), choices=Post.Status.choices, initial=Post.Status.PLANNED)
    status_date = forms.DateField(label=_("since"), initial=timezone.localdate)


class PostStatusChangeForm(RecordForm):
    class Meta:
        model = PostStatusChange
        fields = ["post", "status", "date", "note"]


class CompetenceForm(RecordForm):
    class Meta:
        model = Competence
        fields = ["post", "country", "kind", "start", "end"]


class PersonForm(RecordForm):
    class Meta:
        model = Person
        fields = ["last_name", "first_name", "corps", "grade", "email", "phone", "languages", "user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Linking an account gives it the rights of the person's postings: central staff only,
        # and never to an account above their reach (nor away from one).
        managed = accounts_managed_by(self.user)
        linked = self.instance.user_id
        if not access_for(self.user).changes_everything or (linked and not managed.filter(pk=linked).exists()):
            del self.fields["user"]
        else:
            self.fields["user"].queryset = managed.order_by("username")


class PostingForm(RecordForm):
    class Meta:
        model = Posting
        fields = ["person", "post", "role", "theme", "start", "planned_end", "actual_end"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.postable_by(self.user)
        if self.instance.person_id:  # editing: the person it already names stays a choice
            people = people | Person.objects.filter(pk=self.instance.person_id)
        self.fields["person"].queryset = people
        self.fields["person"].widget.scope = "postable"


class MoveCompetenceForm(DsfrFormMixin, forms.Form):
    post = forms.ModelChoiceField(label=_("new covering post"), queryset=Post.objects.none())
    on = forms.DateField(
        label=_("from"), initial=timezone.localdate, help_text=_("The former post's competence ends the day before.")
    )
    kind = forms.ChoiceField(label=_("kind"), choices=Competence.Kind.choices, initial=Competence.Kind.EXTENSION)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = Post.objects.editable_by(user)
        make_searchable(self.fields["post"], scope="editable")
