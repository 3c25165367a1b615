"""What the site search and the index pages' filters share, below every app that uses them.

`german.py`: how a search term finds German words (parts of compound words, synonyms);
`filters.py`: the topic filters (tag, building block) every filter form starts from.
The search page itself is `home/search.py`.
"""
