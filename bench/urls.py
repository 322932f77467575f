"""The project's URLs plus a bare view: the floor every page is compared with.

Routed only by `dcis.settings.bench`. The bare view needs a signed-in user, so it loads
the session and the user through the same middleware as the pages, and does nothing else.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from dcis.urls import urlpatterns as project_urlpatterns

BARE_URL = "/bench/bare/"


@login_required
def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(BARE_URL.strip("/") + "/", bare, name="bench-bare"), *project_urlpatterns]
