"""Frames in other libraries: every frame method takes ``backend="polars"``
to return a polars DataFrame instead of a pandas one.

polars is optional and imported only when asked for. Columns keep their
meaning: money stays exact (``decimal.Decimal`` becomes polars ``Decimal``),
dates stay dates (``Date``), missing values become nulls (pandas' NaN,
None, NaT and ``pd.NA`` alike), whole-number columns stay ``Int64`` and
flags ``Boolean``.
"""

from __future__ import annotations

from typing import Any

_DTYPES = {
    "int64": "Int64",
    "Int64": "Int64",
    "int32": "Int32",
    "float64": "Float64",
    "bool": "Boolean",
    "boolean": "Boolean",
}


def _polars() -> Any:
    try:
        import polars
    except ImportError as e:
        raise ImportError(
            f"backend='polars' returns a polars DataFrame, but polars could not be imported ({e}). "
            "Install it with `pip install polars`, or leave backend='pandas'."
        ) from e
    return polars


def to_polars(frame: Any) -> Any:
    """``frame`` (a pandas DataFrame) as a polars DataFrame, column by
    column in order; the index is dropped. Raises ImportError, saying how
    to install it, when polars is missing."""
    pl = _polars()
    columns = []
    for name in frame.columns:
        series = frame[name]
        values = series.astype(object).where(series.notna(), None).tolist()
        dtype = _DTYPES.get(str(series.dtype))
        if dtype is not None:
            columns.append(pl.Series(str(name), values, dtype=getattr(pl, dtype)))
        elif str(series.dtype) in ("str", "string") or (
            series.dtype == object and all(v is None or isinstance(v, str) for v in values)
        ):
            columns.append(pl.Series(str(name), values, dtype=pl.String))
        else:
            # Decimals, dates and mixed flags: let polars infer (Decimal, Date, Boolean).
            columns.append(pl.Series(str(name), values, strict=False))
    return pl.DataFrame(columns)
