"""Fill a form the way a browser would, from the page that shows it."""


def form_data(response, **changes):
    """The values a page's form would post as it stands (its hidden version included), changed."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = str(value)
    return {**data, **changes}
