"""The demo: a fictional city's network with its site, workshops, concept papers, users and live boards.

`manage.py load_demo` (management/commands/load_demo.py) loads it in this order,
each part a module with its content and the code that creates it:

    site_pages.py  home page and default site, legal and text pages, site settings
    network.py     building blocks F1–F6, target groups, organisations, contacts, network page
    workshops.py   the kick-off workshop and the idea labs
    papers.py      concept papers and their review workflow
    calls.py       the call for expressions of interest of January 2020
    users.py       one demo user per role (development only) and their logins
    boards.py      two live boards, written through the board operations
    common.py      the tally, page and date helpers every part uses

It sits at the top of the app stack: nothing imports it.
"""
