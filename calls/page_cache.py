"""A call's state changes with the clock: its pages stay out of the public page cache shortly before that."""
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.cache import patch_cache_control


def keep_out_of_cache_near(moments, response, now=None):
    """Marks the response private when one of the moments comes before a cached copy would expire."""
    now = now or timezone.now()
    window = timedelta(seconds=getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 60))
    if any(now <= moment <= now + window for moment in moments):
        patch_cache_control(response, private=True)
    return response
