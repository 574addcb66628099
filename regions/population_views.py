"""Officers' pages for population figures: upload a file from SCB, check what was read,
confirm it as a dataset. Thin: the reading is in population_import, the writes in services."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from accounts.mixins import OfficerRequiredMixin
from core.forms import apply_service_errors
from core.params import whole_number

from . import selectors, services
from .forms import ColumnForm, PopulationConfirmForm, PopulationFileForm
from .models import PopulationDataset, PopulationImport, PopulationImportStatus
from .population_import import PopulationTable, Problem


class PopulationListView(OfficerRequiredMixin, View):
    template_name = "regions/population_list.html"

    def _render(self, request: HttpRequest, form: PopulationFileForm) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "datasets": selectors.population_datasets_for_listing(),
                "imports": selectors.population_imports(),
            },
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, PopulationFileForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PopulationFileForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                population_import = services.population_import_upload(
                    filename=upload.name, content=upload.read(), actor=request.user
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return redirect("population:import", pk=population_import.pk)
        return self._render(request, form)


@dataclass(frozen=True)
class PreviewRow:
    county_code: str
    region_name: str
    label_in_file: str
    line: int | None
    population: int | None
    problems: list[Problem]


def preview_rows(table: PopulationTable, known: dict[str, str]) -> list[PreviewRow]:
    return [
        PreviewRow(
            county_code=code,
            region_name=name,
            label_in_file=table.labels.get(code, ""),
            line=table.lines.get(code),
            population=table.figures.get(code),
            problems=table.problems_for(code),
        )
        for code, name in known.items()
    ]


class PopulationImportView(OfficerRequiredMixin, View):
    """The preview of an uploaded file (GET) and its confirmation as a dataset (POST)."""

    template_name = "regions/population_import.html"

    def _render(
        self,
        request: HttpRequest,
        population_import: PopulationImport,
        column: int | None,
        form: PopulationConfirmForm | None = None,
    ) -> HttpResponse:
        table = services.population_import_read(population_import, column=column)
        known = services.known_regions()
        pending = population_import.status == PopulationImportStatus.UPLOADED
        if form is None:
            form = PopulationConfirmForm(initial={"column": table.column.index})
        return render(
            request,
            self.template_name,
            {
                "population_import": population_import,
                "table": table,
                "rows": preview_rows(table, known),
                "column_form": ColumnForm(
                    initial={"column": table.column.index}, columns=table.columns
                ),
                "form": form,
                "can_confirm": pending and table.is_valid,
                "pending": pending,
            },
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        population_import = get_object_or_404(PopulationImport, pk=pk)
        column = request.GET.get("column", "")
        return self._render(
            request,
            population_import,
            whole_number(column),
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        population_import = get_object_or_404(PopulationImport, pk=pk)
        form = PopulationConfirmForm(request.POST)
        column = None
        if form.is_valid():
            column = form.cleaned_data["column"]
            try:
                dataset = services.population_import_confirm(
                    population_import=population_import,
                    name=form.cleaned_data["name"],
                    source=form.cleaned_data["source"],
                    reference_date=form.cleaned_data["reference_date"],
                    column=column,
                    actor=request.user,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The population figures are stored as %(name)s.") % {"name": dataset.name},
                )
                return redirect("population:dataset", pk=dataset.pk)
        return self._render(request, population_import, column, form)


class PopulationDatasetView(OfficerRequiredMixin, TemplateView):
    template_name = "regions/population_dataset.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        dataset = get_object_or_404(PopulationDataset, pk=self.kwargs["pk"])
        figures = list(dataset.figures.select_related("region").order_by("region__county_code"))
        context.update(
            dataset=dataset,
            figures=figures,
            total=sum(figure.population for figure in figures),
            population_import=PopulationImport.objects.filter(dataset=dataset)
            .select_related("uploaded_by", "confirmed_by")
            .defer("content")
            .first(),
            grants=list(dataset.grants.order_by("-year")),
        )
        return context
