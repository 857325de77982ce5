"""The floor: what each report costs at the least. One hand-written SQL statement per report,
returning the same numbers as the product; for the workbook, the same cells written by openpyxl in
write-only mode without styles.

The SQL runs unchanged on SQLite and PostgreSQL (CASE instead of FILTER, LIKE on the unit path).
It picks each province's round of a year as the one with the highest id, which is the product's
"newer standard" rule on the benchmark's data (one round per province and year).
"""

from decimal import Decimal

from django.db import connection

from reports.selectors import REFORM_YEAR

SUBMITTED = "('submitted', 'accepted', 'appraised', 'recognised', 'not_recognised')"
FINAL = "COALESCE(s.appraised_points, s.points)"
THRESHOLD = ("CASE a.tier WHEN 'city_ward' THEN st.threshold_city_ward WHEN 'remote' THEN st.threshold_remote "
             "ELSE st.threshold_other END")
# a commune's province: its district's parent before the reform, its own parent after
PROVINCE_OF = "COALESCE(d.parent_id, c.parent_id)"
# a commune's recognising unit on the reference day: its parent then (UnitVersion), else its own row's parent
PARENT_ON_DAY = ("COALESCE((SELECT v.parent_id FROM communes_unitversion v WHERE v.unit_id = c.id "
                 "AND v.parent_id IS NOT NULL AND v.valid_from <= ref.day "
                 "AND (v.valid_to IS NULL OR v.valid_to >= ref.day) LIMIT 1), c.parent_id)")


def fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _in_scope(path):
    return ("AND c.path LIKE %(prefix)s", {"prefix": f"{path}%"}) if path else ("", {})


# --- summary -----------------------------------------------------------------------------------

SUMMARY_SQL = """
WITH cur AS (SELECT province_id, MAX(id) AS id FROM assessments_round WHERE year = %(year)s {rounds}
             GROUP BY province_id),
last_year AS (SELECT province_id, MAX(year) AS year FROM assessments_round WHERE year < %(year)s {rounds}
              GROUP BY province_id),
prev AS (SELECT r.province_id, MAX(r.id) AS id FROM assessments_round r
         JOIN last_year ly ON ly.province_id = r.province_id AND ly.year = r.year GROUP BY r.province_id),
ref AS (SELECT MAX(r.period_end) AS day FROM assessments_round r JOIN cur ON cur.id = r.id),
two AS MATERIALIZED (
  SELECT a.commune_id, MAX(cur.id) AS round_id, MAX(CASE WHEN cur.id IS NOT NULL THEN a.status END) AS now,
         MAX(CASE WHEN prev.id IS NOT NULL THEN a.status END) AS before,
         MAX(CASE WHEN cur.id IS NOT NULL THEN a.submitted_on END) AS submitted_on,
         MAX(CASE WHEN cur.id IS NOT NULL THEN a.appraisal_report_on END) AS appraisal_report_on,
         MAX(CASE WHEN cur.id IS NOT NULL THEN dn.signed_on END) AS signed_on
  FROM assessments_assessment a LEFT JOIN cur ON cur.id = a.round_id LEFT JOIN prev ON prev.id = a.round_id
  LEFT JOIN assessments_decision dn ON dn.id = a.decision_id
  WHERE a.round_id IN (SELECT id FROM cur UNION ALL SELECT id FROM prev)
  GROUP BY a.commune_id),
reg AS MATERIALIZED (SELECT g.commune_id, g.round_id FROM assessments_registration g JOIN cur ON cur.id = g.round_id),
carried AS MATERIALIZED (
  SELECT l.successor_id AS commune_id FROM communes_unitlink l
  LEFT JOIN (SELECT DISTINCT pa.commune_id FROM assessments_assessment pa
             WHERE pa.status = 'recognised' AND pa.round_id IN (
               SELECT MAX(id) FROM assessments_round WHERE year = %(year)s - 1 GROUP BY province_id)) ok
    ON ok.commune_id = l.predecessor_id
  WHERE l.is_default AND %(year)s >= %(reform_year)s
  GROUP BY l.successor_id
  HAVING COUNT(ok.commune_id) = COUNT(*))
SELECT {group} AS grp,
  COUNT(*),
  COUNT(reg.commune_id),
  COUNT(two.now),
  SUM(CASE WHEN two.now IN {submitted} THEN 1 ELSE 0 END),
  SUM(CASE WHEN two.now = 'recognised' THEN 1 ELSE 0 END),
  SUM(CASE WHEN two.now = 'recognised' AND NOT {was} THEN 1 ELSE 0 END),
  SUM(CASE WHEN two.now = 'not_recognised' AND {was} THEN 1 ELSE 0 END),
  SUM(CASE WHEN {was} THEN 1 ELSE 0 END),
  SUM(CASE WHEN (two.now IN ('draft', 'returned') AND r.submission_due < %(today)s)
            OR (two.now IN ('submitted', 'accepted') AND r.appraisal_due < %(today)s)
            OR (two.now = 'appraised' AND r.decision_due < %(today)s)
            OR (two.now IS NULL AND reg.commune_id IS NOT NULL AND rr.submission_due < %(today)s)
            OR two.submitted_on > r.submission_due OR two.appraisal_report_on > r.appraisal_due
            OR two.signed_on > r.decision_due THEN 1 ELSE 0 END)
FROM communes_unit c
CROSS JOIN ref
LEFT JOIN communes_unit d ON d.id = c.parent_id
LEFT JOIN two ON two.commune_id = c.id
LEFT JOIN assessments_round r ON r.id = two.round_id
LEFT JOIN reg ON reg.commune_id = c.id
LEFT JOIN assessments_round rr ON rr.id = reg.round_id
LEFT JOIN carried ON carried.commune_id = c.id
WHERE c.level = 'commune' AND c.valid_from <= ref.day AND (c.valid_to IS NULL OR c.valid_to >= ref.day) {scope}
GROUP BY {group}
"""

# recognised the year before: its own decision in the previous round, or, for a commune formed by the 2025
# reform, every predecessor that formed it (criteria.rules.recognised_in)
WAS = "(COALESCE(two.before, '') = 'recognised' OR carried.commune_id IS NOT NULL)"

COUNTERS = ("units", "registered", "assessed", "submitted", "recognised", "newly", "lost", "previously", "overdue")


def summary_sql(year, today, path=None):
    """[(group id, units, registered, assessed, submitted, recognised, newly, lost, previously, overdue)]:
    by province for the whole country, by recognising unit (the commune's parent) within a province."""
    scope, params = _in_scope(path)
    sql = SUMMARY_SQL.format(group=PARENT_ON_DAY if path else PROVINCE_OF, submitted=SUBMITTED, scope=scope,
                             rounds="AND province_id = %(province)s" if path else "", was=WAS)
    return fetch(sql, {"year": year, "today": today, "province": _province_id(path), "reform_year": REFORM_YEAR,
                       **params})


def _province_id(path):
    return int(path.strip("/").split("/")[0]) if path else None


def summary(year, today, path=None):
    return {row[0]: tuple(int(v or 0) for v in row[1:]) for row in summary_sql(year, today, path)}


# --- criteria analysis ---------------------------------------------------------------------------

CRITERIA_SQL = """
SELECT s.criterion_id, COUNT({final}), SUM(CASE WHEN {final} = 0 THEN 1 ELSE 0 END), SUM({final}),
  SUM(CASE WHEN {final} = 0 AND a.final_total >= {threshold} THEN 1 ELSE 0 END), k.max_points
FROM assessments_score s
JOIN criteria_criterion k ON k.id = s.criterion_id
JOIN assessments_assessment a ON a.id = s.assessment_id
JOIN assessments_round r ON r.id = a.round_id
JOIN criteria_standard st ON st.id = r.standard_id
JOIN communes_unit c ON c.id = a.commune_id
WHERE r.year = %(year)s AND a.status IN {submitted} {scope}
GROUP BY s.criterion_id, k.max_points
UNION ALL
SELECT NULL, COUNT(*), SUM(CASE WHEN a.zero_criteria > 0 THEN 1 ELSE 0 END), NULL,
  SUM(CASE WHEN a.zero_criteria > 0 AND a.final_total >= {threshold} THEN 1 ELSE 0 END), NULL
FROM assessments_assessment a
JOIN assessments_round r ON r.id = a.round_id
JOIN criteria_standard st ON st.id = r.standard_id
JOIN communes_unit c ON c.id = a.commune_id
WHERE r.year = %(year)s AND a.status IN {submitted} {scope}
"""


def averages(points, scored, maximum):
    """(average points, average share of the maximum in %), both to two decimals, as the report shows."""
    if not scored:
        return None, None
    average = Decimal(str(points)) / scored
    return average.quantize(CENT), (average * 100 / maximum).quantize(CENT) if maximum else None


CENT = Decimal("0.01")


def criteria(year, path=None):
    """{"rows": {criterion id: (scored, zeros, average, average share, blocks)}, dossiers, with_zero, blocked}."""
    scope, params = _in_scope(path)
    rows = fetch(CRITERIA_SQL.format(final=FINAL, threshold=THRESHOLD, submitted=SUBMITTED, scope=scope),
                 {"year": year, **params})
    out = {"rows": {}}
    for criterion_id, scored, zeros, points, blocks, maximum in rows:
        if criterion_id is None:
            out.update(dossiers=int(scored), with_zero=int(zeros or 0), blocked=int(blocks or 0))
        else:
            out["rows"][criterion_id] = (int(scored), int(zeros), *averages(points, scored, maximum), int(blocks))
    return out


# --- trend ---------------------------------------------------------------------------------------

TREND_SQL = """
WITH years AS (SELECT year, MAX(period_end) AS day FROM assessments_round
               WHERE year <= %(year)s {rounds} GROUP BY year),
periods AS (SELECT {group} AS grp, c.valid_from, c.valid_to, COUNT(*) AS n
            FROM communes_unit c LEFT JOIN communes_unit d ON d.id = c.parent_id
            WHERE c.level = 'commune' {scope} GROUP BY {group}, c.valid_from, c.valid_to),
units AS (SELECT y.year, p.grp, SUM(p.n) AS n FROM years y
          JOIN periods p ON p.valid_from <= y.day AND (p.valid_to IS NULL OR p.valid_to >= y.day)
          GROUP BY y.year, p.grp),
hits AS (SELECT r.year, {hit_group} AS grp, COUNT(*) AS n
         FROM assessments_assessment a JOIN assessments_round r ON r.id = a.round_id {hit_join}
         WHERE a.status = 'recognised' AND r.year <= %(year)s {rounds_r} {scope} GROUP BY r.year, {hit_group})
SELECT u.year, u.grp, u.n, COALESCE(h.n, 0) FROM units u LEFT JOIN hits h ON h.year = u.year AND h.grp = u.grp
"""


def trend(year, path=None):
    """{(year, group id): (units, recognised)}: groups are provinces nationally, else recognising units.
    Units are counted per period of validity first, then per year (a handful of rows, not 10 × 10,600)."""
    scope, params = _in_scope(path)
    sql = TREND_SQL.format(group="c.parent_id" if path else PROVINCE_OF, scope=scope,
                           hit_group="c.parent_id" if path else "r.province_id",
                           hit_join="JOIN communes_unit c ON c.id = a.commune_id" if path else "",
                           rounds="AND province_id = %(province)s" if path else "",
                           rounds_r="AND r.province_id = %(province)s" if path else "")
    rows = fetch(sql, {"year": year, "province": _province_id(path), **params})
    return {(y, g): (int(n), int(hits)) for y, g, n, hits in rows}


# --- the decision list of one recognising unit ---------------------------------------------------

DECISIONS_SQL = """
SELECT a.id, a.status, a.final_total, a.self_total, a.meets_standard, a.zero_criteria, c.name, p.name,
  dn.number, sd.path, sd.signer_name,
  SUM(CASE WHEN s.appraised_points IS NOT NULL AND s.appraised_points <> s.points THEN 1 ELSE 0 END),
  SUM(CASE WHEN s.appraised_points IS NOT NULL AND s.appraised_points <> s.points
      THEN s.appraised_points - s.points END)
FROM assessments_assessment a
JOIN communes_unit c ON c.id = a.commune_id
LEFT JOIN communes_unit p ON p.id = c.parent_id
LEFT JOIN assessments_decision dn ON dn.id = a.decision_id
LEFT JOIN assessments_signeddocument sd ON sd.decision_id = a.decision_id AND sd.document = 'decision'
LEFT JOIN assessments_score s ON s.assessment_id = a.id
WHERE a.round_id = %(round)s AND c.path LIKE %(prefix)s
GROUP BY a.id, a.status, a.final_total, a.self_total, a.meets_standard, a.zero_criteria, c.name, p.name,
  dn.number, sd.path, sd.signer_name
"""


def _cents(value):
    return None if value is None else Decimal(str(value)).quantize(CENT)


def decisions(round_id, path):
    """{assessment id: (status, final total, criteria whose appraised points differ, self total, meets the
    standard, criteria at 0, the points the appraisal changed, commune, its parent, decision number, signed
    record's path and signer)}: what each row of the list prints."""
    rows = fetch(DECISIONS_SQL, {"round": round_id, "prefix": f"{path}%"})
    return {pk: (status, _cents(final), int(n), _cents(own), bool(meets), int(zeros), _cents(adjustment), commune,
                 parent, number, signed, signer)
            for pk, status, final, own, meets, zeros, commune, parent, number, signed, signer, n, adjustment in rows}


# --- the workbook --------------------------------------------------------------------------------

HOLDERS_SQL = """
SELECT c.code, c.name, d.name,
  MAX(CASE WHEN r.year = %(year)s THEN 1 ELSE 0 END) AS y0,
  MAX(CASE WHEN r.year = %(year)s - 1 THEN 1 ELSE 0 END) AS y1,
  MAX(CASE WHEN r.year = %(year)s - 2 THEN 1 ELSE 0 END) AS y2,
  MAX(CASE WHEN r.year = %(year)s - 3 THEN 1 ELSE 0 END) AS y3,
  MAX(CASE WHEN r.year = %(year)s - 4 THEN 1 ELSE 0 END) AS y4
FROM assessments_assessment a
JOIN assessments_round r ON r.id = a.round_id
JOIN communes_unit c ON c.id = a.commune_id
LEFT JOIN communes_unit d ON d.id = c.parent_id
WHERE a.status = 'recognised' AND r.year BETWEEN %(year)s - 4 AND %(year)s
GROUP BY a.commune_id, c.code, c.name, d.name
HAVING MAX(CASE WHEN r.year = %(year)s THEN 1 ELSE 0 END) = 1
   AND MAX(CASE WHEN r.year = %(year)s - 1 THEN 1 ELSE 0 END) = 1
   AND MAX(CASE WHEN r.year = %(year)s - 2 THEN 1 ELSE 0 END) = 1
ORDER BY d.name, c.code
"""

RAW_SQL = """
SELECT c.code, c.name, d.name, a.tier, st.code, {pivot}, a.self_total, a.final_total, a.zero_criteria,
  a.meets_standard, a.status
FROM assessments_assessment a
JOIN assessments_round r ON r.id = a.round_id
JOIN criteria_standard st ON st.id = r.standard_id
JOIN communes_unit pu ON pu.id = r.province_id
JOIN communes_unit c ON c.id = a.commune_id
LEFT JOIN communes_unit d ON d.id = c.parent_id
LEFT JOIN assessments_score s ON s.assessment_id = a.id
LEFT JOIN criteria_criterion k ON k.id = s.criterion_id
WHERE r.year = %(year)s
GROUP BY a.id, c.code, c.name, d.name, a.tier, st.code, a.self_total, a.final_total, a.zero_criteria,
  a.meets_standard, a.status, pu.code, d.code
ORDER BY pu.code, d.code, c.code, a.id
"""

NUMBERS_SQL = """
SELECT DISTINCT k.number FROM criteria_criterion k JOIN assessments_round r ON r.standard_id = k.standard_id
WHERE r.year = %(year)s ORDER BY k.number
"""

def names(year):
    """Labels the sheets show: units {id: (code, name)}, criteria {id: (number, name, max, provisional)},
    standards {year: "code, code"}."""
    units = {pk: (code, name) for pk, code, name in fetch(
        "SELECT id, code, name FROM communes_unit WHERE level <> 'commune'", {})}
    criteria_ = {pk: (n, name, m, bool(p)) for pk, n, name, m, p in fetch(
        "SELECT id, number, name, max_points, NOT (name_confirmed AND points_confirmed) FROM criteria_criterion",
        {})}
    standards = {}
    for y, code in fetch("SELECT DISTINCT r.year, st.code FROM assessments_round r JOIN criteria_standard st "
                         "ON st.id = r.standard_id WHERE r.year <= %(year)s", {"year": year}):
        standards.setdefault(y, []).append(code)
    return {"units": units, "criteria": criteria_,
            "standards": {y: ", ".join(sorted(c)) for y, c in standards.items()}}


def holders(year):
    """[(code, name, parent name, run)] of communes recognised this year and the two before."""
    rows = []
    for code, name, parent, *flags in fetch(HOLDERS_SQL, {"year": year}):
        run = 0
        while run < 5 and flags[run]:
            run += 1
        rows.append((code, name, parent, run))
    return rows


def raw_scores(year):
    """(criterion numbers, rows): one row per assessment of the year, pivoted in SQL, fetched in batches."""
    numbers = [n for (n,) in fetch(NUMBERS_SQL, {"year": year})]
    pivot = ", ".join(f"MAX(CASE WHEN k.number = {int(n)} THEN {FINAL} END)" for n in numbers)

    def rows():
        with connection.cursor() as cursor:
            cursor.execute(RAW_SQL.format(pivot=pivot), {"year": year})
            while batch := cursor.fetchmany(2000):
                for code, name, parent, tier, standard, *rest in batch:
                    yield (code, name, parent, tier, standard, rest[:len(numbers)], *rest[len(numbers):])

    return numbers, rows()


def workbook(year, today, path):
    """The report workbook's cells from the statements above. Returns the number of data rows."""
    from bench import cells

    return cells.write(path, names=names(year), summary=summary(year, today), analysis=criteria(year),
                       trend=trend(year), holders=holders(year), raw=raw_scores(year))
