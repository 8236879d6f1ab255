"""Web pages of the catalogue (included at the site root by sanad/urls.py): the public catalogue
under /services/ and /institutions/, the officer console under /institution/, the regulator's fee
caps under /regulator/caps/, searches without results under /catalogue/searches-without-results/."""

from django.urls import path, register_converter

from .views import caps, console, misses, public


class ServiceCode:
    regex = r"[A-Za-z0-9-]{2,40}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ServiceCode, "service_code")

app_name = "catalogue"
urlpatterns = [
    path("services/", public.service_list, name="services"),
    path("services/<service_code:code>/", public.service_detail, name="service"),
    path("institutions/", public.institution_list, name="institutions"),
    path("institutions/<service_code:code>/", public.institution_detail, name="institution"),
    # /institution/ itself is the institution's dashboard (analytics); the services console lives here.
    path("institution/services/", console.console_home, name="console"),
    path("institution/services/new/", console.service_new, name="console-service-new"),
    path("institution/services/<service_code:code>/", console.service_manage, name="console-service"),
    path(
        "institution/services/<service_code:code>/draft/", console.version_draft_new, name="console-draft-new"
    ),
    path("institution/services/<service_code:code>/retire/", console.service_retire, name="console-retire"),
    path(
        "institution/services/<service_code:code>/versions/<int:number>/",
        console.version_preview,
        name="console-version",
    ),
    path(
        "institution/services/<service_code:code>/versions/<int:number>/edit/",
        console.version_edit,
        name="console-version-edit",
    ),
    path(
        "institution/services/<service_code:code>/versions/<int:number>/publish/",
        console.version_publish,
        name="console-version-publish",
    ),
    path(
        "institution/services/<service_code:code>/versions/<int:number>/discard/",
        console.version_discard,
        name="console-version-discard",
    ),
    path("catalogue/searches-without-results/", misses.search_miss_list, name="search-misses"),
    path("regulator/caps/", caps.cap_list, name="caps"),
    path("regulator/caps/<service_code:code>/", caps.cap_edit, name="cap-edit"),
]
