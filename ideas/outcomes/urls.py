"""URLs of what came of a board, beside the board's own (ideas/board/urls.py) under /boards/."""
from django.urls import path

from ideas.outcomes import views

urlpatterns = [
    path("<int:board_id>/results/", views.board_results_page, name="board_results"),
    path("<int:board_id>/results/<slug:chart>.svg", views.board_results_chart, name="board_results_chart"),
    path("<int:board_id>/promote/", views.promote, name="board_promote"),
    path("needs-map/<slug:block>.svg", views.needs_map_chart, name="needs_map_chart"),
    path("sessions/<int:workshop_id>/documentation.pdf", views.session_documentation_pdf, name="session_documentation_pdf"),
]
