"""What the accountability records add to the post's and the person's pages (dcis.panels)."""

from django.db.models import Count

from dcis.panels import register

from .models import Objective, ObjectivesLetter, Posting


@register("network.Post", "network/_post_letter.html")
def post_objectives_letter(post, user):
    """The letter of the post's head today, with its objectives, if the user may read it: two
    queries, whether there is a letter or not."""
    letters = ObjectivesLetter.objects.visible_to(user).filter(
        posting__in=Posting.objects.current().filter(Posting.head_role_q(), post=post)
    )
    letter = letters.select_related("posting__person", "posting__post").first()
    objectives = Objective.objects.filter(letter__in=letters).select_related("priority")
    return {"letter": letter, "objectives": list(objectives)}


@register("network.Person", "network/_person_letters.html")
def person_objectives_letters(person, user):
    """The person's letters over their career, the latest first."""
    letters = (
        ObjectivesLetter.objects.visible_to(user)
        .filter(posting__person=person)
        .select_related("posting__post")
        .annotate(objective_count=Count("objectives"))
        .order_by("-posting__start")
    )
    return {"letters": list(letters)}
