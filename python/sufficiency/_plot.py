"""Charts of forecasts, drawn with matplotlib.

matplotlib is imported only when a chart is drawn, so ``import sufficiency``
never needs it. Install it with ``pip install matplotlib`` (or
``pip install sufficiency[plot]``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._sufficiency import Projection


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise ImportError(
            f"Projection.plot() draws with matplotlib, which could not be imported ({e}). "
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
