"""Reads over the standards: who owns which criterion in a province."""

from criteria.models import Criterion, Ownership, Sector, Standard


def _standard_filter(standard):
    """Accept a Standard or its code."""
    if isinstance(standard, Standard):
        return {"standard": standard}
    return {"standard__code": standard}


def normalise_province_code(province_code) -> str:
    """Province codes are two digits ("10" for Lào Cai); 10 and "10" are the same province."""
    code = str(province_code).strip()
    return code.zfill(2) if code.isdigit() else code


def owner_map(standard, province_code) -> dict[int, Sector]:
    """Criterion number → the sector that leads its appraisal in the province (two queries).

    ``standard`` is a Standard or its code; ``province_code`` may be None for the national defaults.
    See ``ownership_of`` for where the answer comes from.
    """
    criteria = Criterion.objects.filter(**_standard_filter(standard)).select_related("default_sector")
    return owners_of(criteria, province_code)


def sharers_map(standard, province_code) -> dict[int, tuple[Sector, ...]]:
    """Criterion number → every sector that owns it, the lead first (two queries)."""
    criteria = Criterion.objects.filter(**_standard_filter(standard)).select_related("default_sector")
    return ownership_of(criteria, province_code)


def owners_of(criteria, province_code) -> dict[int, Sector]:
    """owner_map for criteria already loaded with their default_sector (one query)."""
    return {number: sectors[0] for number, sectors in ownership_of(criteria, province_code).items()}


def ownership_of(criteria, province_code) -> dict[int, tuple[Sector, ...]]:
    """Criterion number → its owning sectors, the lead first, for criteria loaded with their default_sector.

    One query over the Ownership rows of the province and the national ones (empty province code). For
    each criterion the province's rows win over the national rows; without rows the default sector owns
    it alone. The lead is the row marked ``lead`` (the default sector where none is); the others share
    the criterion: they see it and join the appraisal, the lead records the points.
    """
    criteria = list(criteria)
    owners = {c.number: (c.default_sector,) for c in criteria}
    if not owners:
        return owners
    codes = [""] if province_code is None else ["", normalise_province_code(province_code)]
    rows = (Ownership.objects.filter(province_code__in=codes, criterion__in=[c.pk for c in criteria])
            .select_related("sector").order_by("criterion_id", "-lead", "sector__code"))
    by_criterion: dict = {}
    for row in rows:
        by_criterion.setdefault(row.criterion_id, {}).setdefault(row.province_code, []).append(row)
    for c in criteria:
        found = by_criterion.get(c.pk)
        if not found:
            continue
        chosen = found.get(codes[-1]) or found.get("")  # the province's own rows, else the national
        lead = next((r.sector for r in chosen if r.lead), c.default_sector)
        owners[c.number] = (lead,) + tuple(r.sector for r in chosen if r.sector != lead)
    return owners


def province_code_of(unit) -> str:
    """The official code of ``unit``'s province ("" for None: the whole country), for the rules a province
    sets itself (criteria.rules.REWARDS); one query for a unit below its province."""
    from communes.models import Unit

    if unit is None:
        return ""
    if unit.parent_id is None:
        return unit.code
    return Unit.objects.filter(pk=unit.province_id).values_list("code", flat=True).first() or ""
