from config.version import VERSION


def version(request):
    """The release shown in every page's footer (config/version.py)."""
    return {"app_version": VERSION}
