"""Output formats: each a small function of the :class:`~hmirate.report.Report`."""
