import uuid

from django.conf import settings
from django.db import models


class SpreadsheetImport(models.Model):
    """An uploaded spreadsheet, parsed, with the preview of what it would change; applied once, if confirmed.

    Confirmation applies exactly the rows previewed (kept here), and only for the person who uploaded
    it, before it expires.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)
    release = models.CharField(max_length=60, blank=True, help_text="The slug of the release it is for.")
    file_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    outcomes = models.JSONField(default=list, help_text="Per row: matched/new/unchanged/refused, changes, reasons.")
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.kind})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("imports:preview", kwargs={"pk": self.pk})

    def counts(self) -> dict[str, int]:
        found = {"change": 0, "new": 0, "unchanged": 0, "refused": 0}
        for outcome in self.outcomes:
            found[outcome["action"]] += 1
        return found
