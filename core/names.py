"""Names of administrative units as documents print them."""

# Kind prefixes of a unit's official name, longest first where one begins another, with the
# abbreviations offices write ("TP.", "TT.", "TX.").
KIND_PREFIXES = ("thành phố ", "thị trấn ", "thị xã ", "đặc khu ", "phường ", "huyện ", "quận ", "tỉnh ", "xã ",
                 "tp. ", "tt. ", "tx. ")


def bare_name(name: str) -> str:
    """A unit's name without its kind prefix: "Thị xã Sa Pa" → "Sa Pa", "Tỉnh Ninh Thuận" → "Ninh Thuận",
    "TT. Đồi Ngô" → "Đồi Ngô" (the place in a document's date line)."""
    name = name.strip()
    low = name.lower()
    for prefix in KIND_PREFIXES:
        if low.startswith(prefix):
            return name[len(prefix):].strip()
    return name
