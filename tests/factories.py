"""factory_boy factories: valid objects by default; tests state only what they care about."""

import datetime
import io

import factory
import pypdf
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from dcis.access import CENTRAL_GROUP, READ_ONLY_GROUP
from network.models import Competence, Country, Person, Post, Posting, PostStatusChange, Zone


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@interieur.gouv.fr")
    password = factory.django.Password("password")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        for name in names or ():
            self.groups.add(Group.objects.get_or_create(name=name)[0])


def central_user(**kwargs):
    return UserFactory(groups=[CENTRAL_GROUP], **kwargs)


def read_only_user(**kwargs):
    return UserFactory(groups=[READ_ONLY_GROUP], **kwargs)


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Zone {n}")


def country(code):
    """Countries are reference data loaded by a migration: fetch, never create."""
    return Country.objects.get(code=code)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"SSI {n}")
    kind = Post.Kind.SSI
    host_country = factory.LazyFunction(lambda: country("SG"))
    city = "Singapour"

    @factory.post_generation
    def status(self, create, value, **kwargs):
        """Open since 2015 unless told otherwise (`status=None` for no status)."""
        if create and value is not False:
            PostStatusChange.objects.create(
                post=self, status=value or Post.Status.OPEN, date=kwargs.get("date", datetime.date(2015, 1, 1))
            )


class AntennaFactory(PostFactory):
    kind = Post.Kind.ANTENNA
    parent = factory.SubFactory(PostFactory)
    name = factory.Sequence(lambda n: f"Antenne {n}")


class CompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competence

    post = factory.SubFactory(PostFactory)
    country = factory.LazyAttribute(lambda competence: competence.post.host_country)
    kind = Competence.Kind.HOST
    start = datetime.date(2015, 1, 1)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    corps = Person.Corps.POLICE
    grade = "commissaire divisionnaire"


class PostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Posting

    person = factory.SubFactory(PersonFactory)
    post = factory.SubFactory(PostFactory)
    role = Posting.Role.ASI
    start = factory.LazyFunction(lambda: datetime.date(datetime.date.today().year - 1, 9, 1))


class ObjectivesLetterFactory(factory.django.DjangoModelFactory):
    """A draft letter for the ASI posting of a new post."""

    class Meta:
        model = "network.ObjectivesLetter"

    posting = factory.SubFactory(PostingFactory)
    context = "Un poste ouvert sur une zone de transit."


def priority(name="Criminalité organisée et narcotrafic"):
    """Priorities are reference data loaded by a migration."""
    from network.models import Priority

    return Priority.objects.get(name=name)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "network.Objective"

    letter = factory.SubFactory(ObjectivesLetterFactory)
    priority = factory.LazyFunction(priority)
    title = factory.Sequence(lambda n: f"Renforcer la coopération antidrogue {n}")
    indicator = "personnes localisées"
    target = 40


class LogbookEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "network.LogbookEntry"

    post = factory.SubFactory(PostFactory)
    date = datetime.date(2026, 10, 14)
    kind = "reunion"
    title = factory.Sequence(lambda n: f"Réunion avec la police des frontières {n}")
    text = "Échange sur les filières de passage."


def post_staff_user(post, role=Posting.Role.DEPUTY, **kwargs):
    """A user who holds a current posting at the post."""
    user = UserFactory(**kwargs)
    PostingFactory(post=post, role=role, person=PersonFactory(user=user))
    return user


# Cooperation


def theme(name="Cybercriminalité"):
    """Themes are reference data loaded by a migration."""
    from cooperation.models import Theme

    return Theme.objects.get(name=name)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cooperation.Action"
        skip_postgeneration_save = True

    post = factory.SubFactory(PostFactory)
    title = factory.Sequence(lambda n: f"Formation {n}")
    kind = "formation"
    planned_start = datetime.date(2026, 3, 2)
    planned_end = datetime.date(2026, 3, 6)
    foreign_participants = 12
    french_experts = 2

    @factory.post_generation
    def countries(self, create, countries, **kwargs):
        if create:
            self.countries.set(countries if countries is not None else [self.post.host_country])

    @factory.post_generation
    def themes(self, create, themes, **kwargs):
        if create:
            self.themes.set(themes if themes is not None else [theme()])


def requesting_service(acronym):
    from cooperation.models import RequestingService

    return RequestingService.objects.get(acronym=acronym)


class OperationalRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cooperation.OperationalRequest"

    post = factory.SubFactory(PostFactory)
    service = factory.LazyFunction(lambda: requesting_service("OFAST"))
    reference = factory.Sequence(lambda n: f"2026/{n:05}")
    kind = "localisation"
    country = factory.LazyAttribute(lambda request: request.post.host_country)
    received_on = datetime.date(2026, 1, 5)


def pdf_bytes(pages=1, password=None):
    """A real PDF of blank A4 pages, made here rather than kept as a binary in the repository."""
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password is not None:
        writer.encrypt(user_password=password, owner_password="owner")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf_upload(name="accord.pdf", content=None):
    """An uploaded PDF, as a form or a model receives it."""
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type="application/pdf")


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cooperation.Agreement"

    kind = "lettre_intention"
    title = factory.Sequence(lambda n: f"Lettre d'intention {n}")
    status = "signe"
    signed_on = datetime.date(2013, 6, 1)
    post = factory.SubFactory(PostFactory)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cooperation.Event"

    kind = "seminaire_regional"
    title = factory.Sequence(lambda n: f"Séminaire régional {n}")
    host_country = factory.LazyFunction(lambda: country("SG"))
    city = "Singapour"
    start = datetime.date(2026, 4, 14)
    end = datetime.date(2026, 4, 16)
    post = factory.SubFactory(PostFactory)


# Partnerships


def domain(name="Cybersécurité"):
    """Domains are reference data loaded by a migration."""
    from partnerships.models import Domain

    return Domain.objects.get(name=name)


def valid_siren(seed):
    from partnerships.demo import siren

    return siren(seed)


class PartnerFactory(factory.django.DjangoModelFactory):
    """Active, charter-holding, in the cybersecurity domain, with one contact who receives."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    charter_accepted_on = datetime.date(2020, 1, 1)
    referenced_on = datetime.date(2019, 6, 1)

    @factory.post_generation
    def domains(self, create, domains, **kwargs):
        if create:
            self.domains.set(domains if domains is not None else [domain()])

    @factory.post_generation
    def contact(self, create, value, **kwargs):
        """One contact who receives opportunities, unless `contact=False`."""
        if create and value is not False:
            address = f"export@{self.name.lower().replace(' ', '-')}.example"
            self.contacts.create(name="Export", email=address, receives_opportunities=True)


class CompanyFactory(PartnerFactory):
    class Meta:
        model = "partnerships.Company"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Entreprise {n}")
    siren = factory.Sequence(lambda n: valid_siren(10_000 + n))
    size = "pme"


class GroupingFactory(PartnerFactory):
    class Meta:
        model = "partnerships.Grouping"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Groupement {n}")


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partnerships.Opportunity"
        skip_postgeneration_save = True

    post = factory.SubFactory(PostFactory)
    country = factory.LazyAttribute(lambda opportunity: opportunity.post.host_country)
    buyer = "Police nationale"
    title = factory.Sequence(lambda n: f"Caméras pour la police {n}")
    description = "Renouvellement du parc de vidéoprotection."
    kind = "besoin"
    deadline = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=60))

    @factory.post_generation
    def domains(self, create, domains, **kwargs):
        if create:
            self.domains.set(domains if domains is not None else [domain()])
