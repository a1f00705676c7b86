"""Tables for the terminal: a header row, then the rows, each column as wide as its widest cell."""

RIGHT = ">"
GAP = "  "


def table(headers: list[str], rows: list[list], align: str = "") -> list[str]:
    """The lines of a table; ``align`` has one character per column, ``>`` right-aligns it."""
    cells = [[str(cell) for cell in row] for row in [headers, *rows]]
    widths = [max(len(row[column]) for row in cells) for column in range(len(headers))]
    lines = []
    for row in cells:
        padded = [cell.rjust(width) if align[column:column + 1] == RIGHT else cell.ljust(width)
                  for column, (cell, width) in enumerate(zip(row, widths))]
        lines.append(GAP.join(padded).rstrip())
    return lines
