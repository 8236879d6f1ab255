from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("kind", "idempotency_key", "status", "attempts", "next_attempt_at", "delivered_at")
    list_filter = ("status", "kind")
    search_fields = ("idempotency_key",)
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False
