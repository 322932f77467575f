from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dcis.access import access_for, accounts_managed_by
from dcis.forms import DsfrFormMixin, RecordForm
from dcis.widgets import make_searchable

from .models import Competence, Objective, ObjectivesLetter, Person, Post, Posting, PostStatusChange, Priority


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


class ObjectivesLetterForm(RecordForm):
    class Meta:
        model = ObjectivesLetter
        fields = ["posting", "context"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The head-of-post postings that have no letter yet (and, editing, the letter's own).
        postings = Posting.objects.visible_to(self.user).filter(Posting.head_role_q(), objectives_letter__isnull=True)
        if self.instance.posting_id:
            postings = postings | Posting.objects.filter(pk=self.instance.posting_id)
        self.fields["posting"].queryset = postings.select_related("person", "post")
        self.fields["posting"].widget.scope = "needs_letter"


class ObjectiveForm(RecordForm):
    class Meta:
        model = Objective
        fields = ["letter", "priority", "title", "indicator", "target"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = Priority.objects.filter(active=True) | Priority.objects.filter(
            pk=self.instance.priority_id or 0
        )


class SignLetterForm(DsfrFormMixin, forms.Form):
    signed_by = forms.CharField(label=_("signed by"), max_length=150)
    signed_on = forms.DateField(label=_("date of signature"), initial=timezone.localdate)
