"""Is each cluster's Kubernetes version supported by its cloud today, and are its add-ons
pinned? Pure: no Pulumi import; `today` is passed in, so tests choose the day.

A version past its cloud's end of standard support is refused (the platform buys no
extended support: `hybrid_ai_shared/catalog/kubernetes_versions.yaml`); within
`WARNING_DAYS` of that end it is a warning, naming the date and the version to move to.
A version without pinned add-ons (GPU Operator, cluster-autoscaler) is refused: the program
could not choose their charts.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from hybrid_ai_platform.kubernetes.autoscaler_plan import installs_autoscaler
from hybrid_ai_platform.problems import Path, Problem
from hybrid_ai_platform.spec import Cluster, Environment
from hybrid_ai_shared.catalog.kubernetes_versions import (
    DATA_FILE,
    ServiceCalendar,
    VersionCatalog,
    load_version_catalog,
    minor_key,
)

ROOT: Path = ("environment",)
WARNING_DAYS = 90


def check_versions(
    env: Environment, today: datetime.date, catalog: VersionCatalog | None = None
) -> list[Problem]:
    """Errors: out-of-support versions and versions without pinned add-ons."""
    catalog = catalog or load_version_catalog()
    problems: list[Problem] = []
    for index, cluster in enumerate(env.clusters):
        problems += cluster_version_problems(index, cluster, today, catalog)
    return problems


def cluster_version_problems(
    index: int, cluster: Cluster, today: datetime.date, catalog: VersionCatalog
) -> Iterator[Problem]:
    path = ROOT + ("clusters", index, "kubernetesVersion")
    minor = cluster.kubernetes_version
    calendar = catalog.calendar(cluster.cloud)
    if calendar is None:
        return  # every cloud of the definition has one (the loader's `calendar`)
    window = calendar.versions.get(minor)
    if window is None:
        yield Problem(path, _unlisted(minor, cluster.cloud, calendar, today, catalog))
        return
    if today >= window.standard_end:
        yield Problem(
            path,
            f"Kubernetes {minor} left {calendar.service} standard support on "
            f"{window.standard_end.isoformat()}{_extended(window.extended_end, today)}; "
            f"{_move_to(minor, cluster.cloud, calendar, today, catalog)}",
        )
        return
    if not addons_cover(catalog, minor, cluster.cloud):
        needed = (
            "GPU Operator and cluster-autoscaler releases are"
            if installs_autoscaler(cluster.cloud)
            else "GPU Operator release is"
        )
        pinned = [m for m in catalog.pinned_minors() if addons_cover(catalog, m, cluster.cloud)]
        yield Problem(
            path,
            f"no {needed} pinned for Kubernetes {minor} on {calendar.service} (pinned: "
            f"{', '.join(pinned)}); use a pinned version or add them to the row of "
            f"{minor} in hybrid_ai_shared/catalog/{DATA_FILE} addons",
        )


def version_warnings(
    env: Environment, today: datetime.date, catalog: VersionCatalog | None = None
) -> list[Problem]:
    """Supported versions whose standard support ends within `WARNING_DAYS`."""
    catalog = catalog or load_version_catalog()
    warnings: list[Problem] = []
    for index, cluster in enumerate(env.clusters):
        calendar = catalog.calendar(cluster.cloud)
        window = calendar.versions.get(cluster.kubernetes_version) if calendar else None
        if calendar is None or window is None:
            continue
        left = (window.standard_end - today).days
        if 0 < left <= WARNING_DAYS:
            move = _move_to(cluster.kubernetes_version, cluster.cloud, calendar, today, catalog)
            warnings.append(
                Problem(
                    ROOT + ("clusters", index, "kubernetesVersion"),
                    f"Kubernetes {cluster.kubernetes_version} leaves {calendar.service} "
                    f"standard support on {window.standard_end.isoformat()} (in {left} "
                    f"day{'' if left == 1 else 's'}); {move}",
                )
            )
    return warnings


def supported_minors(
    cloud: str, calendar: ServiceCalendar, today: datetime.date, catalog: VersionCatalog
) -> list[str]:
    """Minors in standard support today whose add-ons for `cloud` are pinned, oldest first."""
    return [
        minor
        for minor in calendar.minors()
        if today < calendar.versions[minor].standard_end and addons_cover(catalog, minor, cloud)
    ]


def addons_cover(catalog: VersionCatalog, minor: str, cloud: str) -> bool:
    """Whether the add-on row of `minor` pins everything a cluster on `cloud` installs: the
    GPU Operator everywhere, the cluster autoscaler where `installs_autoscaler` says so."""
    addons = catalog.addons_for(minor)
    if addons is None:
        return False
    return addons.cluster_autoscaler is not None or not installs_autoscaler(cloud)


def _move_to(
    minor: str,
    cloud: str,
    calendar: ServiceCalendar,
    today: datetime.date,
    catalog: VersionCatalog,
) -> str:
    newer = [
        m
        for m in supported_minors(cloud, calendar, today, catalog)
        if minor_key(m) > minor_key(minor)
    ]
    if not newer:
        return (
            f"no newer {calendar.service} version has pinned add-ons yet: add one to "
            f"hybrid_ai_shared/catalog/{DATA_FILE}"
        )
    # The first that stays supported beyond the warning window, so a move is not followed
    # by another within three months; else the newest there is.
    lasting = [m for m in newer if (calendar.versions[m].standard_end - today).days > WARNING_DAYS]
    target = lasting[0] if lasting else newer[-1]
    end = calendar.versions[target].standard_end.isoformat()
    return f"move to {target} (supported until {end}, source {calendar.source})"


def _extended(extended_end: datetime.date | None, today: datetime.date) -> str:
    if extended_end is None:
        return ""
    verb = "ended" if today >= extended_end else "ends"
    return f" (paid extended support, which this platform does not use, {verb} {extended_end})"


def _unlisted(
    minor: str,
    cloud: str,
    calendar: ServiceCalendar,
    today: datetime.date,
    catalog: VersionCatalog,
) -> str:
    listed = calendar.minors()
    oldest = listed[0]
    if minor_key(minor) < minor_key(oldest):
        end = calendar.versions[oldest].standard_end
        verb = "left" if today >= end else "leaves"
        return (
            f"Kubernetes {minor} is out of {calendar.service} support: older than every "
            f"version the calendar lists (the oldest, {oldest}, {verb} standard support on "
            f"{end.isoformat()}); {_move_to(minor, cloud, calendar, today, catalog)}"
        )
    supported = ", ".join(supported_minors(cloud, calendar, today, catalog)) or "none"
    return (
        f"{calendar.service} does not offer Kubernetes {minor} "
        f"(listed: {', '.join(listed)}; supported today with pinned add-ons: {supported})"
    )
