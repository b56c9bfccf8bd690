"""Adapters: storage (SQLite, PostgreSQL), keys, and later documents and smart cards."""
