"""The Papers tab of a release: choose the paper and the as-at date, read it, download it as DOCX or PDF;
SECAS edits its header and each section's own paragraphs (Panel and DCC read and download)."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from django_htmx.http import HttpResponseClientRedirect

from secreleases.clock import today
from secreleases.forms import DateInput, VersionedForm
from secreleases.history import MergedHistory, Source
from secreleases.pages import add_rule_error, form_page, render_history, write_under_lock

from ..asat import AsAtError, as_at_day
from ..choices import NARRATIVE_SECTIONS
from ..models import Narrative, PaperHeader, Release
from ..models.narrative import MARKUP_HELP
from .assemble import KINDS, SLUGS, UnknownPaper, assemble, document_of
from .docx import DOCX_CONTENT_TYPE, render_docx
from .pdf import render_pdf

may_read = permission_required("releases.view_paperheader", raise_exception=True)
may_edit_header = permission_required(("releases.add_paperheader", "releases.change_paperheader"), raise_exception=True)
may_edit_text = permission_required(("releases.add_narrative", "releases.change_narrative"), raise_exception=True)
KIND_CHOICES = [(slug, document.label) for slug, document in KINDS.items()]


class PaperChoiceForm(forms.Form):
    """Which paper, as at which day: read from the query string, so a paper's address can be shared."""

    kind = forms.ChoiceField(choices=KIND_CHOICES, label="Paper")
    as_at = forms.CharField(
        label="As at", widget=DateInput(), help_text="The record as it stood at the end of this day (UK time)."
    )

    def clean_as_at(self):
        try:
            return as_at_day(self.cleaned_data["as_at"]) or today()
        except AsAtError as error:
            raise ValidationError(error.reason) from error


def chosen_paper(request) -> tuple[PaperChoiceForm, str, datetime.date | None]:
    data = {
        "kind": request.GET.get("kind") or "releases-update",
        "as_at": request.GET.get("as_at") or today().isoformat(),
    }
    form = PaperChoiceForm(data)
    if form.is_valid():
        return form, form.cleaned_data["kind"], form.cleaned_data["as_at"]
    return form, data["kind"] if data["kind"] in KINDS else "releases-update", None


def paper_url(release, kind: str, as_at: datetime.date, name: str) -> str:
    url = reverse(name, kwargs={"slug": release.slug, "kind": kind})
    return f"{url}?{urlencode({'as_at': as_at.isoformat()})}"


def editable_sections(paper: dict, release, user) -> None:
    """Each section of the release's own text gets its edit link, for those who may write it."""
    if not user.has_perms(("releases.add_narrative", "releases.change_narrative")):
        return
    known = NARRATIVE_SECTIONS.get(paper["document"], {})
    for section in paper["sections"]:
        if section["key"] in known:
            url = reverse(
                "releases:paper-text", kwargs={"slug": release.slug, "kind": paper["kind"], "section": section["key"]}
            )
            section["edit_url"] = f"{url}?{urlencode({'as_at': paper['as_at']})}"


@require_GET
@may_read
def papers_page(request, slug):
    release = get_object_or_404(Release, slug=slug)
    form, kind, as_at = chosen_paper(request)
    context = {"release": release, "form": form, "kind": kind, "paper": None}
    if as_at is not None:
        try:
            paper = assemble(release, kind, as_at)
        except Release.DoesNotExist:
            form.add_error("as_at", f"The {release.name} was not yet recorded on {as_at:%-d %B %Y}.")
        else:
            editable_sections(paper, release, request.user)
            context.update(
                paper=paper,
                docx_url=paper_url(release, kind, as_at, "releases:paper-docx"),
                pdf_url=paper_url(release, kind, as_at, "releases:paper-pdf"),
                header_url=paper_url(release, kind, as_at, "releases:paper-header")
                if request.user.has_perms(("releases.add_paperheader", "releases.change_paperheader"))
                else None,
                is_today=as_at == today(),
                history_url=reverse("releases:paper-history", kwargs={"slug": release.slug, "kind": kind}),
            )
    return render(request, "papers/papers_page.html", context, status=200 if form.is_valid() else 400)


def paper_for_download(request, slug, kind):
    release = get_object_or_404(Release, slug=slug)
    try:
        document_of(kind)
        as_at = as_at_day(request.GET.get("as_at")) or today()
        return release, assemble(release, kind, as_at)
    except (UnknownPaper, AsAtError, Release.DoesNotExist) as error:
        raise Http404(str(error)) from error


def file_name(paper: dict, extension: str) -> str:
    return f"{paper['release']['slug']}-{paper['kind']}-{paper['as_at']}.{extension}"


@require_GET
@may_read
def paper_docx(request, slug, kind):
    _, paper = paper_for_download(request, slug, kind)
    response = HttpResponse(render_docx(paper), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name(paper, "docx")}"'
    return response


@require_GET
@may_read
def paper_pdf(request, slug, kind):
    """Rendered on request, like the RID's draft: a paper can be asked for as at any day, so none is kept."""
    _, paper = paper_for_download(request, slug, kind)
    response = HttpResponse(render_pdf(paper), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{file_name(paper, "pdf")}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@may_read
def paper_history(request, slug, kind):
    """Who changed the paper's header and each section's text, when and why (the history the as-at reading reads)."""
    release = get_object_or_404(Release, slug=slug)
    try:
        document = document_of(kind)
    except UnknownPaper as error:
        raise Http404(str(error)) from error
    sections = NARRATIVE_SECTIONS.get(document, {})
    history = MergedHistory(
        [
            Source("header", PaperHeader, {"release_id": release.pk, "kind": document}, label=lambda r: "Header"),
            Source(
                "text",
                Narrative,
                {"release_id": release.pk, "document": document},
                label=lambda r: f"Text of “{sections.get(r.section, r.section)}”",
            ),
        ]
    )
    back = back_to_paper(request, release, kind)
    return render_history(
        request, history, title=f"{release.name}: {document.label}, history", back_url=back, back_label="The paper"
    )


# -- editing (SECAS) -------------------------------------------------------------------------------


class PaperHeaderForm(VersionedForm):
    reason = forms.CharField(required=False, help_text="Why it changed, for the history (optional).")

    class Meta:
        model = PaperHeader
        fields = ["reference", "body", "action", "classification", "authors", "date", "recommendations", "source"]
        widgets = {"date": DateInput(), "recommendations": forms.Textarea(attrs={"rows": 3})}
        labels = {"body": "Goes to", "authors": "Authors (as signed)"}


class SectionTextForm(VersionedForm):
    reason = forms.CharField(required=False, help_text="Why it changed, for the history (optional).")

    class Meta:
        model = Narrative
        fields = ["text", "source"]
        widgets = {"text": forms.Textarea(attrs={"rows": 14})}
        help_texts = {"text": MARKUP_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The indent of a line is its meaning (a sub-bullet): the text is kept as typed.
        self.fields["text"].strip = False


def back_to_paper(request, release, kind):
    as_at = request.GET.get("as_at") or ""
    query = urlencode({"kind": kind, **({"as_at": as_at} if as_at else {})})
    return f"{reverse('releases:papers', kwargs={'slug': release.slug})}?{query}"


def back_after_save(request, release, kind: str, what: str):
    """To the paper as at today, where the edit shows (an earlier day reads the record as it stood then).

    Plain POST: 303; htmx (the form posts in place): tell the browser to go there."""
    messages.success(request, f"{what} saved: the paper as at today carries it.")
    url = f"{reverse('releases:papers', kwargs={'slug': release.slug})}?{urlencode({'kind': kind})}"
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url, status=303)


def save_with_reason(row, reason: str, default: str):
    row._change_reason = reason.strip() or default
    row.full_clean()
    row.save()
    return row


def save_form(form, request, queryset, default_reason: str):
    """A new row is created; a stored one is saved under its lock, refused if someone saved it since."""
    reason = form.cleaned_data.get("reason") or ""
    if not form.instance.pk:
        try:
            with transaction.atomic():
                return save_with_reason(form.instance, reason, default_reason)
        except ValidationError as error:
            add_rule_error(form, error)
            return None

    def act(row):
        for name in form.Meta.fields:
            setattr(row, name, form.cleaned_data[name])
        return save_with_reason(row, reason, default_reason)

    return write_under_lock(form, queryset, act)


@may_edit_header
def paper_header(request, slug, kind):
    release = get_object_or_404(Release, slug=slug)
    try:
        document = document_of(kind)
    except UnknownPaper as error:
        raise Http404(str(error)) from error
    row = PaperHeader.objects.filter(release=release, kind=document).first()
    instance = row or PaperHeader(release=release, kind=document, classification=release.classification)
    form = PaperHeaderForm(request.POST or None, instance=instance)
    back = back_to_paper(request, release, kind)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form, request, PaperHeader.objects.filter(pk=instance.pk), "Paper header edited in the browser"
        )
        if saved is not None:
            return back_after_save(request, release, kind, "The header")
    context = {
        "release": release,
        "form": form,
        "title": f"Header of the {document.label}",
        "action": request.get_full_path(),
        "submit": "Save the header",
        "cancel_url": back,
        "back_url": back,
        "back_label": f"{release.name}: papers",
    }
    return form_page(request, context)


@may_edit_text
def paper_text(request, slug, kind, section):
    release = get_object_or_404(Release, slug=slug)
    try:
        document = document_of(kind)
    except UnknownPaper as error:
        raise Http404(str(error)) from error
    sections = NARRATIVE_SECTIONS.get(document, {})
    if section not in sections:
        raise Http404(f"The {document.label} has no section '{section}'.")
    row = Narrative.objects.filter(release=release, document=document, section=section).first()
    instance = row or Narrative(release=release, document=document, section=section)
    initial = {}
    if row is None:
        initial["text"] = prefilled_text(release, kind, section)
    form = SectionTextForm(request.POST or None, instance=instance, initial=initial)
    back = back_to_paper(request, release, kind)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form, request, Narrative.objects.filter(pk=instance.pk), f"Text of “{sections[section]}” edited"
        )
        if saved is not None:
            return back_after_save(request, release, kind, f"The text of “{sections[section]}”")
    context = {
        "release": release,
        "form": form,
        "title": f"{document.label}: {sections[section]}",
        "intro": "Pre-filled from the data: edit it and save to make it the paper’s own text."
        if row is None
        else "The paragraphs SECAS wrote for this section.",
        "action": request.get_full_path(),
        "submit": "Save the text",
        "cancel_url": back,
        "back_url": back,
        "back_label": f"{release.name}: papers",
    }
    return form_page(request, context)


def prefilled_text(release, kind: str, section: str) -> str:
    """What the paper prints for the section today, as editable text (the pre-fill from the data)."""
    paper = assemble(release, kind, today())
    for row in paper["sections"]:
        if row["key"] != section:
            continue
        for part in row["parts"]:
            if part["type"] == "narrative" and part["release"] == release.slug:
                return blocks_as_text(part["blocks"])
    return ""


def blocks_as_text(blocks: list[dict]) -> str:
    lines = []
    for block in blocks:
        style = block["style"]
        prefix = {"heading": "## ", "bullet": "- ", "sub_bullet": "  - "}.get(style, "")
        if style == "numbered":
            prefix = f"{block.get('number')}. "
        lines.append(prefix + block["text"])
    return "\n".join(lines)


__all__ = ["SLUGS", "paper_docx", "paper_header", "paper_pdf", "paper_text", "papers_page"]
