def french_by_default(get_response):
    """French unless the user chose English with the switch in the header.

    Django would otherwise follow the browser's Accept-Language header; here only
    the explicit choice (the language cookie) counts.
    """

    def middleware(request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return get_response(request)

    return middleware
