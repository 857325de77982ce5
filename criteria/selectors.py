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
    """Criterion number → the sector that appraises it in the province (two queries).

    A province's Ownership row wins; otherwise the criterion's default sector. ``standard`` is a
    Standard or its code; ``province_code`` may be None for the national defaults (one query).
    """
    criteria = Criterion.objects.filter(**_standard_filter(standard)).select_related("default_sector")
    return owners_of(criteria, province_code)


def owners_of(criteria, province_code) -> dict[int, Sector]:
    """owner_map for criteria already loaded with their default_sector (one query)."""
    owners = {c.number: c.default_sector for c in criteria}
    if province_code is None or not owners:
        return owners
    rows = Ownership.objects.filter(
        province_code=normalise_province_code(province_code), criterion__in=[c.pk for c in criteria],
    ).select_related("sector", "criterion")
    for row in rows:
        owners[row.criterion.number] = row.sector
    return owners
