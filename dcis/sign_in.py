"""Sign-in lock-outs (django-axes): the client's address, an account's failures, lifting its locks.

Axes locks an account after too many failures, from whatever address, and the pair
(account, address); never an address alone: behind the ministry's reverse proxy every
user shares one (see AXES_LOCKOUT_PARAMETERS in the settings).
"""

import ipaddress

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def client_address(request):
    """The address a request comes from, as far as we can vouch for it (axes' AXES_CLIENT_IP_CALLABLE).

    With no proxy declared (TRUSTED_PROXY_COUNT = 0), the peer's address: X-Forwarded-For
    is whatever the client chose to send. Behind N declared proxies, each one appends to
    X-Forwarded-For the address it received the request from, so the client is the N-th
    entry from the right, counting the peer; what stands left of it was sent by the
    client and is never believed.
    """
    peer = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return peer
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [entry for entry in forwarded if entry] + [peer]
    try:
        return str(ipaddress.ip_address(hops[max(0, len(hops) - 1 - proxies)]))
    except ValueError:  # a proxy that writes no address is misconfigured: fall back to the peer
        return peer


def failures(username):
    """The failed sign-ins that still count towards the account's lock, from every address.

    Axes counts an attempt record while its last failure is younger than the cool-off.
    """
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


def unlock(username):
    """Lift every lock on the account, whatever the address the failures came from."""
    return reset(username=username)
