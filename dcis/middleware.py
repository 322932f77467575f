import time


def french_by_default(get_response):
    """French unless the user chose English with the switch in the header.

    Django would otherwise follow the browser's Accept-Language header; here only
    the explicit choice (the language cookie) counts.
    """

    def middleware(request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return get_response(request)

    return middleware


# How often a signed-in user's session has its expiry moved forward: the idle time-out
# (SESSION_COOKIE_AGE) holds to within this, without a write to the session on every request.
SESSION_REFRESH_SECONDS = 5 * 60
SESSION_REFRESHED_KEY = "_dcis_refreshed"


def idle_sessions_expire(get_response):
    """Sessions end after SESSION_COOKIE_AGE seconds without a request.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) would hold the same
    rule at the cost of a write per page; here the session is saved, and its expiry moved
    forward, at most once every few minutes of activity.
    """

    def middleware(request):
        response = get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(SESSION_REFRESHED_KEY, 0) >= SESSION_REFRESH_SECONDS:
                session[SESSION_REFRESHED_KEY] = now
        return response

    return middleware
