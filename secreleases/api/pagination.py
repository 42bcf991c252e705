"""Pages of 50, up to 500 with ?page_size=; DRF's settings import this early, so it imports little.

A page and its count come from one query (the count as a window over the filtered rows), so the
two always agree, and agree with the data version the list reads in that same statement.
"""

from django.core.paginator import Page
from django.db.models import Count, Window
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination

# Far beyond any list here, and far below the database's largest OFFSET.
MAX_PAGE_NUMBER = 1_000_000


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        if queryset.query.distinct or queryset.query.combinator or self.wants_last_page(request):
            return super().paginate_queryset(queryset, request, view)  # a window would count duplicates
        size = self.get_page_size(request)
        number = self.page_number(request)
        offset = (number - 1) * size
        rows = list(queryset.annotate(list_total=Window(Count("pk")))[offset : offset + size])
        if not rows and number > 1:
            raise NotFound(
                self.invalid_page_message.format(page_number=number, message="That page contains no results")
            )
        paginator = self.django_paginator_class(queryset, size)
        paginator.count = rows[0].list_total if rows else 0
        self.page, self.request = Page(rows, number, paginator), request
        return rows

    def wants_last_page(self, request) -> bool:
        return request.query_params.get(self.page_query_param) in self.last_page_strings

    def page_number(self, request) -> int:
        raw = request.query_params.get(self.page_query_param) or "1"
        try:
            number = int(raw)
        except ValueError:
            number = 0
        if not 1 <= number <= MAX_PAGE_NUMBER:
            raise NotFound(self.invalid_page_message)
        return number
