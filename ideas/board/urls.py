"""URLs of the boards outside the page tree."""
from django.urls import path

from ideas.board import guest_views
from ideas.board import views as board_views

urlpatterns = [
    path("<int:board_id>/", board_views.board_page, name="board_page"),
    path("<int:board_id>/beamer/", board_views.board_beamer, name="board_beamer"),
    path("<int:board_id>/state.json", board_views.board_state, name="board_state"),
    path("<int:board_id>/similar.json", board_views.board_similar_cards, name="board_similar_cards"),
    path("<int:board_id>/export.csv", board_views.board_export_csv, name="board_export_csv"),
    path("<int:board_id>/export.md", board_views.board_export_markdown, name="board_export_markdown"),
    path("<int:board_id>/guest-qr.svg", guest_views.guest_qr_code, name="board_guest_qr_code"),
]

# Short, for phones and the QR code: mounted at /g/ (netzwerkstatt/urls.py).
guest_urlpatterns = [
    path("", guest_views.guest_join, name="guest_join"),
    path("<str:code>/", guest_views.guest_join, name="guest_join_code"),
]
