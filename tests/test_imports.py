"""Spreadsheets in (issue 11): a preview lists every bad row and writes nothing; confirming
imports the good rows with their history; every export imports back unchanged; the access
policy holds per row; malformed files get a message, never a 500."""

import codecs
import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from pytest_django.asserts import assertContains

from cooperation.models import Action, OperationalRequest, Theme
from dcis.history import entries
from dcis.imports import REGISTRY, ImportFileError, read_sheet
from dcis.models import ImportRecord
from network.models import Person, Posting
from tests import factories
from tests.test_access_matrix import URLS  # noqa: F401 (loads the URLconf, which declares the imports)

ACTION_HEADERS = [
    "intitulé",
    "type",
    "poste",
    "pays bénéficiaires",
    "thèmes",
    "début prévu",
    "fin prévue",
    "participants étrangers",
    "coût prévu (€)",
    "identifiant",
]


def csv_bytes(rows, delimiter=";", encoding="utf-8", bom=True):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    data = out.getvalue().encode(encoding)
    return (codecs.BOM_UTF8 + data) if bom and encoding == "utf-8" else data


def upload(client, url, data, name="fichier.csv"):
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def problems(response):
    """{(row, column): messages} of the preview's report."""
    return {(p.line, p.column): p.messages for p in response.context["report"].problems}


def action_row(title, **cells):
    values = {
        "intitulé": title,
        "type": "stage / formation",
        "poste": "SSI Bangkok",
        "pays bénéficiaires": "Thaïlande",
        "thèmes": "Cybercriminalité",
        "début prévu": "02/03/2026",
        "fin prévue": "06/03/2026",
        "participants étrangers": "12",
        "coût prévu (€)": "11500,50",
        "identifiant": "",
    }
    values.update(cells)
    return [values[header] for header in ACTION_HEADERS]


@pytest.fixture
def competence(post):
    return factories.CompetenceFactory(post=post)


@pytest.fixture
def existing(post, competence):
    return factories.ActionFactory(post=post, title="Audit portuaire", countries=[factories.country("TH")])


ACTIONS_URL = "/cooperation/actions/import/"


@pytest.fixture
def mixed_file(existing):
    """Good rows and one bad row of each kind, with the row numbers a spreadsheet shows."""
    return csv_bytes(
        [
            ACTION_HEADERS,
            action_row("Formation cyber"),  # 2: good, new
            action_row("Pays inconnu", **{"pays bénéficiaires": "Atlantide"}),  # 3
            action_row("Poste inconnu", poste="SSI Atlantis"),  # 4
            action_row("Dates", **{"fin prévue": "01/03/2026"}),  # 5: ends before it starts
            action_row("Hors compétence", **{"pays bénéficiaires": "Laos"}),  # 6
            action_row("Type", type="pique-nique"),  # 7
            action_row("Nombre", **{"participants étrangers": "douze"}),  # 8
            action_row("Date", **{"début prévu": "31/02/2026"}),  # 9
            action_row("Audit portuaire révisé", identifiant=str(existing.pk)),  # 10: good, update
            action_row("Doublon", identifiant=str(existing.pk)),  # 11: the same identifier again
            # 12: good, new, in English labels and an ISO code
            action_row("Mission", type="expert mission", **{"pays bénéficiaires": "TH", "coût prévu (€)": "1 200"}),
        ]
    )


def test_the_preview_lists_exactly_the_bad_rows_and_writes_nothing(client, central, existing, mixed_file):
    client.force_login(central)
    counts = (Action.objects.count(), Action.history.count())
    response = upload(client, ACTIONS_URL, mixed_file)
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.rows, report.created, report.updated, report.unchanged, report.invalid) == (11, 2, 1, 0, 8)
    found = problems(response)
    assert set(found) == {
        (3, "pays bénéficiaires"),
        (4, "poste"),
        (5, "fin prévue"),
        (6, "pays bénéficiaires"),
        (7, "type"),
        (8, "participants étrangers"),
        (9, "début prévu"),
        (11, "identifiant"),
    }
    assert found[(3, "pays bénéficiaires")] == ["« Atlantide » ne correspond à aucun enregistrement (pays)."]
    assert found[(5, "fin prévue")] == ["La fin prévue ne peut pas précéder le début prévu."]
    assert "Laos" in found[(6, "pays bénéficiaires")][0] and "SSI Bangkok" in found[(6, "pays bénéficiaires")][0]
    assert found[(9, "début prévu")] == ["« 31/02/2026 » n’est pas une date : écrivez-la 26/12/2026."]
    assert found[(11, "identifiant")] == [f"L’identifiant {existing.pk} figure déjà à la ligne 10."]
    assertContains(response, "« pique-nique » n’est pas une valeur permise")
    assertContains(response, "Importer les 3 lignes valides")
    assert (Action.objects.count(), Action.history.count()) == counts
    existing.refresh_from_db()
    assert existing.title == "Audit portuaire"
    assert ImportRecord.objects.get().dry_run


def test_confirming_imports_the_good_rows_with_their_history(client, central, existing, mixed_file):
    client.force_login(central)
    token = upload(client, ACTIONS_URL, mixed_file).context["token"]
    response = client.post(ACTIONS_URL, {"token": token})
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperation:action-list")
    created = Action.objects.exclude(pk=existing.pk)
    assert sorted(created.values_list("title", flat=True)) == ["Formation cyber", "Mission"]
    mission = created.get(title="Mission")
    assert (mission.kind, mission.planned_cost, mission.foreign_participants) == ("expertise", Decimal("1200"), 12)
    assert list(mission.countries.values_list("code", flat=True)) == ["TH"]
    assert list(mission.themes.values_list("name", flat=True)) == ["Cybercriminalité"]
    existing.refresh_from_db()
    assert existing.title == "Audit portuaire révisé"
    for action in [*created, existing]:
        latest = action.history.first()
        assert latest.history_user == central
        assert latest.history_type == ("~" if action == existing else "+")
    # The history keeps the many-to-many values too, which the bulk writer leaves out.
    created_entry = entries(Action, list(mission.history.all()))[0]
    assert {change.label: change.new for change in created_entry.changes}["thèmes"] == "Cybercriminalité"
    assert {change.label: change.new for change in created_entry.changes}["pays bénéficiaires"] == "Thaïlande"
    record = ImportRecord.objects.get(dry_run=False)
    assert (record.user, record.created, record.updated, record.invalid) == (central, 2, 1, 8)
    # The token is spent: confirming again writes nothing more.
    client.post(ACTIONS_URL, {"token": token})
    assert Action.objects.count() == 3


def test_nothing_is_written_when_a_row_turned_invalid_since_the_preview(client, central, existing, competence):
    client.force_login(central)
    data = csv_bytes([ACTION_HEADERS, action_row("Première"), action_row("Seconde")])
    token = upload(client, ACTIONS_URL, data).context["token"]
    competence.delete()  # Thailand is no longer covered by the post
    response = client.post(ACTIONS_URL, {"token": token})
    assert response.status_code == 200
    assert response.context["changed"]
    assert {line for line, _column in problems(response)} == {2, 3}
    assert not Action.objects.filter(title__in=["Première", "Seconde"]).exists()


def test_post_staff_rows_for_another_post_are_invalid(client, attache, post, other_post, competence):
    factories.CompetenceFactory(post=other_post)
    theirs = factories.ActionFactory(post=other_post, title="Leur action", countries=[factories.country("ES")])
    client.force_login(attache)
    data = csv_bytes(
        [
            ACTION_HEADERS,
            action_row("La nôtre"),
            action_row("Chez les autres", poste="SSI Madrid", **{"pays bénéficiaires": "Espagne"}),
            action_row("Leur action reprise", poste="SSI Bangkok", identifiant=str(theirs.pk)),
            action_row("Sans poste", poste=""),
        ]
    )
    response = upload(client, ACTIONS_URL, data)
    found = problems(response)
    assert set(found) == {(3, "poste"), (4, "identifiant"), (5, "poste")}
    assert found[(3, "poste")] == ["Vous ne pouvez pas choisir « SSI Madrid » ici."]
    assert found[(4, "identifiant")] == ["Vous ne pouvez pas modifier « Leur action »."]
    client.post(ACTIONS_URL, {"token": response.context["token"]})
    assert list(Action.objects.filter(post=post).values_list("title", flat=True)) == ["La nôtre"]
    theirs.refresh_from_db()
    assert (theirs.title, theirs.post) == ("Leur action", other_post)


def test_who_may_import(client, read_only, attache, central, competence):
    assert client.get(ACTIONS_URL)["Location"].startswith("/accounts/login/")
    client.force_login(read_only)
    assert client.get(ACTIONS_URL).status_code == 403
    assert upload(client, ACTIONS_URL, csv_bytes([ACTION_HEADERS, action_row("X")])).status_code == 403
    client.force_login(attache)
    assert client.get(ACTIONS_URL).status_code == 200
    assert client.get("/cooperation/themes/import/").status_code == 403  # reference data: central staff
    assertContains(client.get(reverse("cooperation:action-list")), ACTIONS_URL)
    assert client.get(reverse("importrecord-list")).status_code == 403
    client.force_login(central)
    assert client.get("/cooperation/themes/import/").status_code == 200
    assert Action.objects.count() == 0


def round_trip(client, list_url, import_url, edit=None):
    response = client.get(list_url, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    if edit:
        edit(rows)
    return upload(client, import_url, csv_bytes(rows)).context["report"]


def list_url(importer):
    opts = importer.listed_on._meta
    return reverse(f"{opts.app_label}:{opts.model_name}-list")


@pytest.mark.parametrize("label", sorted(label for label in REGISTRY if label != "network.posting"))
def test_every_export_imports_back_unchanged(client, central, post, competence, label):
    from tests.test_access_matrix import SAMPLES

    importer = REGISTRY[label]
    SAMPLES[importer.model](post)
    client.force_login(central)
    opts = importer.model._meta
    report = round_trip(client, list_url(importer), reverse(f"{opts.app_label}:{opts.model_name}-import"))
    assert [(p.line, p.column, p.messages) for p in report.problems] == []
    assert report.rows > 0
    assert (report.created, report.updated, report.unchanged) == (0, 0, report.rows)


def test_an_edited_export_updates_the_records_it_came_from(client, central, existing):
    client.force_login(central)

    def edit(rows):
        rows[1][rows[0].index("intitulé")] = "Audit du port"
        rows.append([""] * len(rows[0]))
        rows[-1][:10] = ["", "Nouvelle", "stage / formation", "SSI Bangkok", "Thaïlande", "Cybercriminalité"]
        rows[-1][rows[0].index("début prévu")] = "01/09/2026"
        rows[-1][rows[0].index("fin prévue")] = "02/09/2026"

    report = round_trip(client, reverse("cooperation:action-list"), ACTIONS_URL, edit)
    assert (report.created, report.updated, report.unchanged, report.invalid) == (1, 1, 0, 0)
    theme = Theme.objects.get(name="Terrorisme")

    def rename(rows):
        line = next(row for row in rows if row[0] == "Terrorisme")
        line[0] = "Terrorisme et radicalisation"

    report = round_trip(client, reverse("cooperation:theme-list"), "/cooperation/themes/import/", rename)
    assert (report.updated, report.invalid) == (1, 0)
    client.post("/cooperation/themes/import/", {"token": client.session["dcis_imports"].popitem()[0]})
    theme.refresh_from_db()
    assert theme.name == "Terrorisme et radicalisation"
    assert theme.history.first().history_user == central


def test_an_xlsx_export_imports_back_unchanged(client, central, existing):
    client.force_login(central)
    response = client.get(reverse("cooperation:action-list"), {"export": "xlsx"})
    data = b"".join(response.streaming_content)
    report = upload(client, ACTIONS_URL, data, "actions.xlsx").context["report"]
    assert (report.rows, report.unchanged, report.invalid) == (1, 1, 0)


def test_the_rotation_export_imports_back_as_postings(client, central, post):
    arriving = factories.PostingFactory(post=post, role=Posting.Role.ASI, start=datetime.date(2026, 9, 1))
    client.force_login(central)
    report = round_trip(client, reverse("network:rotation", args=[2026]), "/network/postings/import/")
    assert (report.rows, report.unchanged, report.invalid) == (1, 1, 0)
    assert arriving.person.postings.count() == 1


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom"),
    [
        (";", "utf-8", True),
        (";", "utf-8", False),
        (",", "utf-8", False),
        ("\t", "utf-8", True),
        (";", "cp1252", False),
    ],
    ids=["semicolon-bom", "semicolon", "comma", "tab", "latin-1"],
)
def test_csv_variants(client, central, competence, delimiter, encoding, bom):
    client.force_login(central)
    data = csv_bytes(
        [ACTION_HEADERS, action_row("Coopération élargie"), action_row("Deuxième", **{"coût prévu (€)": "1 000,5"})],
        delimiter=delimiter,
        encoding=encoding,
        bom=bom,
    )
    response = upload(client, ACTIONS_URL, data)
    report = response.context["report"]
    assert (report.created, report.invalid) == (2, 0), problems(response)
    client.post(ACTIONS_URL, {"token": response.context["token"]})
    assert set(Action.objects.values_list("title", "planned_cost")) == {
        ("Coopération élargie", Decimal("11500.50")),
        ("Deuxième", Decimal("1000.50")),
    }


def test_english_headers_as_the_english_export_writes_them(client, central, competence):
    client.force_login(central)
    headers = ["title", "type", "post", "beneficiary countries", "themes", "planned start", "planned end"]
    row = ["Training", "course / training", "SSI Bangkok", "Thailand", "Cybercriminalité", "2026-03-02", "2026-03-06"]
    report = upload(client, ACTIONS_URL, csv_bytes([headers, row], delimiter=",")).context["report"]
    assert (report.created, report.invalid) == (1, 0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Le fichier soumis est vide."),
        (b"\r\n;;\r\n", "Le fichier est vide."),
        (factories.pdf_bytes(), "Ce fichier ne se lit pas comme un tableur"),
        (bytes(range(256)) * 40, "Ce fichier ne se lit pas comme un tableur"),
        (b"PK\x03\x04 not really a zip", "Ce fichier ne se lit pas comme un tableur"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "ancien fichier Excel (.xls)"),
        ("nom;prénom\nDupont;Jean\n".encode(), "Ces colonnes ne sont pas des colonnes de cette liste : “nom”"),
        ("intitulé;type\nX;stage / formation\n".encode(), "Ces colonnes manquent : “poste”"),
        ("intitulé;intitulé\n".encode(), "La colonne « intitulé » figure deux fois."),
    ],
    ids=["empty", "blank", "pdf", "binary", "broken-zip", "xls", "wrong-headers", "missing-columns", "twice"],
)
def test_a_malformed_file_gets_a_message(client, central, data, message):
    client.force_login(central)
    response = upload(client, ACTIONS_URL, data)
    assert response.status_code == 200
    assert "report" not in response.context
    assert message in str(response.context["form"].errors["file"])
    assert not ImportRecord.objects.exists()


def test_files_beyond_the_limits_are_refused(client, central, competence):
    client.force_login(central)
    with pytest.raises(ImportFileError, match="trop volumineux"):
        read_sheet(b"x" * (50 * 1024 * 1024))
    data = csv_bytes([ACTION_HEADERS, *(action_row(f"Action {i}") for i in range(5))])
    with override_settings(DCIS_IMPORT_MAX_BYTES=200):
        response = upload(client, ACTIONS_URL, data)
        assert "Le fichier est trop volumineux" in str(response.context["form"].errors["file"])
    with override_settings(DCIS_IMPORT_MAX_ROWS=4):
        response = upload(client, ACTIONS_URL, data)
        assert "Le fichier compte plus de 4 lignes" in str(response.context["form"].errors["file"])
    assert not Action.objects.exists()


def test_the_template_lists_the_columns_an_example_and_the_allowed_values(client, central):
    client.force_login(central)
    response = client.get(ACTIONS_URL, {"template": "xlsx"})
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    sheet, values = workbook.worksheets
    header, example = list(sheet.values)
    assert header[:3] == ("intitulé", "type", "poste") and header[-1] == "identifiant"
    assert "date" not in header  # a column the export writes that no import sets
    assert example[header.index("type")] == "stage / formation"
    allowed = {column[0].value: [cell.value for cell in column[1:] if cell.value] for column in values.columns}
    assert allowed["statut"] == ["en projet", "programmée", "réalisée", "annulée", "reportée"]


def test_an_xlsx_file_with_typed_cells(client, central, competence):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(ACTION_HEADERS)
    sheet.append(
        [
            "Formation",
            "stage / formation",
            "SSI Bangkok",
            "Thaïlande",
            "Cybercriminalité",
            datetime.datetime(2026, 3, 2),
            datetime.date(2026, 3, 6),
            12,
            11500.5,
            None,
        ]
    )
    output = io.BytesIO()
    workbook.save(output)
    client.force_login(central)
    response = upload(client, ACTIONS_URL, output.getvalue(), "actions.xlsx")
    assert response.context["report"].created == 1, problems(response)


def action_file(count):
    return csv_bytes([ACTION_HEADERS, *(action_row(f"Action {i}") for i in range(count))])


def test_a_preview_runs_no_query_per_row_beyond_the_rules(client, central, competence):
    client.force_login(central)
    upload(client, ACTIONS_URL, action_file(1))  # the session
    counts = []
    for count in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            assert upload(client, ACTIONS_URL, action_file(count)).context["report"].created == count
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_command_line_prints_the_report_and_fails_on_invalid_rows(tmp_path, central, existing):
    path = tmp_path / "actions.csv"
    path.write_bytes(csv_bytes([ACTION_HEADERS, action_row("Bonne"), action_row("Mauvaise", type="?")]))
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import_records", "cooperation.action", str(path), user="central", dry_run=True, stdout=out)
    assert exit_.value.code == 1
    assert "2 lignes : 1 à créer, 0 à modifier, 0 inchangées, 1 invalides." in out.getvalue()
    assert "ligne 3 — type: « ? » n’est pas une valeur permise" in out.getvalue()
    assert not Action.objects.filter(title="Bonne").exists()

    path.write_bytes(csv_bytes([ACTION_HEADERS, action_row("Bonne")]))
    out = io.StringIO()
    call_command("import_records", "cooperation.action", str(path), user="central", stdout=out)
    assert "1 lignes : 1 créées" in out.getvalue()
    assert Action.objects.get(title="Bonne").history.get().history_user == central
    assert ImportRecord.objects.filter(dry_run=False, user=central).count() == 1


def test_people_and_their_postings(client, central, post, competence):
    client.force_login(central)
    people = csv_bytes(
        [
            ["nom", "corps", "grade", "courriel professionnel"],
            ["DE LA TOUR Jean-Marc", "Police nationale", "commandant", "jm.delatour@interieur.gouv.fr"],
            ["MARTIN Claire", "Gendarmerie nationale", "", ""],
            ["Dupont", "Police nationale", "", ""],
        ]
    )
    response = upload(client, "/network/people/import/", people)
    assert set(problems(response)) == {(4, "nom")}  # no first name
    client.post("/network/people/import/", {"token": response.context["token"]})
    names = {("DE LA TOUR", "Jean-Marc"), ("MARTIN", "Claire")}
    assert set(Person.objects.values_list("last_name", "first_name")) == names

    postings = csv_bytes(
        [
            ["personne", "rôle", "poste", "début", "thème", "fin prévue"],
            ["DE LA TOUR Jean-Marc", "attaché de sécurité intérieure (ASI)", "SSI Bangkok", "01/09/2026", "", ""],
            ["MARTIN Claire", "attaché de sécurité intérieure (ASI)", "SSI Bangkok", "01/09/2026", "", ""],
            ["DE LA TOUR Jean-Marc", "officier de liaison", "SSI Bangkok", "01/10/2026", "cyber", ""],
        ]
    )
    response = upload(client, "/network/postings/import/", postings)
    found = problems(response)
    assert set(found) == {(3, "rôle"), (4, "début")}  # a second ASI; two postings at once
    client.post("/network/postings/import/", {"token": response.context["token"]})
    posting = Posting.objects.get()
    assert (str(posting.person), posting.planned_end) == ("DE LA TOUR Jean-Marc", datetime.date(2030, 8, 31))
    assert posting.history.get().history_user == central


def test_the_import_log_is_for_central_staff(client, central, competence):
    client.force_login(central)
    upload(client, ACTIONS_URL, action_file(2))
    response = client.get(reverse("importrecord-list"))
    assertContains(response, "fichier.csv")
    assertContains(response, "Actions de coopération technique")


def test_operational_requests_duplicates_within_the_file(client, attache, post):
    client.force_login(attache)
    headers = ["reçue le", "demande", "service demandeur", "nature", "poste", "pays", "thèmes"]
    kind = "localisation d’une personne recherchée"
    row = ["05/01/2026", "2026/001", "OFAST", kind, "SSI Bangkok", "Thaïlande", "Cybercriminalité"]
    response = upload(client, "/cooperation/requests/import/", csv_bytes([headers, row, row]))
    assert problems(response) == {
        (3, ""): ["Un objet Demande opérationnelle avec ces champs Service demandeur et Référence existe déjà."]
    }
    client.post("/cooperation/requests/import/", {"token": response.context["token"]})
    assert OperationalRequest.objects.get().reference == "2026/001"
