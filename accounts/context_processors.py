def navigation(request):
    """The navigation entries the signed-in user's role may use (see accounts.navigation), and the user's
    unread notifications for the header (loaded with the user: accounts.backends)."""
    from accounts.navigation import menu_for
    from accounts.notifications import unread_count

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": menu_for(user, request.path), "unread_count": unread_count(user)}
