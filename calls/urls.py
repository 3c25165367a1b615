from django.urls import path

from calls import views

urlpatterns = [
    path("<int:call_id>/status/", views.advance_state, name="call_advance_state"),
]
