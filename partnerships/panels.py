"""What partnerships add to other apps' pages (dcis.panels)."""

from dcis.panels import register_my_post

from .models import Opportunity

DUE_SHOWN = 5


@register_my_post("partnerships/_my_post.html")
def my_post_opportunities(post_ids, user, today):
    """The post's opportunities still open whose deadline is still to come, the nearest first."""
    coming = (
        Opportunity.objects.visible_to(user)
        .filter(post__in=post_ids, deadline__gte=today)
        .not_settled()
        .select_related("country")
        .order_by("deadline", "pk")
    )
    return {"coming_deadlines": list(coming[:DUE_SHOWN])}
