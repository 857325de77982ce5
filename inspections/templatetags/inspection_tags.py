"""Small filters for the inspection pages and documents."""


from django import template

from core import formatting

register = template.Library()


@register.filter
def paragraphs(text):
    """Non-empty lines of a text, one per paragraph."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.filter
def points(value):
    """Points as the documents print them: 75, 37,5 (Vietnamese decimal comma), or a dash."""
    return "–" if value is None or value == "" else formatting.number(value)


@register.filter
def signed(value):
    """A difference with its sign: +5, -12,5, 0."""
    return "–" if value is None else formatting.signed(value)


@register.filter
def years(values):
    return ", ".join(str(v) for v in values)


@register.filter
def lowerfirst(text):
    text = str(text or "")
    return text[:1].lower() + text[1:]
