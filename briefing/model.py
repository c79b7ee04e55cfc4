"""The data model shared by every stage: documents, extracted items, the brief.

Stages talk to each other only through these types. Items that go into the
extracts and brief JSON are pydantic models, so an analyst's edited extracts
file is validated on the way back in, with errors that name the item and field.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# ISO dates at the precision a source gives: "2017", "2017-03", "2017-03-28"; and, for events and
# figures, TIMEX3-style decades ("201"), quarters, seasons, weeks, and spans ("1989/1991").
_DAY = r"(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?"
PUBLISHED_PATTERN = rf"^\d{{4}}(?:-{_DAY})?$"
_WHEN = rf"\d{{2,4}}(?:-(?:{_DAY}|Q[1-4]|SP|SU|FA|AU|WI|W(?:0[1-9]|[1-4]\d|5[0-3])))?"
DATE_PATTERN = rf"^{_WHEN}(?:/{_WHEN})?$"

Precision = Literal["century", "decade", "year", "season", "quarter", "month", "week", "day"]
FigureKind = Literal["level", "change", "target"]
Qualifier = Literal["none", "about", "more_than", "less_than", "up_to", "at_least", "range"]


class _Item(BaseModel):
    # Unknown keys in an edited extracts file are a typo the analyst wants to hear about.
    model_config = ConfigDict(extra="forbid")


class SourceRef(_Item):
    """Where an item comes from: a character span of one document's cleaned text."""

    doc: str = Field(description="Document id (see DocumentInfo.id).")
    start: int = Field(ge=0, description="Offset of the first character in the cleaned text.")
    end: int = Field(ge=0, description="Offset one past the last character.")
    quote: str = Field(description="The cleaned text between start and end, verbatim.")

    @model_validator(mode="after")
    def _ordered(self) -> SourceRef:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class DocumentInfo(_Item):
    """A source document's metadata, as it appears in extracts and briefs."""

    id: str = Field(description="Stable id, derived from the file name.")
    file: str = Field(description="File name relative to the corpus folder.")
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = Field(
        None, pattern=PUBLISHED_PATTERN, description="ISO date: YYYY, YYYY-MM or YYYY-MM-DD."
    )
    published_inferred: bool = Field(False, description="True when not given by the manifest.")
    url: str | None = None
    notes: str | None = None
    inferred: list[str] = Field(default_factory=list, description="Fields not given by the manifest.")
    format: str = Field("txt", description="Input format the text was read from.")
    words: int = 0
    warnings: list[str] = Field(default_factory=list)
    footnotes: dict[str, str] = Field(default_factory=dict, description="Footnotes set aside, by number.")


class Document(BaseModel):
    """A source document after ingestion: metadata plus cleaned text."""

    info: DocumentInfo
    text: str = Field(description="Cleaned body text; every character offset points into it.")
    paragraphs: list[tuple[int, int]] = Field(
        default_factory=list, description="(start, end) of each paragraph in text."
    )

    @property
    def id(self) -> str:
        return self.info.id


class Corpus(BaseModel):
    """A folder of source documents and what its manifest says about them."""

    id: str = Field(description="Used in output file names.")
    title: str = Field(description="The subject, e.g. 'Iran–Russia relations'.")
    title_inferred: bool = False
    folder: str
    documents: list[Document]
    warnings: list[str] = Field(default_factory=list)


class Event(_Item):
    """Something that happened or is scheduled, with its date."""

    date: str = Field(
        pattern=DATE_PATTERN, description="ISO date or span: '2017', '2017-03', '2017-03-28', '1989/1991'."
    )
    precision: Precision = "day"
    text: str = Field(description="A short, self-contained statement taken from the source.")
    sources: list[SourceRef]
    salience: float = 0.0
    discrepancy: str | None = Field(None, description="Set when sources disagree on the date.")


class Figure(_Item):
    """A quantity found in a source: money, a percentage, an amount of something."""

    value: float = Field(description="Plain number in base units: 2e9 for '$2 billion'.")
    value_max: float | None = Field(None, description="Upper bound for a range.")
    unit: str = Field(description="ISO currency code, 'percent', an SI-style unit or 'count'.")
    qualifier: Qualifier = "none"
    surface: str = Field(description="The figure as written in the source.")
    label: str = Field("", description="What the figure measures.")
    kind: FigureKind = Field(
        "level", description="level (a value), change (growth or fall), target (a goal or forecast)."
    )
    year: str | None = Field(None, pattern=DATE_PATTERN)
    year_inferred: bool = False
    sources: list[SourceRef]
    salience: float = 0.0


class Challenge(_Item):
    """An obstacle, risk or friction in the relationship, as a source states it."""

    theme: str
    text: str
    sources: list[SourceRef]
    salience: float = 0.0


class SummaryItem(_Item):
    """A sentence taken from a source for the summary."""

    text: str
    sources: list[SourceRef]
    salience: float = 0.0
    theme: str | None = None


class SeriesPoint(_Item):
    """One reported value of a measure in a series."""

    year: str
    value: float
    surface: str
    sources: list[SourceRef]


class Series(_Item):
    """One measure reported for three or more years: the data of a chart."""

    label: str = Field(description="What the values measure, in words every label of the series shares.")
    unit: str
    points: list[SeriesPoint] = Field(description="In year order; a year may hold several reported values.")


class Discrepancy(_Item):
    """One measure reported with different values."""

    about: str
    figures: list[Figure]
    note: str = ""


class Extracts(_Item):
    """Everything extraction found in a corpus: the seam between machine and analyst."""

    corpus: str
    title: str
    documents: list[DocumentInfo]
    events: list[Event] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    challenges: list[Challenge] = Field(default_factory=list)
    summary: list[SummaryItem] = Field(default_factory=list)
    discrepancies: list[Discrepancy] = Field(default_factory=list)
    series: list[Series] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_documents(self) -> Extracts:
        # An item citing a document the file does not list would print without a citation.
        known = {d.id for d in self.documents}
        for section in ("events", "figures", "challenges", "summary"):
            for index, item in enumerate(getattr(self, section)):
                for ref in item.sources:
                    if ref.doc not in known:
                        raise ValueError(
                            f"{section}[{index}] cites document '{ref.doc}', which is not in documents"
                        )
        return self


# --- The brief: selected, merged, ordered and cited -------------------------------------------


class SourceEntry(BaseModel):
    """One entry of a brief's numbered source list."""

    n: int
    id: str
    title: str
    author: str | None = None
    publisher: str | None = None
    published: str | None = None
    published_inferred: bool = False
    url: str | None = None


class Cited(BaseModel):
    """Citation numbers of an item, in the brief's source list."""

    cites: list[int] = Field(default_factory=list)


class BriefEvent(Event, Cited):
    model_config = ConfigDict(extra="ignore")


class BriefFigure(Figure, Cited):
    model_config = ConfigDict(extra="ignore")
    differs: bool = Field(False, description="Part of a discrepancy: sources report other values.")


class BriefChallenge(Challenge, Cited):
    model_config = ConfigDict(extra="ignore")


class BriefSummaryItem(SummaryItem, Cited):
    model_config = ConfigDict(extra="ignore")


class BriefDiscrepancy(Discrepancy, Cited):
    model_config = ConfigDict(extra="ignore")


class BriefSeries(Series, Cited):
    model_config = ConfigDict(extra="ignore")


class Brief(BaseModel):
    """What a template renders: the contract of the brief JSON."""

    corpus: str
    title: str
    as_of: str | None = Field(description="Publication date of the newest source.")
    date_range: tuple[str, str] | None = None
    sources: list[SourceEntry]
    summary: list[BriefSummaryItem]
    key_figures: list[BriefFigure]
    chronology: list[BriefEvent]
    challenges: list[BriefChallenge]
    discrepancies: list[BriefDiscrepancy]
    charts: list[BriefSeries] = Field(default_factory=list, description="Measures with values for 3+ years.")
