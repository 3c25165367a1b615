"""Settings: production refuses to start without a real secret and passes Django's deploy checks."""
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
REAL_LOOKING_SECRET = "k3J9-x_Qm2pLw8vRt5yZa1bNc7dHf4gUe6iOo0sKj2lM9nPq3rS8tV5wX1yZ4aB7cD0e"


def run_manage(*args, env_overrides, drop=()):
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update({"DJANGO_SETTINGS_MODULE": "netzwerkstatt.settings.production", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_without_secret_key_fails_loudly():
    result = run_manage("check", env_overrides={"ALLOWED_HOSTS": "netzwerkstatt.example.org"}, drop=("SECRET_KEY",))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_with_a_weak_secret_key_fails_loudly():
    result = run_manage("check", env_overrides={"SECRET_KEY": "geheim", "ALLOWED_HOSTS": "netzwerkstatt.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_without_allowed_hosts_fails_loudly():
    result = run_manage("check", env_overrides={"SECRET_KEY": REAL_LOOKING_SECRET}, drop=("ALLOWED_HOSTS",))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


PRODUCTION = {
    "SECRET_KEY": REAL_LOOKING_SECRET, "ALLOWED_HOSTS": "netzwerkstatt.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",  # not contacted by the checks
}


def test_deploy_check_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_redis_fails_loudly_naming_what_needs_it():
    result = run_manage(
        "check", "--deploy", env_overrides={k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"}, drop=("REDIS_URL",)
    )
    assert result.returncode != 0
    assert "REDIS_URL must point to Redis in production" in result.stderr


def test_development_defaults_are_sqlite_and_in_memory_channels():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='netzwerkstatt.settings.dev'; django.setup();"
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE'], settings.CHANNEL_LAYERS['default']['BACKEND'])"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    out = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["django.db.backends.sqlite3", "channels.layers.InMemoryChannelLayer"]


def test_database_and_redis_urls_switch_to_postgresql_and_redis():
    code = (
        "import django, os; django.setup();"
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE'], settings.CHANNEL_LAYERS['default']['BACKEND'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "netzwerkstatt.settings.dev",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    out = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["django.db.backends.postgresql", "channels_redis.core.RedisChannelLayer"]


def test_development_logs_each_request_line_once():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='netzwerkstatt.settings.dev'; django.setup();"
        "import logging; logging.getLogger('django.channels.server').info('HTTP GET /konzepte/ 200')"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, capture_output=True, text=True, check=True)
    assert out.stderr.count("HTTP GET /konzepte/ 200") == 1


def test_make_run_serves_and_links_the_chosen_host_and_port():
    out = subprocess.run(
        ["make", "-n", "run", "PORT=8200"], cwd=BASE_DIR, capture_output=True, text=True, check=True
    ).stdout
    assert "runserver 127.0.0.1:8200" in out
    # load_demo prints this address and review e-mails link to it.
    assert out.count("WAGTAILADMIN_BASE_URL=http://127.0.0.1:8200") == 2
