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


COMMITTEE_WORDS = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "UBND")
OFFICE_WORDS = ("SỞ", "PHÒNG")


def _unit_in_text(name: str) -> str:
    """"HUYỆN LỤC NAM" → "huyện Lục Nam": the kind in lower case, each syllable of the name capitalised."""
    bare = bare_name(name)
    kind = name[: len(name) - len(bare)].strip().lower()
    return " ".join(filter(None, [kind, " ".join(w[:1].upper() + w[1:].lower() for w in bare.split())]))


def _segments_capitalised(text: str) -> str:
    return " - ".join(part[:1].upper() + part[1:].lower() for part in text.split(" - "))


def body_in_text(heading: str, known=()) -> str:
    """An issuing body's name inside a sentence, from the lines its heading prints (one source: a corrected
    heading changes the body text too). A name typed in mixed case is used as typed; one typed in capitals is
    the known name it spells ("PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" → "Phòng Lao động - Thương binh và
    Xã hội"), else a committee ("ỦY BAN NHÂN DÂN\\nXÃ ĐỒI NGÔ" → "Ủy ban nhân dân xã Đồi Ngô") or an office
    ("PHÒNG VĂN HÓA - XÃ HỘI" → "Phòng Văn hóa - Xã hội") rebuilt; anything else is kept as typed."""
    text = " ".join((heading or "").split())
    for name in known:
        if name and " ".join(name.split()).upper() == text.upper():
            return " ".join(name.split())
    if text != text.upper():
        return text
    for words in COMMITTEE_WORDS:
        if text.startswith(words + " "):
            return "Ủy ban nhân dân " + _unit_in_text(text[len(words) + 1:])
    for word in OFFICE_WORDS:
        if text.startswith(word + " "):
            return word[:1] + word[1:].lower() + " " + _segments_capitalised(text[len(word) + 1:])
    return text
