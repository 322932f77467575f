"""Sections that one app adds to another's record pages (a post's cooperation record…).

An app registers a builder for a model in its `AppConfig.ready()`; the record's
detail page shows every panel registered for its model, in order.
"""

from collections import defaultdict

_panels = defaultdict(list)


def register(model_label, template_name):
    """Decorate `build(record, user) -> dict`, the context of `template_name` on the record's page."""

    def decorator(build):
        _panels[model_label].append((template_name, build))
        return build

    return decorator


def panels_for(record, user):
    return [{"template": template, **build(record, user)} for template, build in _panels[record._meta.label]]


# The home page's "my post" for post staff: each app adds what is due at the posts and what
# changed there lately, without `network` importing the apps above it.
MY_POST = "my post"


def register_my_post(template_name):
    """Decorate `build(post_ids, user, today) -> dict`, the context of `template_name` in "my post"."""
    return register(MY_POST, template_name)


def my_post_panels(post_ids, user, today):
    return [{"template": template, **build(post_ids, user, today)} for template, build in _panels[MY_POST]]
