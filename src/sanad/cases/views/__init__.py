"""Web pages of the cases area: the centre console, the citizen portal, public tracking."""
