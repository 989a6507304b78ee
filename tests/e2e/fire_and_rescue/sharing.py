"""What fire and rescue shares: the kernel's events alone (services.common.sharing).

| domain event | shared event | fields shared |
|---|---|---|

Never shared: anything beyond the kernel's allow-list.
"""
