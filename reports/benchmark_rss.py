"""The print's own peak RSS, for benchmark_chapter: Linux's peak of the process (VmHWM) can be
reset just before a print and read just after it, so nothing the process did before or after
counts (ru_maxrss alone never goes down)."""


def rss_mb(field: str) -> float | None:
    """VmRSS (now) or VmHWM (peak) of this process in MB; None where /proc is not there."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def reset_peak_rss() -> bool:
    # Linux ≥ 4.0: "5" resets the peak RSS (VmHWM, and so ru_maxrss) to the current RSS.
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def format_mb(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def added_per_page(row: dict) -> str:
    """What the print added to the process, per page: the RAM a worker needs beyond its start."""
    if row["before"] is None:
        return "–"
    return f"{(row['maxrss'] - row['before']) / row['pages']:.1f}"
