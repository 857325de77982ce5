def navigation(request):
    """The navigation entries the signed-in user's role may use (see accounts.navigation)."""
    from accounts.navigation import menu_for

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": menu_for(user, request.path)}
