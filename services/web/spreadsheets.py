"""What the web app's CSV downloads share."""


def cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (a note may start with =)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
