"""Security headers and limits the whole site shares: the Content-Security-Policy and the login lockout page.

The policy itself is in settings (CONTENT_SECURITY_POLICY); this module adds what
the Wagtail admin needs on its own pages only, so the public site stays strict.
"""
import math

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.shortcuts import render


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with CONTENT_SECURITY_POLICY_ADMIN_ADDITIONS added on the admin's paths."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES):
            parts.update = {**settings.CONTENT_SECURITY_POLICY_ADMIN_ADDITIONS, **(parts.update or {})}
        return parts


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout answer: the login page's design, a German explanation, HTTP 429."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "account/locked_out.html", {"minutes": minutes}, status=429)
