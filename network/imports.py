"""What imports the network's people: a people file (the people list's columns) and a postings
file (the rotation's columns, and the rest of a posting), two record types each with its own
identifier, as the register keeps them. A posting names its person as lists write it
(« DUPONT Jean »), or by the person's identifier where two people share a name."""

from django.utils.translation import gettext_lazy

from dcis.imports import ImportColumn, RecordImporter, TextWidget, normalize

from . import services
from .models import Person, Posting
from .tables import PersonTable, PostingTable


def split_name(value):
    """(last name, first name) from a name written « DUPONT Jean » or « DE LA TOUR Jean-Marc »:
    the words in capitals first are the last name."""
    words = value.split()
    last = [word for word in words if word.isupper() or not any(char.isalpha() for char in word)]
    count = 0
    while count < len(words) and words[count] in last:
        count += 1
    if count == len(words):  # all in capitals: the first name is the last word
        count = max(len(words) - 1, 1)
    count = max(count, 1)
    return " ".join(words[:count]), " ".join(words[count:])


class PersonNameColumn(ImportColumn):
    """The people list's name column, « DUPONT Jean »: the last and first names."""

    def __init__(self):
        super().__init__("name", gettext_lazy("name"), Person._meta.get_field("last_name"))

    @property
    def field_names(self):
        return ["last_name", "first_name"]

    @property
    def attnames(self):
        return self.field_names

    @property
    def required(self):
        return True

    def widget(self, user, importer):
        return TextWidget()

    def apply(self, instance, value):
        if instance.pk and normalize(value) == normalize(str(instance)):
            return  # as the list writes it: the stored spelling stays
        instance.last_name, instance.first_name = split_name(value)

    def example(self, user, importer):
        return "DUPONT Jean"

    def allowed_values(self):
        return None


def save_posting(posting, many, user, context):
    """`services.save_posting`: one posting at a time per person, one ASI per post."""
    services.save_posting(posting)


PEOPLE = RecordImporter(Person, PersonTable, columns={"name": PersonNameColumn()})
POSTINGS = RecordImporter(
    Posting,
    PostingTable,
    save=save_posting,
    service_cleans=True,
    # As the posting form offers them: post staff post newcomers, never someone serving elsewhere.
    allowed={"person": lambda user: Person.objects.postable_by(user)},
    listed_on=Person,
    link_label=gettext_lazy("Import postings"),
)
