from django.urls import path

from communes import views

app_name = "communes"

urlpatterns = [
    path("<int:pk>/lich-su/", views.unit_history, name="history"),
]
