"""Appeal pages: the flow (appeals), statistics (stats), configuration (config)."""
