"""What came of the boards: their results pages, and concept papers promoted from them.

    promotion.py   a concept paper draft from a cluster or a concept draft, its origin kept as data
    papers.py      the papers made from a board, as one reader may see them
    views.py, urls.py   the results page, its charts, the promote button

The papers themselves are Wagtail pages (ideas.models.ConceptPaperPage) with their origin on a
board (ideas.models.PaperOrigin); the review before they go live is ideas/review.py.
"""
