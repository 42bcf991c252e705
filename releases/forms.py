"""Browser forms for SECAS and DCC edits; every verb is the model's, the forms only collect input.

A form offers only what its verb can do (an item is added approved or targeted; it moves to a release
still ahead of go-live), but it validates against everything, so a crafted POST meets the model's own
refusal, in the same words as the API and the admin.
"""

import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from modifications.forms import ReferenceField
from secreleases.clock import today
from secreleases.forms import DateInput, VersionedForm

from .choices import ACTIVE_INCLUSIONS, DateKind
from .models import Decision, Milestone, Release, ReleaseFollow, ScopeItem
from .models.release import half_year_end, slug_for

REASON_HELP = "Kept in the history."


def offer_only(field, allowed) -> None:
    """Show only `allowed` of a choice field's values; validation still accepts the rest, for the model to refuse."""
    field.widget.choices = [(value, label) for value, label in field.choices if value in allowed or value == ""]


def offer_releases_ahead_of_go_live(field, *, keep=None) -> None:
    ahead = set(Release.objects.ahead_of_go_live(today()).values_list("pk", flat=True))
    if keep is not None:
        ahead.add(keep)
    field.widget.choices = [
        (value, label) for value, label in field.choices if value == "" or getattr(value, "value", value) in ahead
    ]


class ScopeItemAddForm(forms.ModelForm):
    modification = ReferenceField(
        label="Modification", help_text="Its reference, e.g. MP084 or SECMP0062 (aliases work too)."
    )

    class Meta:
        model = ScopeItem
        fields = ["modification", "part", "inclusion", "cut_off_date", "fall_back_release", "status_note"]
        widgets = {"cut_off_date": DateInput, "status_note": forms.Textarea(attrs={"rows": 2})}
        labels = {"cut_off_date": "Decision cut-off", "fall_back_release": "Fall-back release"}

    def __init__(self, *args, release: Release, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.release = release
        self.fields["fall_back_release"].queryset = Release.objects.exclude(pk=release.pk)
        self.fields["fall_back_release"].empty_label = "The next viable release"
        offer_only(self.fields["inclusion"], ACTIVE_INCLUSIONS)
        offer_releases_ahead_of_go_live(self.fields["fall_back_release"])

    def verb_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "modification"}


class ScopeItemChangeForm(VersionedForm):
    """Cut-off, fall-back, status line and exception approval; the inclusion changes by approve, move, remove."""

    reason = forms.CharField(label="Why (kept in the history)", required=False, max_length=2000)

    class Meta:
        model = ScopeItem
        fields = ["cut_off_date", "fall_back_release", "status_note", "exception_approved_on", "exception_paper"]
        widgets = {
            "cut_off_date": DateInput,
            "exception_approved_on": DateInput,
            "status_note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "cut_off_date": "Decision cut-off",
            "fall_back_release": "Fall-back release",
            "exception_approved_on": "Panel approved the exception on",
            "exception_paper": "Panel paper approving the exception",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fall_back_release"].queryset = Release.objects.exclude(pk=self.instance.release_id)
        self.fields["fall_back_release"].empty_label = "The next viable release"
        offer_releases_ahead_of_go_live(self.fields["fall_back_release"], keep=self.instance.fall_back_release_id)
        if not self.instance.is_exception:
            del self.fields["exception_approved_on"]
            del self.fields["exception_paper"]

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class ScopeItemApproveForm(VersionedForm):
    reason = forms.CharField(label="Why, or the decision that approved it", required=False, max_length=2000)

    class Meta:
        model = ScopeItem
        fields = []


class ScopeItemMoveForm(VersionedForm):
    to = forms.ModelChoiceField(queryset=Release.objects.none(), label="Move to release")
    reason = forms.CharField(label="Why", max_length=2000, help_text=REASON_HELP)

    class Meta:
        model = ScopeItem
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = Release.objects.exclude(pk=self.instance.release_id)
        offer_releases_ahead_of_go_live(self.fields["to"])


class ScopeItemRemoveForm(VersionedForm):
    reason = forms.CharField(label="Why", max_length=2000, help_text=REASON_HELP)

    class Meta:
        model = ScopeItem
        fields = []


class MilestoneForm(VersionedForm):
    """What the DCC reports of a milestone (SECAS too): forecast, actual date, BRAG."""

    class Meta:
        model = Milestone
        fields = ["forecast_date", "actual_date", "brag"]
        widgets = {"forecast_date": DateInput, "actual_date": DateInput}


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["body", "outcome", "date", "paper", "notes"]
        widgets = {"date": DateInput, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, release: Release, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.release = release


class DecisionCorrectForm(VersionedForm):
    reason = forms.CharField(required=False, label="Why it is corrected", max_length=2000, help_text=REASON_HELP)

    class Meta:
        model = Decision
        fields = ["body", "outcome", "date", "paper", "notes"]
        widgets = {"date": DateInput, "notes": forms.Textarea(attrs={"rows": 2})}

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class WithdrawForm(VersionedForm):
    """Withdraw a decision or a readiness report: it stays, with the reason, in the history."""

    reason = forms.CharField(required=False, label="Why it is withdrawn", max_length=2000, help_text=REASON_HELP)

    class Meta:
        model = Decision
        fields = []


class RescheduleForm(VersionedForm):
    """A new go-live or scope-lock date, with the reason the revision keeps."""

    kind = forms.ChoiceField(label="Which date", choices=DateKind.choices)
    new_date = forms.DateField(label="New date", required=False, widget=DateInput, help_text="Empty: not known yet.")
    reason = forms.CharField(required=False, label="Why", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = forms.DateField(label="Decided on", required=False, widget=DateInput)
    paper = forms.CharField(required=False, max_length=60, help_text="e.g. SECP_78_1704_10")

    class Meta:
        model = Release
        fields = []

    def verb_arguments(self) -> dict:
        fields = ("reason", "decided_on", "paper")
        return {name: self.cleaned_data[name] for name in fields} | {"kind": self.cleaned_data["kind"]}


# -- starting and editing a release ---------------------------------------------------------------

HALF_YEARS_AHEAD = 8
GO_LIVE_OR_HALF_YEAR = "Give the go-live date, or the half-year it goes live in while the date is unknown."


def half_year_choices(keep: datetime.date | None = None) -> list[tuple[str, str]]:
    """The half-years from last year to eight years ahead (and the release's own), by their last day."""
    year = today().year
    ends = {half_year_end(datetime.date(y, m, 1)) for y in range(year - 1, year + HALF_YEARS_AHEAD) for m in (1, 7)}
    if keep:
        ends.add(keep)
    labels = {6: "January to June", 12: "July to December"}
    return [("", "Not known yet")] + [(end.isoformat(), f"{labels[end.month]} {end.year}") for end in sorted(ends)]


class HalfYearField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Or, while the date is unknown, the half-year")
        kwargs.setdefault(
            "help_text", "Places the release among the others until its go-live date is set; then the date does."
        )
        super().__init__(
            choices=half_year_choices, coerce=datetime.date.fromisoformat, empty_value=None, required=False, **kwargs
        )


def check_half_year_matches(form, go_live, half_year) -> None:
    if go_live and half_year and half_year_end(go_live) != half_year:
        form.add_error("go_live_half_year", f"The go-live date, {go_live:%-d %B %Y}, falls in another half-year.")


class ReleaseStartForm(forms.ModelForm):
    """A new release: its name, slug and go-live (or half-year); Release.start gives it the rest."""

    go_live_half_year = HalfYearField()

    class Meta:
        model = Release
        fields = ["name", "slug", "implementation_date", "go_live_half_year"]
        widgets = {"implementation_date": DateInput, "name": forms.TextInput(attrs={"data-slug-source": "slug"})}
        labels = {"implementation_date": "Go-live date"}
        help_texts = {
            "name": "As the papers write it, e.g. June 2022 SEC Release.",
            "slug": "Its address, as in /releases/june-2022/: proposed from the name.",
            "implementation_date": "Empty while unknown. The scope locks default to 12 and 6 months before it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean(self):
        cleaned = super().clean()
        name, go_live, half_year = (
            cleaned.get("name"),
            cleaned.get("implementation_date"),
            cleaned.get("go_live_half_year"),
        )
        if name and not cleaned.get("slug") and "slug" not in self.errors:
            cleaned["slug"] = slug_for(name)
            # Shown in the slug field if the form comes back, to be kept or changed.
            self.data = self.data.copy()
            self.data["slug"] = cleaned["slug"]
            if not cleaned["slug"]:
                self.add_error("slug", "Give a slug: the name has no letters or numbers to make one from.")
        if "implementation_date" not in self.errors and not go_live and not half_year:
            self.add_error("implementation_date", GO_LIVE_OR_HALF_YEAR)
        check_half_year_matches(self, go_live, half_year)
        return cleaned


class ReleaseEditForm(VersionedForm):
    """Name and half-year are edited in place; a new go-live date is a reschedule, with its reason."""

    go_live = forms.DateField(
        label="Go-live date", required=False, widget=DateInput, help_text="Changing it reschedules the release."
    )
    go_live_half_year = HalfYearField()
    reason = forms.CharField(
        required=False,
        label="Why the go-live date changes",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when the date changes; kept with the date's revision and in the history.",
    )
    decided_on = forms.DateField(label="Decided on", required=False, widget=DateInput)
    paper = forms.CharField(required=False, max_length=60, help_text="The paper that decided it, e.g. SECP_78_1704_10")

    field_order = ["name", "go_live", "go_live_half_year", "reason", "decided_on", "paper"]

    class Meta:
        model = Release
        fields = ["name", "go_live_half_year"]
        help_texts = {"name": "As the papers write it, e.g. June 2022 SEC Release."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["go_live_half_year"].choices = half_year_choices(self.instance.go_live_half_year)
        if not self.is_bound:
            self.initial["go_live"] = self.instance.implementation_date
            if self.instance.go_live_half_year:
                self.initial["go_live_half_year"] = self.instance.go_live_half_year.isoformat()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("go_live"):
            # The select shows the half-year as it was; a new date moves the release to the date's half.
            cleaned["go_live_half_year"] = half_year_end(cleaned["go_live"])
        return cleaned

    @property
    def reschedules(self) -> bool:
        return self.cleaned_data.get("go_live") != self.instance.implementation_date

    def apply(self, release: Release, *, by) -> list[str]:
        """Save the edit on the locked row; returns what changed, for the message."""
        done = []
        reason = self.cleaned_data.get("reason", "")
        if self.cleaned_data["go_live"] != release.implementation_date:
            release.reschedule(
                DateKind.IMPLEMENTATION,
                self.cleaned_data["go_live"],
                reason=reason,
                decided_on=self.cleaned_data.get("decided_on"),
                paper=self.cleaned_data.get("paper", ""),
                by=by,
            )
            done.append("go-live rescheduled")
        changed = {
            name: self.cleaned_data[name]
            for name in ("name", "go_live_half_year")
            if self.cleaned_data[name] != getattr(release, name)
        }
        if changed and not ("go_live_half_year" in changed and release.implementation_date and len(changed) == 1):
            for name, value in changed.items():
                setattr(release, name, value)
            release.full_clean()
            release._change_reason = reason or "Edited in the browser"
            release.save()
            done.append("saved")
        return done


class ScopeLockRecordForm(VersionedForm):
    """The date the Panel baselined a scope, with its paper: a recorded lock (Release.reschedule keeps the old)."""

    lock = forms.ChoiceField(
        label="Which scope",
        choices=[
            (DateKind.SYSTEM_SCOPE_LOCK, "DCC-System scope"),
            (DateKind.DOCUMENT_SCOPE_LOCK, "SEC-document scope"),
        ],
    )
    baselined_on = forms.DateField(label="The Panel baselined it on", widget=DateInput)
    paper = forms.CharField(required=False, max_length=60, help_text="e.g. SECP_76_1701_23")
    reason = forms.CharField(
        required=False,
        label="Note",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept with the lock's revision; empty: “The Panel baselined the … scope”.",
    )

    class Meta:
        model = Release
        fields = []

    def record(self, release: Release, *, by):
        kind = self.cleaned_data["lock"]
        label = dict(self.fields["lock"].choices)[kind]
        on = self.cleaned_data["baselined_on"]
        reason = self.cleaned_data["reason"] or f"The Panel baselined the {label}"
        try:
            return release.reschedule(kind, on, reason=reason, decided_on=on, paper=self.cleaned_data["paper"], by=by)
        except ValidationError as refusal:
            # The verb names the new date, or the release's constraint: on this form both are about this date.
            about = getattr(refusal, "error_dict", {})
            if set(about) <= {"new_date", NON_FIELD_ERRORS, "system_scope_lock_date", "document_scope_lock_date"}:
                raise ValidationError({"baselined_on": refusal.messages}) from refusal
            raise


class FollowForm(forms.ModelForm):
    """Follow a release or not, and which of its news to hear about."""

    # Tells the view this is the full form, not the release page's one-button follow.
    preferences = forms.CharField(widget=forms.HiddenInput, initial="1", required=False)

    class Meta:
        model = ReleaseFollow
        fields = ["following", "hears_cut_off_reminders", "hears_lapses", "hears_baselines", "hears_decisions"]
        labels = {"following": "Follow this release"}
        help_texts = {
            "hears_cut_off_reminders": "Before each targeted item's decision cut-off.",
            "hears_lapses": "When an item misses its cut-off and goes to its fall-back release.",
            "hears_baselines": "When the Panel baselines a version of the RID.",
            "hears_decisions": "When a sub-committee recommends or the Panel decides go/no-go.",
        }


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", max_length=100, required=False)
