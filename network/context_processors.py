from django.utils import timezone

from .models import next_rotation_year


def rotation(request):
    """`rotation_year` in every template: the year of the rotation the navigation links to."""
    return {"rotation_year": next_rotation_year(timezone.localdate())}
