from django.urls import path

from gongkai_platform.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_create, name="create"),
    path("directory/", views.directory_page, name="directory"),
    path("categories/", views.categories_page, name="categories"),
    path("<int:pk>/", views.item_detail, name="item"),
    path("<int:pk>/edit/", views.item_edit, name="edit"),
    path("<int:pk>/act/<str:action>/", views.item_act, name="act"),
]
