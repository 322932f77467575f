"""`{% load formats %}`: `{{ total|number }}`, `{{ cost|amount }}`, `{{ day|long_date }}`, `{{ day|short_date }}`."""

from django import template

from dcis import formatting

register = template.Library()

register.filter("number", formatting.number)
register.filter("amount", formatting.amount)
register.filter("short_date", formatting.short_date)
register.filter("long_date", formatting.long_date)
