from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Competence, Country, Person, Post, Posting, PostStatusChange, Zone


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "parent"]
    list_filter = ["parent"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "zone"]
    list_filter = ["zone"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["zone"]


class PostStatusChangeInline(admin.TabularInline):
    model = PostStatusChange
    extra = 0


class CompetenceInline(admin.TabularInline):
    model = Competence
    extra = 0
    autocomplete_fields = ["country"]


class PostingInline(admin.TabularInline):
    model = Posting
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "theme", "start", "planned_end", "actual_end"]


class PersonPostingInline(PostingInline):
    autocomplete_fields = ["post"]
    fields = ["post", "role", "theme", "start", "planned_end", "actual_end"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "host_country", "city", "parent"]
    list_filter = ["kind", "host_country__zone"]
    search_fields = ["name", "city", "host_country__name"]
    autocomplete_fields = ["parent", "host_country"]
    list_select_related = ["host_country", "parent"]
    inlines = [PostStatusChangeInline, CompetenceInline, PostingInline]


@admin.register(PostStatusChange)
class PostStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["post", "status", "date", "note"]
    list_filter = ["status"]
    search_fields = ["post__name"]
    autocomplete_fields = ["post"]
    date_hierarchy = "date"


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ["country", "post", "kind", "start", "end"]
    list_filter = ["kind", "country__zone"]
    search_fields = ["country__name", "post__name"]
    autocomplete_fields = ["post", "country"]
    list_select_related = ["country", "post"]

    def save_model(self, request, obj, form, change):
        services.save_competence(obj)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "corps", "grade", "email", "user"]
    list_filter = ["corps"]
    search_fields = ["last_name", "first_name", "email"]
    autocomplete_fields = ["user"]
    inlines = [PersonPostingInline]


@admin.register(Posting)
class PostingAdmin(admin.ModelAdmin):
    list_display = ["person", "post", "role", "theme", "start", "planned_end", "actual_end"]
    list_filter = ["role", "theme", ("post__host_country__zone", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["person__last_name", "person__first_name", "post__name"]
    autocomplete_fields = ["person", "post"]
    list_select_related = ["person", "post"]
    date_hierarchy = "start"

    def save_model(self, request, obj, form, change):
        services.save_posting(obj)


admin.site.site_header = _("DCIS network register — administration")
admin.site.site_title = _("DCIS network register")
