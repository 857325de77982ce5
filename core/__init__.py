"""The shared layer below every app: what several apps need, in one place.

Nothing here imports an app of the project (communes, criteria, accounts, assessments,
inspections, reports); every app may import from here."""
