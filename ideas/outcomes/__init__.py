"""What came of the boards: their results pages, concept papers promoted from them, the session's documentation PDF.

    promotion.py   a concept paper draft from a cluster or a concept draft, its origin kept as data
    papers.py      the papers made from a board, as one reader may see them
    needs_map.py   the public map of needs: every published board's needs and gaps, what answers them, open first
    views.py, urls.py   the results page, its charts, the promote button, the session's documentation PDF
                        (built by ideas/session_documentation.py)

The papers themselves are Wagtail pages (ideas.models.ConceptPaperPage) with their origin on a
board (ideas.models.PaperOrigin); the review before they go live is ideas/review.py.
"""
