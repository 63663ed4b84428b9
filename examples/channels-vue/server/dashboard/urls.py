from django.urls import path

from dashboard import views

urlpatterns = [
    path("jobs/", views.jobs),
    path("system-status/", views.system_status),
]
