"""A workflow's move as data: each app's ``rules.py`` holds one table of these.

A move names the states it leaves from, the state it leads to, who may make it (roles and their
unit's relation to the object), its Vietnamese label, and whether it is irreversible, in which case
the page asks for confirmation with ``consequence`` in words."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Move:
    name: str
    sources: tuple[str, ...]
    target: str
    who: tuple[str, ...]
    where: str
    label: str
    confirm: bool = False
    consequence: str = ""  # what happens, in words, on the confirmation step (%(commune)s, %(unit)s)
    url_name: str = ""     # the page action making it (<app>:<url_name>); "" when made elsewhere
    style: str = "primary"
    icon: str = ""

    def allows(self, role: str, relations) -> bool:
        return role in self.who and self.where in relations
