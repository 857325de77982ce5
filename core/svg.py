"""An SVG chart as a PNG picture, for the documents that cannot hold SVG (the Word copies): the same markup the
page and the PDF print (reports.charts), rasterised by CairoSVG.

CairoSVG is a small pure-Python package over the Cairo library (libcairo2): the charts use presentation
attributes only, which it renders as WeasyPrint does, so the Word copy shows the PDF's chart, not a second
drawing of it.
"""

PNG_WIDTH = 1600  # pixels across: about 245 dpi at the 165 mm a page holds between its margins


def png(svg: str, *, width: int = PNG_WIDTH) -> bytes:
    """The chart ``svg`` (a complete <svg> element) as PNG bytes, ``width`` pixels wide, its height in proportion."""
    import cairosvg

    return cairosvg.svg2png(bytestring=str(svg).encode("utf-8"), output_width=width, unsafe=False)
