"""Template filters over core.formatting: ``{% load vn %}``."""

from django import template

from core import formatting

register = template.Library()


@register.filter
def nd30_date(value):
    """{{ date|nd30_date }} → "ngày 05 tháng 3 năm 2024" (NĐ 30/2020); empty for no date."""
    return formatting.nd30_date(value) if value else ""


@register.filter
def date_line(value):
    """A document's date line: the act's date, or the blank the signer fills in by hand."""
    return formatting.nd30_date(value) if value else formatting.BLANK_DATE


@register.filter
def vn_number(value, places=None):
    """{{ 849.5|vn_number }} → "849,5"; {{ x|vn_number:2 }} → two decimals."""
    return formatting.number(value, None if places in (None, "") else int(places))


@register.filter
def vn_signed(value):
    """{{ -12.5|vn_signed }} → "-12,5"; {{ 5|vn_signed }} → "+5" (a change in points)."""
    return formatting.signed(value)
