from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear

from dcis.panels import register, register_my_post

from .models import Action, Agreement, Event, OperationalRequest


@register("network.Post", "cooperation/_post_panel.html")
def post_cooperation_by_year(post, user):
    """What the post did, year by year: actions, requests answered, agreements, events."""
    years = defaultdict(dict)
    actions = (
        Action.objects.visible_to(user)
        .filter(post=post)
        .annotate(year=ExtractYear(Coalesce("actual_start", "planned_start")))
        .values("year")
        .annotate(
            n=Count("pk"),
            done=Count("pk", filter=Q(status=Action.Status.DONE)),
            participants=Sum("foreign_participants"),
            cost=Sum("actual_cost"),
        )
        .order_by()
    )
    for row in actions:
        years[row["year"]]["actions"] = row
    # Need-to-know: counted here, opened one by one only by those who may see them.
    requests = OperationalRequest.objects.counted_by(user).filter(post=post)
    for row in requests.median_response_days(year=ExtractYear("received_on")):
        years[row["year"]]["requests"] = {
            "n": row["answered"] + row["open"],
            "open": row["open"],
            "median": row["median"],
        }
    for name, queryset, field in (
        ("agreements", Agreement.objects.visible_to(user).filter(post=post), "signed_on"),
        ("events", Event.objects.visible_to(user).filter(post=post), "start"),
    ):
        for row in queryset.annotate(year=ExtractYear(field)).values("year").annotate(n=Count("pk")).order_by():
            if row["year"]:
                years[row["year"]][name] = row["n"]
    return {"post": post, "years": sorted(years.items(), reverse=True)}


# The home page's "my post" (dcis.panels.register_my_post)

DUE_SHOWN = 5


@register_my_post("cooperation/_my_post.html")
def my_post_cooperation(post_ids, user, today):
    """The post's requests awaiting an answer, oldest first, and its records changed lately."""
    open_requests = OperationalRequest.objects.visible_to(user).filter(post__in=post_ids).open()
    recent, seen = [], set()
    # What each record's name reads besides its own row (a request is named by its service).
    named_by = {OperationalRequest: ("service",)}
    for model in (Action, OperationalRequest, Agreement, Event):
        # A save writes one history row, a script or the admin maybe several: each record once.
        changes = (
            model.history.filter(post_id__in=post_ids)
            .select_related("history_user", *named_by.get(model, ()))
            .order_by("-history_date", "-history_id")[: DUE_SHOWN * 4]
        )
        for change in changes:
            if (model, change.id) not in seen:
                seen.add((model, change.id))
                record = change.instance
                for field in named_by.get(model, ()):
                    setattr(record, field, getattr(change, field))  # read with the change
                recent.append((change, record, model._meta.verbose_name))
    recent.sort(key=lambda change: change[0].history_date, reverse=True)
    return {
        "open_requests": list(open_requests.select_related("service").order_by("received_on", "pk")[:DUE_SHOWN]),
        "open_request_count": open_requests.count(),
        # The list the count leads to: the requests of the user's post, when there is one.
        "open_requests_post": next(iter(post_ids)) if len(post_ids) == 1 else None,
        "recent_changes": recent[:DUE_SHOWN],
        "today": today,
    }
