from .access import access_for


def access(request):
    """`access` in every template: what the signed-in user may do (computed once per request)."""
    return {"access": access_for(getattr(request, "user", None))}
