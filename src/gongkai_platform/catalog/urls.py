from django.urls import path

from gongkai_platform.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_create, name="create"),
    path("directory/", views.directory_page, name="directory"),
    path("directory/<id:pk>/", views.directory_edit, name="directory_edit"),
    path("directory/<id:pk>/delete/", views.directory_delete, name="directory_delete"),
    path("categories/", views.categories_page, name="categories"),
    path("categories/<id:pk>/", views.category_edit, name="category_edit"),
    path("categories/<id:pk>/delete/", views.category_delete, name="category_delete"),
    path("promote/", views.promote_page, name="promote_list"),
    path("promote/<id:application>/", views.promote, name="promote"),
    path("<id:pk>/", views.item_detail, name="item"),
    path("<id:pk>/edit/", views.item_edit, name="edit"),
    path("<id:pk>/act/<str:action>/", views.item_act, name="act"),
]
