"""URL map: our own views first, Wagtail's page tree last."""
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from ideas.board.urls import guest_urlpatterns

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("home.account_urls")),
    path("mitglieder/", include("workshops.urls")),
    path("boards/", include("ideas.board.urls")),
    path("g/", include(guest_urlpatterns)),
    path("boards/", include("ideas.outcomes.urls")),
    path("geschaeftsstelle/aufrufe/", include("calls.urls")),
    path("suche/", home_views.search, name="search"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
