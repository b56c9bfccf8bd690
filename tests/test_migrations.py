"""One alembic history for both backends, and the schema check at every start."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from regsync.adapters.sql import migrate
from regsync.adapters.sql.errors import NotInitialised, SchemaOutdated, SchemaTooNew
from regsync.adapters.sql.schema import metadata
from regsync.app.bootstrap import open_database
from regsync.core.testing import FixedClock
from tests.storage_helpers import NOW, open_node_db


def test_migrated_schema_equals_the_metadata(db_url: str) -> None:
    db = open_database(db_url, FixedClock(NOW))
    with db.connect() as conn:
        migrate.upgrade(conn)
        conn.commit()
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    db.dispose()
    assert diff == []


def test_downgrade_to_base_and_up_again(db_url: str) -> None:
    from alembic import command

    db = open_database(db_url, FixedClock(NOW))
    with db.connect() as conn:
        migrate.upgrade(conn)
        command.downgrade(migrate.alembic_config(conn), "base")
        assert sa.inspect(conn).get_table_names() == ["alembic_version"]
        migrate.upgrade(conn)
        conn.commit()
    assert db.schema_status().up_to_date
    db.dispose()


def test_empty_database_is_not_initialised(db_url: str) -> None:
    db = open_database(db_url, FixedClock(NOW))
    with pytest.raises(NotInitialised) as info:
        db.check_schema()
    assert "regsync init" in info.value.message("en")
    db.dispose()


def test_older_schema_asks_for_upgrade_and_upgrade_fixes_it(db_url: str) -> None:
    db = open_database(db_url, FixedClock(NOW))
    with db.connect() as conn:
        migrate.upgrade(conn, "0001")
        conn.commit()
    with pytest.raises(SchemaOutdated) as info:
        db.check_schema()
    assert "regsync db upgrade" in info.value.message("en")
    assert "regsync db upgrade" in info.value.message("zh")
    assert db.upgrade().current == migrate.head_revision()
    db.check_schema()
    db.dispose()


def test_newer_schema_is_refused_and_left_alone(db_url: str) -> None:
    db, _ = open_node_db(db_url)
    with db.connect() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
        conn.commit()
    with pytest.raises(SchemaTooNew) as info:
        db.check_schema()
    assert "9999" in info.value.message("en")
    with pytest.raises(SchemaTooNew):
        db.upgrade()  # never "downgrades" a newer database by accident
    with db.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "9999"
    db.dispose()
