"""The dossiers' rows are built directly for speed: a record's by DossierSerializer.to_representation, a list's from
tuples of columns (api.serializers.dossier_rows, no model instance); both are exactly what DRF's generic walk over
the declared fields gives."""

import json

from django.urls import reverse
from rest_framework import serializers as drf

from api.base import JSONRenderer
from api.serializers import DOSSIER_COLUMNS, DossierDetailSerializer, DossierSerializer, dossier_rows
from assessments.models import Assessment
from tests import factories


def test_the_direct_rows_are_the_declared_fields(api):
    factories.AssessmentFactory(round=api.own.round, commune=api.units.neighbour)  # a draft: no decision, no dates
    for a in Assessment.objects.select_related("commune__parent", "round__standard", "decision"):
        assert DossierSerializer(a).data == drf.ModelSerializer.to_representation(DossierSerializer(), a)
        detail = DossierDetailSerializer(a).data
        assert detail == drf.ModelSerializer.to_representation(DossierDetailSerializer(), a)
        assert list(detail)[-1] == "points" and len(detail["points"]) == 13


def test_the_lists_rows_from_columns_are_the_serializers_rows(api):
    factories.AssessmentFactory(round=api.own.round, commune=api.units.neighbour)
    dossiers = Assessment.objects.order_by("pk")
    from_columns = dossier_rows(dossiers.values_list(*DOSSIER_COLUMNS))
    from_models = [drf.ModelSerializer.to_representation(DossierSerializer(), a)
                   for a in dossiers.select_related("commune__parent", "round__standard", "decision")]
    assert len(from_columns) == 3
    assert [list(row.items()) for row in from_columns] == [list(row.items()) for row in from_models]  # keys in order
    answered = api.keys["national"].client.get(reverse("api:dossier-list")).json()["results"]
    rendered = json.loads(JSONRenderer().render(from_models))
    assert sorted(answered, key=lambda row: row["id"]) == rendered
