from django.urls import path

from zoneops.enterprises import views
from zoneops.enterprises.classifications import views as classes

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("mine/", views.my_enterprise, name="mine"),
    path("export.xlsx", views.enterprise_export, name="export"),
    path("new/", views.enterprise_edit, name="create"),
    path("<int:enterprise_id>/", views.enterprise_detail, name="detail"),
    path("<int:enterprise_id>/edit/", views.enterprise_edit, name="edit"),
    path("<int:enterprise_id>/contacts/", views.contact_add, name="contact_add"),
    path(
        "<int:enterprise_id>/contacts/<int:contact_id>/delete/",
        views.contact_remove,
        name="contact_remove",
    ),
    path("<int:enterprise_id>/chains/", views.chain_place, name="chain_place"),
    path("chains/", views.chain_list, name="chains"),
    path("chains/<int:chain_id>/", views.chain_detail, name="chain"),
    path("industries/", views.industry_list, name="industries"),
    path("classifications/", classes.classification_list, name="classifications"),
    path("classifications/new/", classes.classification_create, name="classification_create"),
    path("classifications/queue/", classes.review_queue, name="classification_queue"),
    path(
        "classifications/<int:classification_id>/",
        classes.classification_detail,
        name="classification",
    ),
    path(
        "classifications/<int:classification_id>/import/",
        classes.classification_import,
        name="classification_import",
    ),
    path(
        "<int:enterprise_id>/classifications/decide/",
        classes.membership_decide,
        name="classification_decide",
    ),
]
