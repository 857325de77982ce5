"""The release of this code: shown in every page's footer and the health detail for administrators.

Bumped with each release, with a section of CHANGELOG.md and an annotated git tag ``v<version>``
(README, "Operations": releases).
"""

VERSION = "1.0.0"
