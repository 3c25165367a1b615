"""Every interface string reaches the translators: none is translated inside an f-string.

`make messages` (Django's makemessages, GNU xgettext) does not look into f-strings,
so `f"{_('merged')}: …"` never reaches the catalogue and stays English in German
exports. Read from the source with `ast`.
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["base", "network", "search", "workshops", "ideas", "home", "demo", "netzwerkstatt"]
TRANSLATING = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "npgettext"}


def _translations_in_f_strings(path):
    """Line numbers of translation calls inside f-strings."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.JoinedStr):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id in TRANSLATING:
                found.append(inner.lineno)
    return found


def test_no_interface_string_is_translated_inside_an_f_string():
    files = [path for app in APPS for path in (ROOT / app).rglob("*.py") if "tests" not in path.parts]
    assert len(files) > 50  # the apps were found
    found = [f"{path.relative_to(ROOT)}:{line}" for path in files for line in _translations_in_f_strings(path)]
    assert found == [], "makemessages cannot see these; translate outside the f-string: " + ", ".join(found)


def test_the_check_finds_a_translation_inside_an_f_string(tmp_path):
    example = tmp_path / "example.py"
    example.write_text('label = f"  - {_(\'merged\')}: {text}"\nplain = _("Merged")\n')
    assert _translations_in_f_strings(example) == [1]
