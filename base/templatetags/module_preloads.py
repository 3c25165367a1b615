"""{% module_preloads "js/board/main.js" %}: a <link rel="modulepreload"> for the entry and every module it imports.

Without it a phone fetches the modules one import level after the other, a round trip each
(about 0.4 s each on a slow mobile connection); with it, all at once. The list is read from the
modules' own import lines, so it never falls behind the code. Only the static imports
(`import … from "./x.js"`): what a module loads later with `import("./x.js")` is left to
that moment, so that it does not take the slow link's bandwidth before the page works.
"""
import re
from functools import lru_cache
from pathlib import Path, PurePosixPath

from django import template
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import format_html_join

register = template.Library()

# An import or export statement at the start of a line; not a dynamic import("…").
_IMPORT = re.compile(r"""^\s*(?:import|export)\b(?!\s*\()[^"']*?(?:from\s*)?["'](\.{1,2}/[^"']+\.js)["']""", re.MULTILINE)


@lru_cache(maxsize=32)
def _imports(path, modified):
    source = finders.find(path)
    text = Path(source).read_text(encoding="utf-8") if source else ""
    folder = PurePosixPath(path).parent
    return tuple(str(folder / relative) for relative in _IMPORT.findall(text))


def _normalised(path):
    parts = []
    for part in PurePosixPath(path).parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def imported_modules(entry):
    """Every module `entry` imports, directly or not (static paths, sorted); not `entry` itself."""
    found, waiting = set(), [entry]
    while waiting:
        path = waiting.pop()
        source = finders.find(path)
        modified = Path(source).stat().st_mtime if source else 0
        for imported in _imports(path, modified):
            imported = _normalised(imported)
            if imported not in found and imported != entry:
                found.add(imported)
                waiting.append(imported)
    return sorted(found)


@register.simple_tag
def module_preloads(entry):
    # The entry first: its <script> is at the end of the body, found only once the whole page has
    # arrived, and over HTTP/1.1 it would then wait behind every module it imports.
    paths = [entry, *imported_modules(entry)]
    return format_html_join("\n", '<link rel="modulepreload" href="{}">', ((static(path),) for path in paths))
