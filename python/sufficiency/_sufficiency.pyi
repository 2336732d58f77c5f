"""Type stubs for the Rust extension module ``sufficiency._sufficiency``.

Everything here is re-exported by the ``sufficiency`` package; import it from
there. Collection years are end years (``2025`` is 2024/25, 1 April 2024 to
31 March 2025). Dates are ``datetime.date``; date arguments also accept an ISO
``"YYYY-MM-DD"`` string.
"""

import datetime
import decimal
import os
import pathlib
from typing import Any, Callable, ClassVar, Iterator, Literal, Mapping, Optional, Sequence, Tuple, Union, final, overload

import pandas as pd

# The extension module's own list (pyo3 lists everything it adds); the
# package `sufficiency` exports the public names.

_ProgressArg = Union[None, bool, Callable[[str, int, int], Optional[bool]]]
"""``progress=``: None (a tqdm bar if tqdm is installed), False (silent), or
a callable ``(stage, done, total)`` returning False to cancel."""

__all__ = [
    "__version__",
    "SufficiencyError",
    "InputError",
    "Dataset",
    "Issue",
    "Child",
    "Episode",
    "ChildList",
    "EpisodeList",
    "read_ssda903",
    "_dataset_from_state",
    "_raise_panic_for_testing",
]

__version__: str

_Backend = Literal["pandas", "polars"]
# A pandas DataFrame; a polars DataFrame with backend="polars".
_Frame = Any

_Path = Union[str, os.PathLike[str]]
_Date = Union[datetime.date, str]
_By = Literal[
    "total",
    "placement_group",
    "place",
    "age_band",
    "legal_status",
    "provider",
    "sex",
    "uasc",
    "category_of_need",
]

class SufficiencyError(Exception):
    """Base class of every error sufficiency raises.

    A Rust panic (a bug in sufficiency) is also raised as a SufficiencyError,
    with a message asking for a bug report.
    """

class InputError(SufficiencyError):
    """Input that cannot be used: a return that cannot be read at all
    (missing, empty, not UTF-8, no recognisable header, ...), a reference
    window outside the data, a scenario naming a group the model does not
    have. The message says what is wrong and what to do. Row-level problems
    in returns are never errors; they are listed in ``Dataset.issues``.
    """

def read_ssda903(*paths: Union[_Path, Sequence[_Path]], collection_year: Optional[int] = None) -> Dataset:
    """Reads one or several yearly SSDA903 returns from disk.

    Each path may be a folder holding one year's CSV tables (header.csv,
    episodes.csv, uasc.csv, ...; tables are recognised by their columns, not
    their file names), a folder of such year folders, or individual CSV files
    (files in the same folder form one return). A list or tuple of paths is
    also accepted.

    ``collection_year`` (e.g. ``2025`` for 2024/25) names the year of a single
    return; without it each return's year is the one holding its latest
    episode date. Several years are merged, the newest return winning.

    Raises:
        InputError: a file cannot be read at all.
        ValueError: ``collection_year`` is out of range.
        TypeError: no path, or a path that is not str or os.PathLike.
    """

@final
class Issue:
    """One problem found while reading a return: where it is, what it is, and what was done."""

    @property
    def file(self) -> str:
        """The file (or frame: "header", "episodes", "uasc") the row came from."""
    @property
    def row(self) -> Optional[int]:
        """The 1-based data row (the first line after the header is row 1), or None for the whole file."""
    @property
    def column(self) -> Optional[str]:
        """The column concerned, if one (e.g. ``"DEC"``)."""
    @property
    def code(self) -> str:
        """The stable issue code, e.g. ``"dec_before_decom"``, ``"missing_value"``, ``"overlap"``."""
    @property
    def severity(self) -> Literal["error", "warning"]:
        """``"error"``: the row was left out; ``"warning"``: the row was kept."""
    @property
    def message(self) -> str:
        """What is wrong and what was done, in words an analyst can act on."""
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Child:
    """A child from the header table, with the UASC flag from the UASC table."""

    @property
    def child(self) -> str:
        """CHILD: the identifier, upper-cased."""
    @property
    def sex(self) -> Literal["male", "female", "unknown"]:
        """SEX, whatever coding the return used (1/2 or M/F/U)."""
    @property
    def dob(self) -> datetime.date:
        """DOB."""
    @property
    def ethnicity(self) -> Optional[str]:
        """ETHNIC code, when given and known."""
    @property
    def upn(self) -> Optional[str]:
        """UPN, as given."""
    @property
    def mother(self) -> Optional[bool]:
        """MOTHER: whether the child is a mother, when given."""
    @property
    def mc_dob(self) -> Optional[datetime.date]:
        """MC_DOB: the date of birth of the child's own child, when given."""
    @property
    def uasc(self) -> bool:
        """Whether the child is in the UASC table (unaccompanied asylum-seeking child)."""
    @property
    def uasc_ceased(self) -> Optional[datetime.date]:
        """DUC: the date UASC status ceased."""
    def age_on(self, date: _Date) -> int:
        """Age in whole years on ``date``."""
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Episode:
    """One episode: a spell with one legal status, placement and carer, from
    ``decom`` up to (not including) ``dec``."""

    @property
    def child(self) -> str:
        """CHILD."""
    @property
    def decom(self) -> datetime.date:
        """DECOM: the date the episode started."""
    @property
    def dec(self) -> Optional[datetime.date]:
        """DEC: the date the episode ceased, or None while open."""
    @property
    def rne(self) -> str:
        """RNE: reason for the new episode (S, L, P, T, B, U)."""
    @property
    def ls(self) -> str:
        """LS: legal status."""
    @property
    def cin(self) -> Optional[str]:
        """CIN: category of need, if given."""
    @property
    def place(self) -> str:
        """PLACE: placement type."""
    @property
    def place_provider(self) -> Optional[str]:
        """PLACE_PROVIDER, if given."""
    @property
    def rec(self) -> Optional[str]:
        """REC: reason the episode ceased, present exactly when ``dec`` is."""
    @property
    def reason_place_change(self) -> Optional[str]:
        """REASON_PLACE_CHANGE, if given."""
    @property
    def home_post(self) -> Optional[str]:
        """HOME_POST, as given (upper-cased)."""
    @property
    def pl_post(self) -> Optional[str]:
        """PL_POST, as given (upper-cased)."""
    @property
    def urn(self) -> Optional[str]:
        """URN: the Ofsted reference of the setting."""
    @property
    def placement_group(self) -> str:
        """The placement group under the standard grouping (``"unclassified"`` if none fits)."""
    @property
    def source(self) -> Optional[Tuple[str, int]]:
        """``(file, row)`` the episode was read from, or None."""
    @property
    def nights(self) -> Optional[int]:
        """Nights in the episode (``dec - decom``), or None while open."""
    def is_open_on(self, date: _Date) -> bool:
        """Whether the child is in this episode on the night of ``date``: ``decom <= date < dec``."""
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class ChildList(Sequence[Child]):
    """The children of a dataset, sorted by identifier (read-only)."""

    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, index: int, /) -> Child: ...
    @overload
    def __getitem__(self, index: slice, /) -> list[Child]: ...
    def __iter__(self) -> Iterator[Child]: ...
    def __contains__(self, item: object, /) -> bool: ...

@final
class EpisodeList(Sequence[Episode]):
    """The episodes of a dataset, by child then start date (read-only)."""

    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, index: int, /) -> Episode: ...
    @overload
    def __getitem__(self, index: slice, /) -> list[Episode]: ...
    def __iter__(self) -> Iterator[Episode]: ...

@final
class Dataset:
    """A merged, checked set of SSDA903 returns: children, episodes, and every
    issue found on the way. Build one with ``read_ssda903`` or ``Dataset.from_frames``.

    A Dataset is immutable and picklable. Two datasets are equal when they hold
    the same children and episodes, wherever they were read from.
    """

    @staticmethod
    def from_frames(
        header: Any,
        episodes: Any,
        uasc: Any = None,
        collection_year: Optional[int] = None,
    ) -> Dataset:
        """Builds a dataset from pandas DataFrames (or anything ``pandas.DataFrame()``
        accepts) holding the header, episodes and optionally UASC tables, with
        the same checks as reading CSV files. Pass None for a table you do not have.

        Each cell is read as the text a CSV file would hold: missing values
        (None, NaN, NaT, pd.NA) are blank, dates, datetimes and Timestamps become
        DD/MM/YYYY, whole-number floats lose their ``.0`` (an id column with a
        blank in it is float in pandas), anything else is ``str(value)``. Issues
        name the frames "header", "episodes" and "uasc", with rows numbered from
        1 in frame order (the index is ignored).

        Raises:
            InputError: a frame is not an SSDA903 table, or the year cannot be told.
            TypeError: no frame, or a value that is not a frame.
        """
    @property
    def children(self) -> ChildList:
        """The children, sorted by identifier."""
    @property
    def episodes(self) -> EpisodeList:
        """The episodes, sorted by child then start date."""
    @property
    def issues(self) -> list[Issue]:
        """Every issue found while reading, in file then row order."""
    @property
    def collection_years(self) -> list[int]:
        """The collection years read, oldest first, as end years (2025 is 2024/25)."""
    def child(self, child: str) -> Optional[Child]:
        """The child with this identifier (case-insensitive), or None."""
    def episodes_of(self, child: str) -> list[Episode]:
        """The episodes of one child, in date order."""
    def issues_frame(self, *, backend: _Backend = "pandas") -> _Frame:
        """The issues as a DataFrame with columns file, row (nullable Int64),
        column, code, severity, message."""
    def summary(self, *, backend: _Backend = "pandas") -> _Frame:
        """One row per file read, with columns file, table ("header", "episodes",
        "uasc"), collection_year, rows_read, rows_accepted, rows_rejected.
        ``rows_read == rows_accepted + rows_rejected`` always holds."""
    def children_frame(self, *, backend: _Backend = "pandas") -> _Frame:
        """One row per child: child, sex, dob, ethnicity, upn, mother, mc_dob,
        uasc, uasc_ceased. Dates are datetime.date."""
    def episodes_frame(self, *, backend: _Backend = "pandas") -> _Frame:
        """One row per episode: child, decom, dec, rne, ls, cin, place,
        place_provider, rec, reason_place_change, home_post, pl_post, urn and
        placement_group (the standard grouping). Dates are datetime.date."""
    def in_care_on(self, date: _Date, by: _By = "placement_group", include_short_breaks: bool = False, *, backend: _Backend = "pandas") -> _Frame:
        """Children in care on the night of ``date`` (DECOM <= date < DEC), as a
        frame with columns [by, "children"].

        Placement groups and age bands list every group or band, zeros included;
        code breakdowns list only the codes that occur. Children under a series
        of short breaks (LS V3/V4) are left out unless ``include_short_breaks``.

        Raises:
            ValueError: ``by`` is not a breakdown (the message lists them), or a bad date string.
        """
    def entries(
        self, start: _Date, end: _Date, by: _By = "age_band", include_short_breaks: bool = False, *, backend: _Backend = "pandas"
    ) -> _Frame:
        """Children starting a period of care between ``start`` and ``end`` (both
        inclusive), broken down ``by`` their first episode (age on the day care
        started): columns [by, "children"]. Periods that began before the data
        are not entries."""
    def leavers(self, start: _Date, end: _Date, include_short_breaks: bool = False, *, backend: _Backend = "pandas") -> _Frame:
        """Periods of care ending between ``start`` and ``end`` (both inclusive),
        by the reason care ended: columns ["rec", "children"]."""
    def stability(self, collection_year: int, include_short_breaks: bool = False) -> dict[str, Any]:
        """The DfE placement-stability measure for one collection year: a dict with
        ``collection_year``, ``children`` (in care on 31 March), ``three_or_more``
        (of those, children with three or more placements during the year),
        ``share`` (three_or_more / children, 0 when no child) and
        ``three_or_more_children`` (their identifiers)."""
    def write_ssda903(self, folder: _Path, collection_year: int) -> None:
        """Writes the ``collection_year`` return as header.csv, episodes.csv and
        uasc.csv into ``folder`` (created if needed): episodes current at any
        time in the year, those that ended after 31 March written as still open.

        Raises:
            OSError: the folder or files cannot be written.
        """
    def overview(self) -> list[Tuple[str, str]]:
        """The headline facts as ``(label, value)`` rows of text, the table a
        notebook shows (``_repr_html_``)."""
    def _repr_html_(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __copy__(self) -> Dataset: ...
    def __deepcopy__(self, memo: Any, /) -> Dataset: ...
    def __reduce__(self) -> Tuple[Any, Tuple[Any]]: ...

def _dataset_from_state(state: Any) -> Dataset:
    """Rebuilds a pickled Dataset (what ``Dataset.__reduce__`` names). Not part of the API."""

def _raise_panic_for_testing() -> None:
    """Raises SufficiencyError from a deliberate Rust panic, for the test suite. Not part of the API."""

# ---------------------------------------------------------------- geography

__all__ += ["Postcodes", "Location", "Distance", "distance", "distance_miles"]

_Precision = Literal["unit", "sector", "district"]
_Place = Union[str, Tuple[float, float], "Location"]

@final
class Location:
    """Where a postcode or grid reference resolved to, and how precisely.

    ``precision`` is ``"unit"`` for an exact unit postcode (from a loaded
    table, or one of the embedded unit postcodes) or a grid reference given as
    a tuple; ``"sector"`` or ``"district"`` for a centroid, which is
    approximate and not DfE behaviour (flag it in outputs).
    """

    @property
    def key(self) -> Optional[str]:
        """What matched: the unit join key (``"B11AA"``), the sector (``"B1 1"``)
        or the district (``"B1"``); None for a grid reference."""
    @property
    def easting(self) -> int:
        """OSGB36 easting in metres."""
    @property
    def northing(self) -> int:
        """OSGB36 northing in metres."""
    @property
    def grid(self) -> Tuple[int, int]:
        """``(easting, northing)`` in metres."""
    @property
    def precision(self) -> _Precision:
        """``"unit"``, ``"sector"`` or ``"district"``."""
    @property
    def approximate(self) -> bool:
        """Whether this is a sector or district centroid rather than the exact point."""
    @property
    def authority(self) -> Optional[str]:
        """The source's authority code: a unit's LAD (ONSPD ``laua``), a
        centroid's majority upper-tier LA; None if the table has none."""
    @property
    def placement_la(self) -> Optional[str]:
        """``PL_LA``: the 2025 upper-tier LA code, or ``"SCO"``, ``"WAL"``,
        ``"NIR"``; None when the authority is missing or unknown."""
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Distance:
    """A straight-line distance by the DfE formula
    ``round(sqrt(dE**2 + dN**2) / 1000 / 1.6093, 1)`` miles, with how precise
    its ends were. Only ``precision == "unit"`` is the DfE's own figure.
    ``float(d)`` is ``d.miles``.
    """

    @property
    def miles(self) -> float:
        """Miles, rounded to one decimal place (as ``PL_DISTANCE``)."""
    @property
    def precision(self) -> _Precision:
        """The coarser end's precision."""
    @property
    def approximate(self) -> bool:
        """Whether either end is a sector or district centroid (not the DfE figure)."""
    @property
    def a(self) -> Location:
        """Where the first argument resolved to."""
    @property
    def b(self) -> Location:
        """Where the second argument resolved to."""
    def __float__(self) -> float: ...

def distance(a: _Place, b: _Place) -> Distance:
    """The straight-line distance between two places by the DfE formula, with
    how precise it is.

    ``a`` and ``b`` are postcodes (any case or spacing, e.g. ``"B1 1AA"``),
    ``(easting, northing)`` tuples in OSGB36 metres, or Locations. Postcodes
    resolve against the embedded data: one real unit postcode per sector
    exactly, any other postcode to its sector's or district's centroid
    (``Distance.approximate``). For exact distances between any postcodes,
    load the ONSPD with ``Postcodes.from_csv`` / ``from_frame``.

    Raises:
        ValueError: a postcode that is not a UK postcode shape, a Northern
            Ireland (BT) postcode, an unknown postcode, or a grid reference
            out of range.
        TypeError: an argument of another type.
    """

def distance_miles(a: _Place, b: _Place, *, strict: bool = False) -> float:
    """The DfE distance in miles (one decimal place) between two places:
    ``distance(a, b).miles``. ``distance_miles("B1 1AA", "SW1A 1AA")`` is
    101.0 (here from sector centroids: use ``distance`` to see the precision).

    Raises:
        ValueError: as ``distance``; and, with ``strict=True``, when either end
            resolved only to a sector or district centroid.
    """

@final
class Postcodes:
    """A postcode lookup: an optional full unit-postcode table (an ONSPD-style
    extract), backed by the embedded data (one real unit postcode per sector,
    and sector and district centroids; England, Wales and Scotland,
    ONSPD November 2025, Open Government Licence).

    ``Postcodes()`` has no table of its own. Postcodes resolve, in order, to:
    the exact unit in this table, an exact embedded unit postcode, the sector
    centroid, the district centroid.
    """

    def __init__(self) -> None: ...
    @staticmethod
    def from_csv(path: _Path) -> Postcodes:
        """Reads a unit-postcode table from a CSV file (e.g. an ONSPD extract).

        Columns are found by name in any order and case: postcode (``pcd``,
        ``pcds``, ``pcd7``, ``postcode``, ...), easting (``oseast1m``,
        ``easting``, ...), northing (``osnrth1m``, ``northing``, ...) and,
        optionally, the local authority (``laua``, ``lad25cd``, ...). Other
        columns are ignored; ``#`` lines are comments. Rows without a grid
        reference are skipped and counted in ``rows_without_grid``. Reading
        runs without holding the GIL.

        Raises:
            FileNotFoundError, OSError: the file cannot be opened.
            ValueError: a needed column is missing, a coordinate is not a
                National Grid value, or a postcode appears twice with
                different data (the message names the line).
        """
    @staticmethod
    def from_frame(frame: pd.DataFrame) -> Postcodes:
        """Builds the unit-postcode table from a pandas DataFrame with the
        columns ``from_csv`` accepts (e.g. ``pcd``, ``oseast1m``, ``osnrth1m``,
        ``laua``). Missing values count as blank. Errors name lines as in
        ``frame.to_csv(index=False)`` (the header is line 1).

        Raises:
            TypeError: not a DataFrame.
            ValueError: as for ``from_csv``.
        """
    def resolve(self, postcode: str) -> Location:
        """Resolves one postcode (exact unit, else sector, else district).

        Raises:
            ValueError: not a postcode shape, a BT postcode not in this table,
                or a postcode nothing knows.
        """
    def distance(self, a: _Place, b: _Place) -> Distance:
        """As the module's ``distance``, resolving postcodes against this table first."""
    def distance_miles(self, a: _Place, b: _Place, *, strict: bool = False) -> float:
        """As the module's ``distance_miles``, resolving postcodes against this table first."""
    def dfe_distance(self, a: str, b: str) -> Optional[float]:
        """The strict DfE ``PL_DISTANCE``: miles if both are exact unit
        postcodes (this table or embedded), else None (the DfE leaves it
        blank and validation rule 392c fires)."""
    @property
    def rows_without_grid(self) -> int:
        """Rows of the loaded table skipped for lacking a postcode or a grid reference."""
    def __len__(self) -> int:
        """The number of unit postcodes in this table (the embedded data is not counted)."""
    def __contains__(self, postcode: object, /) -> bool:
        """Whether ``postcode`` resolves exactly (this table or an embedded unit postcode)."""
    @staticmethod
    def embedded_sectors(*, backend: _Backend = "pandas") -> _Frame:
        """The embedded sector table, sorted by sector: ``sector``, ``easting``,
        ``northing`` (the centroid), ``utla`` (majority upper-tier LA),
        ``postcodes`` (how many were averaged), and the sector's real unit
        postcode: ``unit`` (e.g. ``"B1 1QG"``), ``unit_easting``,
        ``unit_northing``, ``unit_lad``, ``unit_utla`` (always equal to
        ``utla``). Derived from the ONSPD under the Open Government Licence:
        outputs must carry its attribution."""

# ------------------------------------------------------ synthetic authorities

__all__ += ["Authority", "synthetic_authority"]

@final
class Authority:
    """A synthetic local authority: SSDA903 returns, supply and prices anyone may share.

    Build one with ``synthetic_authority()``. Its ``dataset`` is exactly what
    reading its returns gives; ``write_ssda903(folder)`` writes them.
    """

    @property
    def dataset(self) -> Dataset:
        """The SSDA903 returns, read."""
    @property
    def seed(self) -> int:
        """The seed it was generated from."""
    @property
    def profile(self) -> dict[str, Any]:
        """The numbers it was calibrated to: children_in_care, starters_per_year,
        placement_mix, age_mix, uasc_share, outside_la_share, over_20_miles_share,
        three_plus_moves_share, home_postcode_area, collection_end, authority_code,
        authority_name, name."""
    @property
    def prices(self) -> pd.DataFrame:
        """Weekly prices (columns placement_group, route, effective_from, weekly,
        basis; ``weekly`` holds ``decimal.Decimal`` pounds). National averages
        and assumptions: replace them with your own."""
    @property
    def supply(self) -> Supply:
        """Providers and settings, with occupancy, route and price."""
    def write_ssda903(self, folder: str | os.PathLike[str]) -> list[pathlib.Path]:
        """Writes one folder per collection year under ``folder`` and returns them."""
    def overview(self) -> list[Tuple[str, str]]:
        """The headline facts as ``(label, value)`` rows of text, the table a
        notebook shows (``_repr_html_``)."""
    def _repr_html_(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __copy__(self) -> Authority: ...
    def __deepcopy__(self, memo: Any, /) -> Authority: ...
    def __reduce__(self) -> Tuple[Any, Tuple[Any]]: ...

def synthetic_authority(
    profile: str = "england-median",
    *,
    seed: int = 0,
    years: int = 5,
    progress: _ProgressArg = None,
    children_in_care: int = ...,
    starters_per_year: int = ...,
    placement_mix: dict[str, float] = ...,
    age_mix: dict[str, float] = ...,
    uasc_share: float = ...,
    outside_la_share: float = ...,
    over_20_miles_share: float = ...,
    three_plus_moves_share: float = ...,
    home_postcode_area: str | list[str] = ...,
    collection_end: datetime.date | str = ...,
) -> Authority:
    """Generates a synthetic authority calibrated to a named profile
    ("england-median", "county", "metropolitan", "inner-london", "england"),
    deterministic for ``seed``, spanning ``years`` collection years.

    Keyword overrides change the profile; a partial ``placement_mix`` or
    ``age_mix`` fixes the shares given and scales the rest. Raises
    ``ValueError`` for an unknown profile or an impossible combination.

    ``progress``: ``None`` shows a tqdm bar per stage when tqdm is installed
    (silent otherwise), ``False`` is silent, or a callable ``(stage, done,
    total)`` that may return ``False`` to cancel (``SufficiencyError``).
    Interrupting (Ctrl-C, a notebook's stop button) raises
    ``KeyboardInterrupt`` at the next report.
    """

__all__ += ["synthetic_region", "NORTH_WEST_18"]

NORTH_WEST_18: list[Tuple[str, str, int]]
"""The eighteen North West authorities ``synthetic_region()`` builds by
default: (code, name, children in care). The codes and names are real; the
sizes are not published figures (about 11,000 children in all)."""

def synthetic_region(
    members: Optional[Sequence[Tuple[str, str, int]]] = None,
    *,
    seed: int = 0,
    years: int = 5,
    progress: _ProgressArg = None,
) -> list[Authority]:
    """One synthetic authority per member ``(code, name, children in care)``
    (default ``NORTH_WEST_18``), each calibrated like ``"england-median"``
    with the member's own postcodes and size, seeded ``seed + position``.
    Pass them to ``Region(name, members)``."""

# ------------------------------------------------------------ demand forecasting

__all__ += ["DemandConfig", "Scenario", "DemandModel", "Projection", "Backtest", "_forecast_from_state"]

_Groups = Literal["standard", "peer"]
_AgeBasis = Literal["daily", "episode_start"]
_Estimator = Literal["pooled", "mean_daily_ratio"]
_Ageing = Literal["exact", "hazard"]
_ExitRoute = Literal["return_home", "special_guardianship", "adoption", "independence_or_18", "staying_put", "other"]

@final
class DemandConfig:
    """Everything that shapes a demand model. Immutable, picklable, compared by value.

    ``DemandConfig()`` is the standard configuration: bands under 1, 1-4,
    5-9, 10-15, 16-17; the standard placement groups; each child's actual age
    on each day; pooled (events / nights) hazards; exact ageing on birthdays;
    leaving care on the 18th birthday, a share (observed, or
    ``staying_put_share``) staying put; short breaks (LS V3/V4) out; UASC in.

    ``DemandConfig.peer()`` reproduces the public cs-demand-model 0.5.1:
    FOSTERING / RESIDENTIAL / SUPPORTED / OTHER, age fixed at episode start,
    the mean of daily ratios, ageing by hazard, no leaving at 18, every legal
    status. ``DemandConfig("peer")`` is the standard configuration with the
    peer's groups only.

    Raises:
        ValueError: an unknown choice (the message lists them), age bands not
            strictly increasing above 0, a ``max_age`` below 1, or a
            ``staying_put_share`` outside 0..1.
    """

    def __new__(
        cls,
        groups: _Groups = "standard",
        *,
        age_bands: Optional[Sequence[int]] = None,
        max_age: int = 18,
        age_out: bool = True,
        age_basis: _AgeBasis = "daily",
        estimator: _Estimator = "pooled",
        ageing: _Ageing = "exact",
        staying_put_share: Optional[float] = None,
        entry_trend: bool = False,
        include_short_breaks: bool = False,
        include_uasc: bool = True,
    ) -> DemandConfig: ...
    @staticmethod
    def standard() -> DemandConfig:
        """The defaults (the same as ``DemandConfig()``)."""
    @staticmethod
    def peer() -> DemandConfig:
        """cs-demand-model 0.5.1's conventions."""
    @property
    def groups(self) -> Literal["standard", "peer", "custom"]:
        """The placement grouping."""
    @property
    def group_names(self) -> list[str]:
        """The grouping's placement group names, in order (a model adds
        ``"unclassified"`` when the data has placements no group fits)."""
    @property
    def age_bands(self) -> list[int]:
        """The boundary ages of the age bands, e.g. ``[1, 5, 10, 16]``."""
    @property
    def band_labels(self) -> list[str]:
        """The labels of the model's bands (the bands cut at ``max_age``), e.g.
        ``["under 1", "1-4", "5-9", "10-15", "16-17"]``."""
    @property
    def max_age(self) -> int:
        """The age at which children leave the population (18)."""
    @property
    def age_out(self) -> bool:
        """Whether children leave care on their ``max_age`` birthday (True) or
        only through observed exit rates (False, the peer's behaviour)."""
    @property
    def age_basis(self) -> _AgeBasis:
        """``"daily"`` (actual age each day) or ``"episode_start"`` (age fixed at DECOM)."""
    @property
    def estimator(self) -> _Estimator:
        """``"pooled"`` (events / nights) or ``"mean_daily_ratio"`` (the peer's)."""
    @property
    def ageing(self) -> _Ageing:
        """``"exact"`` (on birthdays) or ``"hazard"`` (a constant rate, the peer's)."""
    @property
    def staying_put_share(self) -> Optional[float]:
        """The share of children ageing out who stay put, or None to use the share observed."""
    @property
    def entry_trend(self) -> bool:
        """Whether entries follow a linear trend fitted over the window (clipped at zero)."""
    @property
    def include_short_breaks(self) -> bool:
        """Whether children looked after under short breaks (LS V3/V4) are included."""
    @property
    def include_uasc(self) -> bool:
        """Whether unaccompanied asylum-seeking children are included."""
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __copy__(self) -> DemandConfig: ...
    def __deepcopy__(self, memo: Any, /) -> DemandConfig: ...
    def __reduce__(self) -> Tuple[Any, Tuple[Any]]: ...

@final
class Scenario:
    """A named set of changes to a fitted model. Immutable, picklable, compared by value.

    ``Scenario()`` is the base (no change). Keyword arguments make the common
    changes; the methods return a new scenario with one more change; ``a & b``
    (or ``a.and_(b)``) applies both, named ``"a + b"``. Multipliers multiply
    and additions add.

    ``entries_times``/``entries_plus`` (children a month, spread over bands in
    proportion to their entries) apply to ``age_band`` alone when given
    (a label such as ``"10-15"``) and from ``from_date`` on. ``moves`` is
    ``{(from_group, to_group): factor}``; ``exits`` is ``{route: factor}``,
    with the key None for every route. ``in_house_fostering_growth`` adds
    places a year, each taking a child who would otherwise be with an agency.

    Groups and bands are checked against the model when projecting: a name it
    does not have raises InputError, naming it and listing the choices.

    Raises:
        InputError: an unknown exit route (the message lists them).
        TypeError: ``moves`` or ``exits`` not a dict of the shape above.
        ValueError: a bad ``from_date`` string.
    """

    def __new__(
        cls,
        name: str = "base",
        *,
        entries_times: Optional[float] = None,
        entries_plus: Optional[float] = None,
        moves: Optional[dict[Tuple[str, str], float]] = None,
        exits: Optional[dict[Optional[_ExitRoute], float]] = None,
        in_house_fostering_growth: Optional[float] = None,
        age_band: Optional[str] = None,
        from_date: Optional[_Date] = None,
    ) -> Scenario: ...
    @property
    def name(self) -> str:
        """The scenario's name, shown in frames and plots."""
    @property
    def adjustments(self) -> list[dict[str, Any]]:
        """The changes, in order, each a dict with a ``kind`` key
        (``entries_times``, ``entries_plus``, ``move_times``, ``exit_times``,
        ``in_house_fostering_growth``, ``breakdown_step_up``) and its arguments."""
    def entries_times(
        self, factor: float, age_band: Optional[str] = None, from_date: Optional[_Date] = None
    ) -> Scenario:
        """This scenario with entries multiplied by ``factor`` (in one band, or
        all; from a date, or the start)."""
    def entries_plus(
        self, per_month: float, age_band: Optional[str] = None, from_date: Optional[_Date] = None
    ) -> Scenario:
        """This scenario with ``per_month`` more (negative: fewer) entries a month."""
    def move_times(self, from_group: str, to_group: str, factor: float, age_band: Optional[str] = None) -> Scenario:
        """This scenario with the daily hazard of moving ``from_group`` →
        ``to_group`` multiplied by ``factor``."""
    def exit_times(
        self,
        factor: float,
        route: Optional[_ExitRoute] = None,
        group: Optional[str] = None,
        age_band: Optional[str] = None,
    ) -> Scenario:
        """This scenario with exit hazards multiplied by ``factor``: by one
        route (or all), from one group (or all), in one band (or all)."""
    def in_house_fostering_growth(
        self, places_per_year: float, *, from_group: str = "foster_agency", to_group: str = "foster_in_house"
    ) -> Scenario:
        """This scenario with ``places_per_year`` new in-house foster places,
        added evenly, each taking a child who would otherwise be in
        ``from_group`` (never more than are there)."""
    def breakdown_step_up(self, share: float, *, to_group: str = "childrens_home_external") -> Scenario:
        """This scenario with ``share`` (0-1) of foster placement breakdowns
        (moves after a carer asked for the placement to end because of the
        child's behaviour, REASON_PLACE_CHANGE CREQB) stepping up to
        ``to_group`` instead of wherever they went."""
    def and_(self, other: Scenario) -> Scenario:
        """Both scenarios' changes, this one's first, named ``"a + b"``."""
    def __and__(self, other: Scenario, /) -> Scenario:
        """``a & b`` is ``a.and_(b)``."""
    def __rand__(self, other: Scenario, /) -> Scenario: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __copy__(self) -> Scenario: ...
    def __deepcopy__(self, memo: Any, /) -> Scenario: ...
    def __reduce__(self) -> Tuple[Any, Tuple[Any]]: ...

@final
class DemandModel:
    """A demand model fitted to a dataset over a reference window: for every
    (age band, placement group) state the daily hazard of each move and each
    exit route, and the daily entries per band with where entrants are
    first placed. Immutable, picklable (with its dataset), compared by value.

    Fitting, projecting, comparing and backtesting run without holding the GIL.
    """

    @staticmethod
    def fit(dataset: Dataset, reference: Tuple[_Date, _Date], config: Optional[DemandConfig] = None) -> DemandModel:
        """Fits rates to ``dataset`` over the ``reference`` window ``(start,
        end)``, both days inclusive (moves and exits dated in the window,
        against the nights before them), under ``config`` (default
        ``DemandConfig()``).

        Raises:
            InputError: the window ends before it starts or reaches outside
                the data, or no child is left to learn from.
            TypeError: ``reference`` is not a pair.
        """
    @property
    def config(self) -> DemandConfig:
        """The configuration."""
    @property
    def reference(self) -> Tuple[datetime.date, datetime.date]:
        """The reference window, ``(start, end)``."""
    @property
    def dataset(self) -> Dataset:
        """The dataset the model was fitted to."""
    @property
    def staying_put_share(self) -> float:
        """The share of children ageing out who stay put: the configured one,
        or the share observed among children who turned 18 in the window."""
    @property
    def entries_per_day(self) -> float:
        """Children entering care per day, on average over the window."""
    @property
    def groups(self) -> list[str]:
        """The placement groups of the state space, in order (``"unclassified"``
        last when the data has placements no group fits)."""
    @property
    def age_bands(self) -> list[str]:
        """The age band labels of the state space, in order."""
    def project(
        self,
        start: Optional[_Date] = None,
        months: int = 60,
        scenario: Optional[Scenario] = None,
        backtest: Optional[int] = None,
    ) -> Projection:
        """Projects the children actually in care on the night of ``start``
        (default: the reference window's last day) forward ``months`` months,
        day by day, under ``scenario`` (default: the base). ``backtest=n``
        attaches an ``n``-month backtest (``Projection.backtest``).

        Raises:
            InputError: the scenario names a group, band or route the model
                does not have, or has an unusable value (a negative multiplier);
                no months; a backtest reaching before the data.
            ValueError: months outside 0..1200, or a bad date string.
        """
    def project_all(
        self, scenarios: Sequence[Scenario], start: Optional[_Date] = None, months: int = 60
    ) -> list[Projection]:
        """Projects each scenario from the same start, as ``project`` does."""
    def compare(self, scenarios: Sequence[Scenario], start: Optional[_Date] = None, months: int = 60, *, backend: _Backend = "pandas") -> _Frame:
        """Projects each scenario from the same start, as one long frame with
        columns scenario, date, age_band, placement_group, children.

        Raises:
            ValueError: two scenarios share a name.
            InputError: as ``project``.
        """
    def backtest(self, months: int = 12) -> Backtest:
        """Rewinds ``months`` months: refits on a window of the same length
        ending then, projects to the reference window's end, and compares each
        month end with the children actually in care, beside the flat and
        linear baselines.

        Raises:
            InputError: the rewound window reaches before the data.
        """
    def stock(self, start: _Date, end: _Date, *, backend: _Backend = "pandas") -> _Frame:
        """The children actually in care on each night ``start..=end`` under the
        model's configuration: columns date, age_band, placement_group,
        children (int64), every state listed, zeros included."""
    def rates_frame(self, *, backend: _Backend = "pandas") -> _Frame:
        """Every non-zero fitted rate: age_band, placement_group, kind
        (``"move"`` or ``"exit"``), to (a group, or an exit route), rate (daily
        hazard), events (in the window), exposure (nights in the state)."""
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __copy__(self) -> DemandModel: ...
    def __deepcopy__(self, memo: Any, /) -> DemandModel: ...
    def __reduce__(self) -> Tuple[Any, Tuple[Any]]: ...

@final
class Projection:
    """Children in care projected day by day, by age band and placement
    group, with the entries and exits that moved them. Counts are expected
    values, so fractional. Day 0 (``start``) is the children actually in care
    that night; each later day is the day before plus entries minus exits.
    Immutable, picklable, compared by value.
    """

    @property
    def scenario(self) -> str:
        """The scenario's name (``"base"`` without one)."""
    @property
    def start(self) -> datetime.date:
        """The start night (day 0)."""
    @property
    def end(self) -> datetime.date:
        """The last night projected."""
    @property
    def days(self) -> int:
        """Days projected after the start night."""
    @property
    def groups(self) -> list[str]:
        """The placement groups, in order."""
    @property
    def age_bands(self) -> list[str]:
        """The age band labels, in order."""
    @property
    def backtest(self) -> Optional[Backtest]:
        """The model's backtest, when ``project(..., backtest=months)`` asked for one."""
    def to_pandas(self, *, backend: _Backend = "pandas") -> _Frame:
        """The long frame: date (datetime.date), age_band, placement_group,
        children (float64); one row per night, band and group, from ``start``
        to ``end``."""
    def entries_frame(self, *, backend: _Backend = "pandas") -> _Frame:
        """Entries on each day after the start: date, age_band,
        placement_group (where entrants are first placed), children. Rows
        with no entries are left out."""
    def exits_frame(self, *, backend: _Backend = "pandas") -> _Frame:
        """Exits on each day after the start: date, age_band, placement_group
        (left from), route, children. Rows with no exits are left out."""
    def totals(self, *, backend: _Backend = "pandas") -> _Frame:
        """One row per night: date, one column per placement group (all bands
        together), and total."""
    def actuals_frame(self, *, backend: _Backend = "pandas") -> _Frame:
        """The children actually in care on each night of the year up to and
        including the start: date, placement_group, children (int64). Empty
        when the data has no earlier night."""
    def plot(self, ax: Any = None) -> Any:
        """A stacked area chart by placement group, with the actual stock
        before the start dashed (stacked the same way), returning the
        matplotlib Figure. Needs matplotlib (``pip install matplotlib``).
        ``ax`` draws into an existing Axes."""
    def overview(self) -> list[Tuple[str, str]]:
        """The headline facts as ``(label, value)`` rows of text, the table a
        notebook shows (``_repr_html_``)."""
    def _repr_html_(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __copy__(self) -> Projection: ...
    def __deepcopy__(self, memo: Any, /) -> Projection: ...
    def __reduce__(self) -> Tuple[Any, Tuple[Any]]: ...

@final
class Backtest:
    """A backtest: the model refitted on a window ending ``months`` before the
    reference window did, projected forward, and compared at each month end
    with the children actually in care, beside two naive baselines: ``flat``
    (the stock at the origin, held) and ``linear`` (a least-squares line
    through the window's daily stock). Immutable, picklable, compared by value.
    """

    @property
    def origin(self) -> datetime.date:
        """The night the backtest projects from."""
    @property
    def months(self) -> int:
        """Months projected."""
    @property
    def window(self) -> Tuple[datetime.date, datetime.date]:
        """The window the backtest's model learned from, ``(start, end)``."""
    @property
    def groups(self) -> list[str]:
        """The placement groups, in order."""
    @property
    def points(self) -> list[datetime.date]:
        """The month-end nights compared (origin + 1 month, ..., origin + months)."""
    def to_pandas(self, *, backend: _Backend = "pandas") -> _Frame:
        """The errors, one row per method (model, flat, linear) and group
        (each group, then ``"total"``): method, placement_group, mape (mean
        absolute percentage error, percent; points with no children are
        skipped), mean_error (forecast - actual, children), mean_pct_error
        (percent), final_error (at the last point, children)."""
    def series(self, *, backend: _Backend = "pandas") -> _Frame:
        """The series compared, one row per point and group (each group, then
        ``"total"``): date, placement_group, actual, model, flat, linear."""
    def plot(self, ax: Any = None, group: str = "total") -> Any:
        """Actual against forecast at each month end for ``group`` (a
        placement group, or ``"total"``): the actual stock and one line per
        method (model, flat, linear). Returns the matplotlib Figure; ``ax``
        draws into an existing Axes. Needs matplotlib.

        Raises:
            ValueError: ``group`` is not one of the backtest's groups.
        """
    def overview(self) -> list[Tuple[str, str]]:
        """The headline facts as ``(label, value)`` rows of text, the table a
        notebook shows (``_repr_html_``)."""
    def _repr_html_(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __copy__(self) -> Backtest: ...
    def __deepcopy__(self, memo: Any, /) -> Backtest: ...
    def __reduce__(self) -> Tuple[Any, Tuple[Any]]: ...

def _forecast_from_state(state: Any) -> Any:
    """Rebuilds a pickled DemandConfig, Scenario, DemandModel, Projection or
    Backtest (what their ``__reduce__`` names). Not part of the API."""

# ------------------------------------------------------------------ costs

__all__ += [
    "PriceBook",
    "CostForecast",
    "HighCost",
    "forecast_costs",
    "cost_avoidance",
    "compare_costs",
    "high_cost_placements",
    "_cost_from_state",
]

# Money: a decimal.Decimal, a string such as "477.00" (a leading £ and
# thousands commas are allowed) or an int. Never a float: a float amount of
# money raises InputError.
_Money = Union[decimal.Decimal, str, int]
# Rates, shares and counts are not money: a float is read as the decimal it
# prints as (0.04 is Decimal("0.04")).
_Number = Union[decimal.Decimal, str, int, float]
_Route = Literal["in_house", "block", "framework", "dps", "spot"]
_CostKey = Literal[
    "day",
    "date",
    "month",
    "quarter",
    "financial_year",
    "year",
    "placement_group",
    "group",
    "route",
    "provider",
    "kind",
    "source",
]
_CostBy = Union[_CostKey, Sequence[_CostKey]]

@final
class PriceBook:
    """Weekly prices by placement group and commissioning route
    (``in_house``, ``block``, ``framework`` — optionally per provider —,
    ``dps``, ``spot``), each effective from a date, with uplift rules applied
    each 1 April, block contracts (paid for whether filled or not) and the
    route mix for placements whose route is unknown. Immutable, picklable,
    compared by value; the ``with_*`` methods return a new book.

    Money is ``decimal.Decimal`` pounds both ways. Prices take effect on
    their ``effective_from`` date and stay in force, uplifted each 1 April
    after it and rounded to the penny (half away from zero), until the next
    price for the same group, route and provider. A group without a route
    mix is bought wholly by its first priced route in commissioning order
    (block aside).

    ``PriceBook(label)`` is an empty book.

    Raises:
        InputError: a book that does not check out (a negative price, route
            shares for a group not adding up to 1, a block ending before it
            starts), an unknown route name, or money given as a float.
    """

    def __new__(cls, label: str = "custom") -> PriceBook: ...
    @staticmethod
    def national_defaults() -> PriceBook:
        """National-average weekly prices for 2024-25 (effective 1 April 2024),
        uplifted 5.5% each 1 April, with framework/spot bought 80/20 where both
        are priced. National averages: replace them with the council's own."""
    @staticmethod
    def from_synthetic(authority: Authority) -> PriceBook:
        """A synthetic authority's prices (one set each 1 April), with the
        default route mix and a 5.5% uplift after the last year given."""
    @staticmethod
    def from_frame(frame: Any, label: str = "from frame") -> PriceBook:
        """Prices from a pandas DataFrame (or anything ``pandas.DataFrame()``
        accepts) with the columns ``placement_group`` (or ``group``),
        ``route``, ``weekly``, ``effective_from`` and optionally ``provider``,
        ``lot`` and ``basis`` (case-insensitive; no other columns).
        ``Authority.prices`` is such a frame.

        ``weekly`` holds money: ``decimal.Decimal``, strings such as
        ``"477.00"`` or ints; read a CSV file's price column as text
        (``pandas.read_csv(..., dtype={"weekly": str})``). Dates are dates,
        Timestamps, or ``YYYY-MM-DD``/``DD/MM/YYYY`` text. The book gets the
        default route mix: a group priced by both a framework and spot is
        bought 80% framework, 20% spot (change it with ``with_mix``).

        Raises:
            InputError: an unknown or missing column, a blank or unreadable
                cell (named by row and column), a float price, or a book that
                does not check out.
        """
    @property
    def label(self) -> str:
        """What the prices are."""
    @property
    def uplifts(self) -> list[dict[str, Any]]:
        """The uplift rules, the one that wins first: dicts with ``kind``
        (``"fixed"`` with ``rate``, or ``"index"`` with ``index`` {year: rate}
        and ``plus``), ``group`` and ``route`` (None for all)."""
    def with_price(
        self,
        group: str,
        route: _Route,
        weekly: _Money,
        effective_from: _Date,
        provider: Optional[str] = None,
        *,
        lot: Optional[str] = None,
        basis: Optional[str] = None,
    ) -> PriceBook:
        """This book with a weekly price for ``group`` bought by ``route``
        (from ``provider`` alone, for a framework lot priced per provider)
        from ``effective_from``, replacing a price with the same group, route,
        provider and date."""
    def with_uplift(
        self,
        rate: Optional[_Number] = None,
        *,
        index: Optional[Mapping[int, _Number]] = None,
        plus: _Number = 0,
        group: Optional[str] = None,
        route: Optional[_Route] = None,
    ) -> PriceBook:
        """This book with an uplift rule taking precedence over its earlier
        ones: a fixed yearly ``rate`` (``Decimal("0.04")`` for 4%), or an
        ``index`` {financial year's starting year: rate} plus a margin
        ``plus`` (CPI + 1%: ``index={2025: Decimal("0.03")}, plus=Decimal("0.01")``;
        a year missing from the index uses the last one before it). Limited
        to one ``group`` and/or ``route`` when given.

        Raises:
            ValueError: both or neither of ``rate`` and ``index``; an empty
                index; ``plus`` with a fixed rate.
            TypeError: an index that is not {int: rate}.
        """
    def with_block(
        self,
        name: str,
        provider: str,
        group: str,
        places: int,
        weekly: _Money,
        start: _Date,
        end: _Date,
    ) -> PriceBook:
        """This book with a block contract: ``places`` places in ``group`` from
        ``provider`` at ``weekly`` a place for every night from ``start`` to
        ``end`` (exclusive), filled or not. Children in the group fill block
        places first; empty places are costed as ``void``."""
    def with_mix(self, shares: Mapping[str, _Number], *, group: str) -> PriceBook:
        """This book with ``group``'s route mix replaced by ``shares``
        ({route: share}, shares from 0 to 1 adding up to exactly 1, e.g.
        ``{"framework": Decimal("0.7"), "spot": Decimal("0.3")}``). An empty
        dict removes the group's mix."""
    def with_observed_mix(
        self,
        dataset: Dataset,
        actual_costs: pd.DataFrame,
        start: _Date,
        end: _Date,
        *,
        include_short_breaks: bool = False,
    ) -> PriceBook:
        """This book with each group's route mix as observed in finance
        records: the share of child-nights on ``start``..``end`` (exclusive)
        bought by each route, among the records (columns child,
        episode_start, weekly, route, provider) joined to ``dataset``'s
        episodes. Block placements are left out (costing fills the book's
        block contracts first); groups without records keep their mix."""
    def weekly(
        self, group: str, route: _Route, date: _Date, provider: Optional[str] = None
    ) -> Optional[decimal.Decimal]:
        """The weekly price of ``group`` bought by ``route`` on ``date``,
        uplifted to that day; None when no price is in force."""
    def to_pandas(self, *, backend: _Backend = "pandas") -> _Frame:
        """The prices: placement_group, route, provider, lot, effective_from
        (datetime.date), weekly (decimal.Decimal), basis."""
    def blocks_frame(self, *, backend: _Backend = "pandas") -> _Frame:
        """The block contracts: name, provider, placement_group, places,
        weekly (decimal.Decimal), start, end (exclusive)."""
    def mix_frame(self, *, backend: _Backend = "pandas") -> _Frame:
        """The route mix: placement_group, route, share (decimal.Decimal)."""
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __copy__(self) -> PriceBook: ...
    def __deepcopy__(self, memo: Any, /) -> PriceBook: ...
    def __reduce__(self) -> Tuple[Any, Tuple[Any]]: ...

@final
class CostForecast:
    """Costs night by night and by what they are for (placement group,
    route, provider, placement or void, actual or forecast), exact in
    ``decimal.Decimal``. Build one with ``forecast_costs`` or
    ``cost_avoidance``. Immutable, picklable, compared by value.

    A placement costs its weekly price / 7 for each night from its start
    (inclusive) to its end (exclusive); a night belongs to the day it starts
    on, so a placement crossing 31 March pays the night of 31 March to the
    year ending that day. Costs are summed exactly and rounded to the penny
    (half away from zero) once, when reported. Financial years run 1 April -
    31 March and are labelled ``"2025-26"``.
    """

    @property
    def total(self) -> decimal.Decimal:
        """Total cost, rounded to the penny."""
    @property
    def start(self) -> datetime.date:
        """The first night costed."""
    @property
    def end(self) -> datetime.date:
        """The first night not costed (the end is exclusive)."""
    @property
    def days(self) -> int:
        """Nights costed."""
    @property
    def by(self) -> list[str]:
        """The default breakdown of ``to_pandas`` (``["financial_year",
        "placement_group"]`` unless ``forecast_costs`` was given another)."""
    @property
    def budget(self) -> Optional[dict[str, decimal.Decimal]]:
        """The budget by financial year given to ``forecast_costs``, or None."""
    @property
    def prices_label(self) -> str:
        """The price book's label."""
    def to_pandas(
        self, by: Optional[_CostBy] = None, money: Literal["decimal", "float", "exact"] = "decimal", *, backend: _Backend = "pandas"
    ) -> _Frame:
        """The cost table: one column per breakdown key (default ``by``), in
        the order given, then ``cost``; one row per combination with a cost
        (``by="day"`` lists every night; its column is ``date``, of
        datetime.date). Keys: day, month (``"2025-04"``), quarter
        (``"2025-26 Q1"``, April-June), financial_year, placement_group,
        route, provider (``"not_recorded"`` when unknown), kind
        (``"placement"`` or ``"void"``), source (``"actual"`` or
        ``"forecast"``); ``by=[]`` gives the total.

        ``money="decimal"``: ``decimal.Decimal`` rounded to the penny, each
        row from the exact sum (so rows may differ from the rounded total by
        pennies); ``"exact"``: ``decimal.Decimal`` at full precision (rows add
        up exactly); ``"float"``: float64, for charts.

        Raises:
            InputError: an unknown breakdown key (the message lists them).
            ValueError: a key given twice, or an unknown ``money``.
        """
    def pressure(
        self, budget: Optional[Mapping[str, _Money]] = None, money: Literal["decimal", "float"] = "decimal", *, backend: _Backend = "pandas"
    ) -> _Frame:
        """Spend against budget, one row per budgeted financial year:
        financial_year, actual (spend to date), forecast (the rest of the
        year), outturn (actual + forecast), budget, pressure (outturn -
        budget: positive is an overspend), pressure_pct (percent of budget,
        to 0.1; None for a zero budget). Money is rounded to the penny from
        the exact sums. ``budget`` ({"2025-26": amount}) defaults to the
        forecast's own.

        Raises:
            ValueError: no budget here or on the forecast.
            InputError: a key that is not a financial year like ``"2025-26"``,
                or a float amount.
        """
    def issues_frame(self, *, backend: _Backend = "pandas") -> _Frame:
        """What could not be costed: file, row (nullable Int64), child,
        placement_group, code (``no_price``, ``unclassified``,
        ``unmatched_cost``), message, child_nights (float64). Nothing is
        silently costed at zero: every uncosted night is here."""
    def join(self, other: CostForecast) -> CostForecast:
        """Both forecasts' costs on one calendar (the union of their nights),
        with this one's breakdown and budget."""
    def plot(self, ax: Any = None) -> Any:
        """Bars of cost by financial year, stacked by placement group, with
        each budgeted year's budget drawn as a line across its bar; returns
        the matplotlib Figure. Needs matplotlib (``pip install matplotlib``).
        ``ax`` draws into an existing Axes."""
    def overview(self) -> list[Tuple[str, str]]:
        """The headline facts as ``(label, value)`` rows of text, the table a
        notebook shows (``_repr_html_``)."""
    def _repr_html_(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __copy__(self) -> CostForecast: ...
    def __deepcopy__(self, memo: Any, /) -> CostForecast: ...
    def __reduce__(self) -> Tuple[Any, Tuple[Any]]: ...

@final
class HighCost:
    """Placements at or above a weekly cost in a period, and the costliest
    placements' share of spend. Immutable, picklable, compared by value."""

    @property
    def threshold(self) -> decimal.Decimal:
        """The weekly threshold, in pounds."""
    @property
    def placements(self) -> int:
        """Placements in the period costing at least the threshold a week."""
    @property
    def all_placements(self) -> int:
        """All placements costed in the period."""
    @property
    def spend_share(self) -> decimal.Decimal:
        """The high-cost placements' share of spend in the period (0-1, to 4 places)."""
    @property
    def top_share(self) -> decimal.Decimal:
        """The ``top_n`` costliest placements' share of spend (0-1, to 4 places)."""
    @property
    def top(self) -> pd.DataFrame:
        """The costliest placements, largest spend first: child, start
        (the episode's DECOM), placement_group, weekly (the finance record's
        price, or the book's mix-weighted price on the first night), spend
        (in the period, to the penny); money as decimal.Decimal."""
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __copy__(self) -> HighCost: ...
    def __deepcopy__(self, memo: Any, /) -> HighCost: ...
    def __reduce__(self) -> Tuple[Any, Tuple[Any]]: ...

def forecast_costs(
    source: Union[Dataset, Projection, Tuple[Dataset, Projection]],
    prices: PriceBook,
    *,
    budget: Optional[Mapping[str, _Money]] = None,
    by: Optional[_CostBy] = None,
    actual_costs: Any = None,
    start: Optional[_Date] = None,
    end: Optional[_Date] = None,
    include_short_breaks: bool = False,
) -> CostForecast:
    """Costs placements at ``prices``, filling block contracts first and then
    buying by the route mix:

    - a ``Dataset``: the episodes on the nights ``start`` to ``end``
      (exclusive; default 1 April of the first collection year to the day
      after 31 March of the last), short breaks (LS V3/V4) left out unless
      ``include_short_breaks``;
    - a ``Projection``: the projected children on every night after its start;
    - ``(dataset, projection)``: the forecast outturn, actual spend from the
      1 April of the financial year holding the projection's start up to and
      including its start night, then the projection.

    ``actual_costs`` is a frame of finance-system costs overriding the book
    for single placements: child, episode_start (or decom), weekly (money),
    route, and optionally provider. ``budget`` ({"2025-26": amount}) is kept
    for ``pressure()`` and ``plot()``; ``by`` sets the default breakdown of
    ``to_pandas`` (``("financial_year", "placement_group")``).

    Placements that cannot be priced are listed in ``issues_frame()``.
    Costing runs without holding the GIL.

    Raises:
        InputError: an empty period; a projection starting outside the
            dataset's years; a bad budget or actual_costs frame; an unknown
            breakdown key; a book that does not check out.
        ValueError: ``start``/``end``/``actual_costs``/``include_short_breaks``
            with a Projection alone (or ``start``/``end`` with a pair).
        TypeError: a source of another kind.
    """

def cost_avoidance(children: _Number, weeks: int, group: str, start: _Date, prices: PriceBook) -> CostForecast:
    """The cost avoided when ``children`` children each spend ``weeks`` fewer
    weeks in ``group`` from ``start`` (keeping them out of care, or bringing
    them home sooner): the placements they would have had, priced night by
    night (honouring a 1 April uplift part-way) by the route mix, as a
    forecast to break down by financial year. 23 children kept out of 12
    weeks of in-house fostering at £477 a week avoid
    ``Decimal("131652.00")``.

    Raises:
        InputError: the book has no price for ``group`` (by any route in its
            mix) on a night needed.
        ValueError: negative children, or weeks outside 0..5200.
    """

def compare_costs(
        base: CostForecast, alternative: CostForecast, *, money: Literal["decimal", "float"] = "decimal", backend: _Backend = "pandas"
    ) -> _Frame:
    """``alternative`` against ``base`` by financial year: financial_year,
    base, alternative, difference (alternative - base, from the exact
    amounts: negative is a saving), to the penny."""

def high_cost_placements(
    dataset: Dataset,
    start: _Date,
    end: _Date,
    prices: PriceBook,
    *,
    threshold: _Money = 10000,
    top_n: int = 10,
    actual_costs: Any = None,
    include_short_breaks: bool = False,
) -> HighCost:
    """Placements costing at least ``threshold`` a week (at their finance
    record's price, else the book's mix-weighted price on their first night)
    on the nights ``start`` to ``end`` (exclusive), their share of spend, and
    the ``top_n`` costliest placements. Blocks are not apportioned.

    Raises:
        InputError: an empty period, a float threshold, a bad actual_costs frame.
        ValueError: a negative ``top_n``.
    """

def _cost_from_state(state: Any) -> Any:
    """Rebuilds a pickled PriceBook, CostForecast or HighCost (what their
    ``__reduce__`` names). Not part of the API."""

# ------------------------------------------------------------ sufficiency

__all__ += ["Supply", "SufficiencyReport", "Region", "assess", "read_supply", "_sufficiency_from_state"]

def read_supply(folder: _Path) -> Supply:
    """Reads a supply folder: providers.csv and settings.csv, and when
    present occupants.csv (child, setting) and authority.txt, as
    ``Supply.write_csv`` writes them. Bad rows are left out and listed in
    ``Supply.issues`` by file, row and column; raises InputError when a file
    is missing or is not CSV text."""

@final
class Supply:
    """Providers and their settings: the places an authority can use, with
    occupancy (own children, other authorities' children, vacant),
    commissioning route and weekly price."""

    @staticmethod
    def from_frames(
        providers: Any, settings: Any, *, occupants: Any | None = None, authority: str | None = None
    ) -> Supply:
        """Supply from a providers frame (provider, name, place_provider, urn)
        and a settings frame (setting, provider, kind, places, postcode, urn,
        min_age, max_age, kinship, route, weekly_price, specialisms, solo,
        own_children, other_children), and optionally an occupants frame
        (child, setting); bad rows are left out and listed in ``issues``."""
    def write_csv(self, folder: _Path) -> list[pathlib.Path]:
        """Writes providers.csv, settings.csv, occupants.csv and
        authority.txt under ``folder`` (created if need be), which
        ``read_supply`` reads back to an equal Supply; returns the files."""
    @property
    def occupants(self) -> pd.DataFrame:
        """child, setting: where the authority's own children live."""
    @property
    def issues(self) -> pd.DataFrame:
        """file, row, column, code, severity, message."""
    @property
    def providers(self) -> pd.DataFrame:
        """provider, name, place_provider (PR1-PR5)."""
    @property
    def settings(self) -> pd.DataFrame:
        """setting, provider, kind, places, postcode, urn, min_age, max_age,
        kinship, route, weekly_price (Decimal), specialisms, solo,
        own_children, other_children, vacant."""
    @property
    def authority(self) -> str | None:
        """The authority whose view this is."""
    def places(self, kind: str) -> int:
        """Total places of one kind: foster_household, childrens_home,
        supported_accommodation, secure."""
    def __len__(self) -> int: ...
    def overview(self) -> list[Tuple[str, str]]:
        """The headline facts as ``(label, value)`` rows of text, the table a
        notebook shows (``_repr_html_``)."""
    def _repr_html_(self) -> str: ...
    def __reduce__(self) -> Tuple[Any, Tuple[Any]]: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class SufficiencyReport:
    """An authority's (or a region's) sufficiency on a date: measures, gaps,
    the optimal matching of its children to places, and the marginal value of
    new places.

    A region's report also holds each member's own report: its frames list
    the region's rows, then each member's, after two more columns, ``level``
    (``"region"`` or ``"member"``) and ``member`` (the region's name or the
    member's code)."""

    @property
    def name(self) -> str:
        """Whose report: the authority's code, or the region's name."""
    @property
    def region_members(self) -> list[str]:
        """A region's members' codes; empty for an authority."""
    @property
    def members(self) -> list[SufficiencyReport]:
        """A region's members' own reports (each member's need against its
        own supply), in member order; empty for an authority."""
    @property
    def in_area_share(self) -> float | None:
        """Share of the placed children whose setting could be located who
        are placed inside the authority (for a region: inside any member)."""
    @property
    def children(self) -> int:
        """Children assessed, placed or not."""
    @property
    def on(self) -> datetime.date:
        """The assessment date."""
    @property
    def placed(self) -> int:
        """Children matched to a place."""
    @property
    def unmet(self) -> int:
        """Children the supply could not place."""
    @property
    def second_best_share(self) -> float | None:
        """Share of placed children who are second-best."""
    @property
    def right_type_share(self) -> float | None:
        """Share of placed children in their preferred type."""
    @property
    def within_20_share(self) -> float | None:
        """Share of placed children with a known distance within 20 miles."""
    @property
    def weekly_cost(self) -> decimal.Decimal:
        """Weekly price of the matched placements."""
    def metrics(self, *, backend: _Backend = "pandas") -> _Frame:
        """measure, value."""
    def gaps(self, *, backend: _Backend = "pandas") -> _Frame:
        """placement_type, age_band, area, need, places, open,
        occupied_by_others, specialist, access, numerical, gap, gap_class."""
    def matching(self, *, backend: _Backend = "pandas") -> _Frame:
        """One row per child: child, authority, setting, provider, placement_type, route,
        weekly_price, miles, right_type, right_place, second_best, reason,
        sibling_group."""
    def marginal_value(self, *, backend: _Backend = "pandas") -> _Frame:
        """placement_type, area, saving (how much the objective falls, pounds
        a week equivalent, > 0, best first), weekly_cost_change,
        miles_beyond_radius_change, second_best_change, placed_change (the
        last four for the re-solved rows)."""
    def plot(self, kind: Literal["gaps", "distance"] = "gaps", ax: Any = None) -> Any:
        """``kind="gaps"``: ``plot_gaps``; ``kind="distance"``: ``plot_distance``.
        Returns the matplotlib Figure. Needs matplotlib.

        Raises:
            ValueError: another ``kind``.
        """
    def plot_gaps(self, ax: Any = None) -> Any:
        """A heat map of the gap by placement type and age band (``gaps()``
        summed over areas; a region's own rows), each cell labelled. Returns
        the matplotlib Figure; ``ax`` draws into an existing Axes."""
    def plot_distance(self, ax: Any = None) -> Any:
        """A histogram, in 5-mile bins, of the miles from home of the placed
        children whose distance is known, with the 20-mile line. Returns the
        matplotlib Figure; ``ax`` draws into an existing Axes."""
    def overview(self) -> list[Tuple[str, str]]:
        """The headline facts as ``(label, value)`` rows of text, the table a
        notebook shows (``_repr_html_``)."""
    def _repr_html_(self) -> str: ...
    def __reduce__(self) -> Tuple[Any, Tuple[Any]]: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

_Need = Union[Dataset, Projection, Tuple[Dataset, Projection]]
_Member = Union[Authority, Tuple[_Need, Supply], Tuple[str, _Need, Supply]]

@final
class Region:
    """Member authorities assessed together: need and supply pooled, a
    placement with any member counting as inside the region.

    Each member is an ``Authority``, a ``(need, supply)`` pair (need as
    ``assess`` takes it; the code is ``supply.authority``) or a ``(code,
    need, supply)`` triple.

    Raises:
        TypeError: a member of another shape.
        ValueError: no members, a code twice, or a supply naming no authority.
    """

    def __new__(cls, name: str, members: Sequence[_Member]) -> Region: ...
    @property
    def name(self) -> str:
        """The region's name."""
    @property
    def members(self) -> list[str]:
        """The members' codes, in order."""
    @property
    def supply(self) -> Supply:
        """The members' supply pooled: each setting once (the most places any
        member lists), each member's children counted as the region's own."""
    def member(self, code: str) -> Tuple[Any, Supply]:
        """One member's need (a Dataset, a Projection or a (Dataset,
        Projection) pair) and supply.

        Raises:
            KeyError: ``code`` is not a member.
        """
    def __len__(self) -> int: ...
    def overview(self) -> list[Tuple[str, str]]:
        """The headline facts as ``(label, value)`` rows of text, the table a
        notebook shows (``_repr_html_``)."""
    def _repr_html_(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __copy__(self) -> Region: ...
    def __deepcopy__(self, memo: Any, /) -> Region: ...
    def __reduce__(self) -> Tuple[Any, Tuple[Any]]: ...

def assess(
    need: Union[_Need, Region, None] = None,
    supply: Optional[Supply] = None,
    *,
    on: datetime.date | str | None = None,
    policy: dict[str, Any] | None = None,
    region: Optional[Region] = None,
    prices: PriceBook | None = None,
    population: int | None = None,
    months: int = 1,
    moves: bool = False,
    progress: _ProgressArg = None,
) -> SufficiencyReport:
    """Assesses a cohort against a supply, or a region's members together:
    metrics, gaps, the optimal matching and the marginal value of one more
    place.

    ``need`` is a Dataset (its children in care on ``on``, default the end
    of its last collection year, re-placed from scratch), a Projection (the
    entrants it expects in the ``months`` from ``on``, default the night
    after its start, placed in vacant places) or a ``(Dataset,
    Projection)`` pair (entrants with homes like the dataset's recent
    entrants'). ``region`` (or a Region as ``need``) assesses a region
    instead: pass no need or supply. ``policy`` is a dict of policy
    settings; ``prices`` a PriceBook for places without a price;
    ``population`` the authority's children under 18, for the rate per
    10,000. ``moves=True`` adds, to a Projection's entrants, the children
    already in care its model expects to change placement group in the same
    months (ids ``move-...``), each needing a place of their new group's
    type. ``progress``: None (a tqdm bar per stage when tqdm is installed),
    False, or a callable ``(stage, done, total)`` returning False to cancel.

    Raises:
        TypeError: a need or region of another type, or both need and region.
        ValueError: a bad policy, supply or months; population for a region;
            region members with no common date and no ``on``.
        InputError: entrants whose homes cannot be left unknown.
    """

def _sufficiency_from_state(state: Any) -> Any: ...
