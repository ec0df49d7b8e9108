"""Flows: the portal's screens as strict, checkable step files, and the values they use."""
