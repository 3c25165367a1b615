"""The member area: registering for sessions and "my workshops"."""
from django.urls import path

from workshops import views

urlpatterns = [
    path("meine-workshops/", views.my_workshops, name="my_workshops"),
    path("workshops/<int:page_id>/anmelden/", views.register_for_workshop, name="workshop_register"),
    path("workshops/<int:page_id>/abmelden/", views.cancel_registration, name="workshop_cancel"),
]
