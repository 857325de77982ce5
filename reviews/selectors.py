"""Reads of the period reviews, scoped to the user (out of scope is a 404)."""

from django.shortcuts import get_object_or_404

from reviews.models import ReviewPart, ReviewRound


def rounds_for(user):
    return ReviewRound.objects.visible_to(user).select_related("unit").order_by("-year_to", "-pk")


def round_for(user, pk):
    return get_object_or_404(rounds_for(user), pk=pk)


def part_for(user, pk):
    return get_object_or_404(ReviewPart.objects.visible_to(user).select_related("round__unit", "unit",
                                                                                  "submitted_by"), pk=pk)


def parts_of(round_, user):
    """The round's parts the user sees: the communes' by code, the unit's own last."""
    parts = list(ReviewPart.objects.visible_to(user).filter(round=round_).select_related("unit", "round__unit")
                 .order_by("unit__code"))
    return sorted(parts, key=lambda p: (p.is_units_own, p.unit.code))


def communes_side_by_side(part, user):
    """On the unit's own part: the communes' parts (sent or not) beside each of its sections."""
    if not part.is_units_own:
        return []
    return [p for p in parts_of(part.round, user) if not p.is_units_own]
