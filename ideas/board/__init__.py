"""The live board: every rule, every change and what each reader receives, one module per concern.

    errors.py      BoardError: a machine code and a message for people
    rules.py       who may read and do what (Viewer, viewer_for, the why_not_* checks)
    validation.py  what a change may contain (texts, tags, choices, timer; limits from the models)
    payloads.py    the full data an event stores about a card, comment, link, cluster, board
    page_versions.py  the version a board's pages are kept under in the page cache, renewed by every event
    events.py      the event log: lock the board row, next seq, broadcast after commit, group name
    reading.py     what one reader receives: snapshot, events since a seq, per-reader shaping
    recent_material.py   a worker's latest material of each board, reused while its seq stays
    public_reading.py    a board as the public reads it on its pages, kept in the cache while its seq stays
    results.py     what came out of a board: cards ranked by dots, clusters, chains, counts
    charts.py      the results as bar charts (SVG, pygal)
    similar_cards.py  cards of earlier, published boards like a text being typed (rapidfuzz, a per-process index)
    records.py     what boards name, so it may not be deleted (people, organisations, building blocks, target groups)
    operations/    the changes, by what they change: cards, comments, clusters (and links),
                   votes (and the people without a device they are entered for), facilitation,
                   same_topic (a card's topic raised on an earlier board);
                   call them as `from ideas.board import operations as ops`
    protocol.py    the WebSocket message schemas and their dispatch to operations
    presence.py    who is online
    log_follower.py  while Redis is down: a worker relays its boards' events from the log
    arrivals.py    sockets arriving at a board: access, connection row and starting state, many in one trip
    consumer.py    the WebSocket consumer; routing.py its route
    forms.py, page_data.py, export.py, views.py, urls.py   the HTTP side

Each module imports only modules above it in this list. The protocol is in
docs/board-protocol.md, the package's place in the project in docs/architecture.md.
"""
