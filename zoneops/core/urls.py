from django.contrib.auth import views as auth_views
from django.urls import include, path

from zoneops.core.views import auth, calendar, exports, history, home, imports, users

users_patterns = (
    [
        path("", users.user_list, name="list"),
        path("new/", users.user_edit, name="create"),
        path("<int:user_id>/", users.user_edit, name="edit"),
        path("<int:user_id>/tokens/revoke/", users.user_revoke_tokens, name="revoke_tokens"),
    ],
    "users",
)

imports_patterns = (
    [
        path("", imports.import_list, name="list"),
        path("<slug:kind>/upload/", imports.import_upload, name="upload"),
        path("<int:job_id>/", imports.import_detail, name="detail"),
        path("<int:job_id>/commit/", imports.import_commit, name="commit"),
        path("<int:job_id>/cancel/", imports.import_cancel, name="cancel"),
        path("<int:job_id>/retry/", imports.import_retry, name="retry"),
        path("<int:job_id>/progress/", imports.import_progress, name="progress"),
        path("<int:job_id>/errors.xlsx", imports.import_errors, name="errors"),
    ],
    "imports",
)

exports_patterns = (
    [
        path("", exports.export_list, name="list"),
        path("<int:job_id>/", exports.export_detail, name="detail"),
        path("<int:job_id>/progress/", exports.export_progress, name="progress"),
        path("<int:job_id>/download/", exports.export_download, name="download"),
        path("<int:job_id>/cancel/", exports.export_cancel, name="cancel"),
        path("<int:job_id>/retry/", exports.export_retry, name="retry"),
    ],
    "exports",
)

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("history/", history.history_list, name="history"),
    path("users/", include(users_patterns)),
    path("imports/", include(imports_patterns)),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("calendar/<int:day_id>/delete/", calendar.calendar_day_delete, name="calendar_delete"),
    path("calendar/export.xlsx", calendar.calendar_export, name="calendar_export"),
    path("exports/", include(exports_patterns)),
]
