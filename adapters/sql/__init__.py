"""What SQLite and PostgreSQL share: the schema, its migrations, the log store, the unit of work."""
