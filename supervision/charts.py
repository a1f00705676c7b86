"""The geometry of the dashboard's charts; the templates draw it as inline SVG (no scripts)."""
from dataclasses import dataclass

from supervision.stats import StepCount

WIDTH = 760
LABEL_WIDTH = 210  # step names are drawn left of the bars
VALUE_WIDTH = 150  # and the counts right of them
ROW_HEIGHT, BAR_HEIGHT = 28, 18
HOURS_HEIGHT, AXIS_HEIGHT, TOP_MARGIN = 200, 22, 16
HOURS_LEFT, HOURS_RIGHT = 30, 10  # margins of the hours chart


@dataclass(frozen=True)
class FunnelBar:
    """One step: a bar for the calls that reached it, inside it a bar for those that left there."""

    step: str
    y: float
    reached: int
    left: int
    reached_width: float
    left_width: float
    x: float = LABEL_WIDTH
    height: float = BAR_HEIGHT

    @property
    def label_x(self) -> float:
        """Where the step name ends, left of the bar."""
        return self.x - 8

    @property
    def value_x(self) -> float:
        """Where the counts start, right of the bar."""
        return self.x + self.reached_width + 6

    @property
    def text_y(self) -> float:
        """The baseline of the row's texts."""
        return self.y + 13


@dataclass(frozen=True)
class HourBar:
    """The calls that started in one hour."""

    hour: int
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    """An SVG canvas and what to draw on it."""

    width: int
    height: int
    bars: tuple
    calls: int  # how many calls the chart is about
    baseline: float = 0  # the x axis of vertical bars: from x = origin to x = width - origin
    origin: float = 0


def funnel_chart(rows: list[StepCount]) -> Chart:
    """Horizontal bars, one per step, scaled to the busiest step."""
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    most = max((row.reached for row in rows), default=0) or 1
    bars = tuple(
        FunnelBar(row.step, TOP_MARGIN + index * ROW_HEIGHT, row.reached, row.left,
                  round(room * row.reached / most, 1), round(room * row.left / most, 1))
        for index, row in enumerate(rows)
    )
    return Chart(WIDTH, TOP_MARGIN * 2 + ROW_HEIGHT * len(rows), bars, sum(row.left for row in rows))


def hours_chart(counts: list[int]) -> Chart:
    """Vertical bars, one per hour of the day, scaled to the busiest hour."""
    slot = (WIDTH - HOURS_LEFT - HOURS_RIGHT) / len(counts)
    room = HOURS_HEIGHT - AXIS_HEIGHT - TOP_MARGIN
    most = max(counts, default=0) or 1
    bars = []
    for hour, count in enumerate(counts):
        height = round(room * count / most, 1)
        bars.append(HourBar(hour, count, round(HOURS_LEFT + hour * slot + 2, 1), round(TOP_MARGIN + room - height, 1),
                            round(slot - 4, 1), height))
    return Chart(WIDTH, HOURS_HEIGHT, tuple(bars), sum(counts), HOURS_HEIGHT - AXIS_HEIGHT, HOURS_LEFT)
