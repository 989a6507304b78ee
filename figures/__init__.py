"""Partnership figures from shared events, and the ASB case review."""
