"""Copy the user guide's screenshots (taken by tests/browser/test_officers_day.py into test-artifacts/guide/)
to docs/img/ as small PNGs (256 colours), for the README's "Using the app (demo)".

    .venv/bin/pytest tests/browser/test_officers_day.py && .venv/bin/python scripts/guide_images.py
"""

from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SHOWN = ("header-count", "viec-cho-toi", "loc-can-toi-xu-ly", "quyet-dinh-can-toi-xu-ly")


def main():
    target = ROOT / "docs" / "img"
    target.mkdir(parents=True, exist_ok=True)
    for name in SHOWN:
        image = Image.open(ROOT / "test-artifacts" / "guide" / f"{name}.png").convert("RGB")
        small = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        small.save(target / f"{name}.png", optimize=True)
        print(f"docs/img/{name}.png {(target / f'{name}.png').stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
