"""A record page's growing lists, one page of rows at a time.

A post's past postings, a company's opportunities received, a country's former coverage grow
every year. A record's page shows what matters now in full, and each growing history as a
`SubList`: one page of its rows under its own page parameter (`?past_postings_page=2`, so that
several lists on one page page independently), the total, and a link to the list page that holds
the same rows where there is one. Two queries each (the count, the page), however long it grows.
"""

from django.core.paginator import Paginator

PER_PAGE = 20


def page_number(value):
    """The page asked for: anything that is no whole number is the first page; a number past
    the end is the last page (`Paginator.get_page`)."""
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


class SubList:
    """One page of `rows` (an ordered queryset), chosen by the request's `<name>_page` parameter.

    `see_all`: (url, label) of the list page that shows every row, filtered to this record.
    """

    def __init__(self, request, name, rows, *, per_page=PER_PAGE, see_all=None):
        self.name = name
        self.parameter = f"{name}_page"
        self.anchor = name.replace("_", "-")
        self.see_all_url, self.see_all_label = see_all or (None, None)
        self.page = Paginator(rows, per_page).get_page(page_number(request.GET.get(self.parameter)))

    def __iter__(self):
        return iter(self.page)

    def __len__(self):
        return len(self.page)

    @property
    def count(self):
        return self.page.paginator.count

    @property
    def paginated(self):
        return self.page.has_other_pages()
