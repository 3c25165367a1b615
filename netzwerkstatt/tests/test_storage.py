"""Production static files: the board's ES modules import each other under their hashed names."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
REAL_LOOKING_SECRET = "k9TqL2vR7xW3mN8pB4cF6hJ1sD5gA0zE-yU_iO2lK7nM3bV9cX4qW8eR6tY1uI5o"

IMPORT = re.compile(r"""^import\b[^;]*?\bfrom\s*["']([^"']+)["'];""", re.M)  # the import statements

# collectstatic under the production settings, with only the project's own static files (fast).
COLLECT = """
import sys, django
django.setup()
from django.core.management import call_command
from django.test.utils import override_settings
with override_settings(STATIC_ROOT=sys.argv[1], STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"]):
    call_command("collectstatic", "--noinput", verbosity=0)
"""


def collect_for_production(target):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "netzwerkstatt.settings.production",
        "SECRET_KEY": REAL_LOOKING_SECRET,
        "ALLOWED_HOSTS": "netzwerkstatt.example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/0",  # required in production; not contacted by collectstatic
    }
    result = subprocess.run(
        [sys.executable, "-c", COLLECT, str(target)], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads((target / "staticfiles.json").read_text())["paths"]


def test_the_collected_board_modules_import_each_other_by_hashed_name(tmp_path):
    paths = collect_for_production(tmp_path)
    modules = [name for name in paths if name.startswith("js/board/")]
    hashed_names = {"./" + Path(paths[name]).name for name in modules}
    assert "js/board/main.js" in modules and len(modules) > 5
    for name in modules:
        imported = IMPORT.findall((tmp_path / paths[name]).read_text())
        # A cached module of one release never loads the modules of another.
        assert set(imported) <= hashed_names, (paths[name], set(imported) - hashed_names)
    main_imports = IMPORT.findall((tmp_path / paths["js/board/main.js"]).read_text())
    assert "./" + Path(paths["js/board/connection.js"]).name in main_imports


def test_the_board_stylesheet_is_collected_apart_from_the_site_layers(tmp_path):
    paths = collect_for_production(tmp_path)
    assert {"css/base.css", "css/layout.css", "css/components.css", "css/board.css"} <= set(paths)
