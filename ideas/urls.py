"""URLs of the boards outside the page tree."""
from django.urls import path

from ideas import board_views

urlpatterns = [
    path("<int:board_id>/state.json", board_views.board_state, name="board_state"),
]
