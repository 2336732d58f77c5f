"""Charts of forecasts, drawn with matplotlib.

matplotlib is imported only when a chart is drawn, so ``import sufficiency``
never needs it. Install it with ``pip install matplotlib`` (or
``pip install sufficiency[plot]``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._sufficiency import Backtest, CostForecast, Projection, SufficiencyReport


def _axes(ax: Any, what: str, figsize: Any = (10, 5.5)) -> Any:
    """``(fig, ax, created)``: a new figure and Axes, or ``ax`` and its figure."""
    plt = _pyplot(what)
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
        return fig, ax, True
    return ax.figure, ax, False


def _pyplot(what: str = "Projection.plot()") -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise ImportError(
            f"{what} draws with matplotlib, which could not be imported ({e}). "
            "Install it with `pip install matplotlib`."
        ) from e
    return plt


def plot_projection(projection: Projection, ax: Any = None) -> Any:
    """Draws ``projection`` as a stacked area chart by placement group (all
    age bands together) and returns the matplotlib Figure.

    The actual stock in the year before the start is drawn as dashed lines
    in each group's colour, stacked in the same order as the areas, so each
    line runs on into the top edge of its group's area. Groups with no
    children in the projection or the actuals are left out. ``ax`` draws into
    an existing Axes instead of a new figure.
    """
    plt = _pyplot()
    created = ax is None
    if created:
        fig, ax = plt.subplots(figsize=(10, 5.5))
    else:
        fig = ax.figure

    totals = projection.totals()
    actuals = projection.actuals_frame()
    wide_actuals = None
    if len(actuals):
        wide_actuals = actuals.pivot(index="date", columns="placement_group", values="children")
        wide_actuals = wide_actuals.reindex(columns=projection.groups, fill_value=0).astype(float)

    def has_children(group: str) -> bool:
        if (totals[group] > 0).any():
            return True
        return wide_actuals is not None and bool((wide_actuals[group] > 0).any())

    groups = [g for g in projection.groups if has_children(g)]
    dates = list(totals["date"])
    areas = ax.stackplot(dates, [totals[g].to_numpy() for g in groups], labels=groups, alpha=0.85)

    if wide_actuals is not None and groups:
        actual_dates = list(wide_actuals.index)
        level = None
        for group, area in zip(groups, areas):
            values = wide_actuals[group].to_numpy()
            level = values if level is None else level + values
            ax.plot(actual_dates, level, linestyle="--", linewidth=1.2, color=area.get_facecolor()[0])
        ax.axvline(projection.start, color="0.3", linewidth=0.8)

    ax.set_title(f"Children in care by placement group: {projection.scenario}")
    ax.set_ylabel("children")
    ax.set_xlabel("night")
    ax.set_ylim(bottom=0)
    ax.margins(x=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    if created:
        fig.tight_layout()
    return fig


def _pounds(value: float, _pos: Any = None) -> str:
    """An axis label in pounds: £1.2m, £350k, £900."""
    size = abs(value)
    if size >= 1e6:
        return f"£{value / 1e6:,.1f}m"
    if size >= 1e3:
        return f"£{value / 1e3:,.0f}k"
    return f"£{value:,.0f}"


def plot_costs(forecast: CostForecast, ax: Any = None) -> Any:
    """Draws ``forecast`` as bars of cost by financial year, stacked by
    placement group (in the order of the groups' total cost, largest at the
    bottom), with the budget of each year drawn as a black line across its
    bar when the forecast has one, and returns the matplotlib Figure.

    Heights are the pence-rounded amounts of
    ``forecast.to_pandas(by=("financial_year", "placement_group"))``, as
    floats (only the chart uses floats). A budget for a year with no cost
    still gets its place on the axis. ``ax`` draws into an existing Axes
    instead of a new figure.
    """
    plt = _pyplot("CostForecast.plot()")
    from matplotlib.ticker import FuncFormatter

    created = ax is None
    if created:
        fig, ax = plt.subplots(figsize=(10, 5.5))
    else:
        fig = ax.figure

    frame = forecast.to_pandas(by=("financial_year", "placement_group"), money="float")
    budget = forecast.budget or {}
    years = sorted(set(frame["financial_year"]) | set(budget))
    wide = frame.pivot_table(
        index="financial_year", columns="placement_group", values="cost", aggfunc="sum", fill_value=0.0
    ).reindex(index=years, fill_value=0.0)
    groups = list(wide.sum().sort_values(ascending=False, kind="stable").index)

    positions = list(range(len(years)))
    bottom = [0.0] * len(years)
    for group in groups:
        heights = [float(v) for v in wide[group]]
        ax.bar(positions, heights, bottom=bottom, width=0.7, label=group)
        bottom = [b + h for b, h in zip(bottom, heights)]

    if budget:
        at = [i for i, y in enumerate(years) if y in budget]
        ax.hlines(
            [float(budget[years[i]]) for i in at],
            [i - 0.45 for i in at],
            [i + 0.45 for i in at],
            colors="black",
            linewidths=2,
            label="budget",
        )

    ax.set_xticks(positions)
    ax.set_xticklabels(years)
    ax.set_title("Cost by financial year and placement group")
    ax.set_ylabel("cost")
    ax.set_xlabel("financial year")
    ax.yaxis.set_major_formatter(FuncFormatter(_pounds))
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    if created:
        fig.tight_layout()
    return fig


def plot_backtest(backtest: Backtest, ax: Any = None, group: str = "total") -> Any:
    """Draws ``backtest`` for one placement group (or the total): the actual
    stock at each month end as a black line with markers, and one line per
    method (the model, then the flat and linear baselines, dashed), and
    returns the matplotlib Figure.

    The lines are the columns of ``backtest.series()`` for that group, in
    the frame's order. ``ax`` draws into an existing Axes instead of a new
    figure.
    """
    fig, ax, created = _axes(ax, "Backtest.plot()")
    series = backtest.series()
    rows = series[series["placement_group"] == group]
    dates = list(rows["date"])
    ax.plot(dates, rows["actual"].to_numpy(), color="black", marker="o", linewidth=1.8, label="actual")
    methods = [c for c in series.columns if c not in ("date", "placement_group", "actual")]
    for method in methods:
        style = "-" if method == "model" else "--"
        ax.plot(dates, rows[method].to_numpy(), linestyle=style, linewidth=1.4, label=method)
    what = "all children" if group == "total" else group
    ax.set_title(f"Backtest from {backtest.origin}: {what}, actual against forecast")
    ax.set_ylabel("children")
    ax.set_xlabel("month end")
    ax.legend(loc="best", fontsize="small", frameon=False)
    if created:
        fig.tight_layout()
    return fig


def _region_rows(report: SufficiencyReport, frame: Any) -> Any:
    """A region report's own rows (its frames also hold each member's)."""
    if "level" in frame.columns:
        return frame[frame["level"] == "region"]
    return frame


def plot_gaps(report: SufficiencyReport, ax: Any = None) -> Any:
    """Draws the gap (children without a local place of the type they
    need) as a heat map of placement type (rows) by age band (columns),
    summed over areas, each cell labelled with its count, and returns the
    matplotlib Figure.

    The image's values are ``report.gaps()`` pivoted: the sum of ``gap``
    for each type and band (0 where there is no row). For a region, the
    region's own rows. ``ax`` draws into an existing Axes instead of a new
    figure.
    """
    fig, ax, created = _axes(ax, "SufficiencyReport.plot_gaps()", figsize=(8, 4.5))
    gaps = _region_rows(report, report.gaps())
    wide = gaps.pivot_table(index="placement_type", columns="age_band", values="gap", aggfunc="sum", fill_value=0)
    types = list(dict.fromkeys(gaps["placement_type"]))
    bands = sorted(dict.fromkeys(gaps["age_band"]), key=_band_start)
    wide = wide.reindex(index=types, columns=bands, fill_value=0)
    values = wide.to_numpy(dtype=float)
    image = ax.imshow(values, cmap="Reds", aspect="auto", vmin=0, vmax=max(1.0, float(values.max(initial=0.0))))
    ax.set_xticks(range(len(bands)))
    ax.set_xticklabels(bands)
    ax.set_yticks(range(len(types)))
    ax.set_yticklabels(types)
    top = values.max(initial=0.0)
    for i in range(len(types)):
        for j in range(len(bands)):
            v = values[i, j]
            ax.text(j, i, f"{v:.0f}", ha="center", va="center", color="white" if v > top / 2 else "black")
    ax.set_xlabel("age band")
    ax.set_ylabel("placement type")
    ax.set_title(f"Gap by placement type and age band: {report.name} on {report.on}")
    fig.colorbar(image, ax=ax, label="children without a local place")
    if created:
        fig.tight_layout()
    return fig


def _band_start(band: str) -> float:
    """The first age of a band label (``"under 1"``, ``"1-4"``, ``"16+"``), for ordering."""
    if band.startswith("under"):
        return -1.0
    digits = ""
    for c in band:
        if c.isdigit():
            digits += c
        elif digits:
            break
    return float(digits) if digits else float("inf")


def plot_distance(report: SufficiencyReport, ax: Any = None) -> Any:
    """Draws the miles from home of the matched placements as a histogram
    in 5-mile bins (from 0 to the first multiple of 5 above the farthest),
    with the 20-mile line, and returns the matplotlib Figure.

    The data are ``report.matching()``'s ``miles`` of the children placed
    whose distance is known (for a region, the region's own rows). ``ax``
    draws into an existing Axes instead of a new figure.
    """
    fig, ax, created = _axes(ax, "SufficiencyReport.plot_distance()", figsize=(8, 4.5))
    matching = _region_rows(report, report.matching())
    miles = matching.loc[matching["setting"].notna(), "miles"].dropna().astype(float).to_numpy()
    top = float(miles.max()) if len(miles) else 0.0
    bins = [5.0 * k for k in range(int(top // 5) + 2)]
    ax.hist(miles, bins=bins, color="tab:blue", edgecolor="white")
    ax.axvline(20, color="0.3", linestyle="--", linewidth=1, label="20 miles")
    ax.set_xlabel("miles from home")
    ax.set_ylabel("children")
    ax.set_title(f"Distance from home of placed children: {report.name} on {report.on}")
    ax.set_xlim(left=0)
    ax.legend(loc="upper right", fontsize="small", frameon=False)
    if created:
        fig.tight_layout()
    return fig
