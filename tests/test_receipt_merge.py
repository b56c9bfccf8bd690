"""An enterprise edit made while the city receives the application: the receipt wins
on every node, whatever order the two writes arrive in, and the edit is in the ledger."""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path

from regsync.app.bootstrap import Services, open_node
from regsync.core.errors import InvalidState
from regsync.core.model import Application, Conflict
from regsync.core.usecases.applications import edit_application
from regsync.core.usecases.receiving import receive_application
from tests.conftest import Cli
from tests.offices import PERSON, enrolled_chain, sync


def _state(s: Services, number: str) -> tuple[Application | None, list[tuple[object, ...]]]:
    with s.unit_of_work() as uow:
        ledger = [
            (c.id, c.field, c.kept_value, c.lost_value, c.kept_origin, c.lost_origin)
            for c in uow.find(Conflict)
        ]
        return uow.get(Application, number), ledger


def test_receipt_beats_a_concurrent_enterprise_edit_everywhere(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    chain = enrolled_chain(cli, tmp_path, firm_db=db_url)
    chain.firm("person", "add", "--id-number", PERSON, "--name", "李四")
    number = chain.firm("apply", "new", "--kind", "initial", "--specialty", "architect",
                        "--person", PERSON)  # fmt: skip
    with ExitStack() as stack:
        firm, city, province = (
            stack.enter_context(open_node(Path(o.home), cli.env))
            for o in (chain.firm, chain.city, chain.province)
        )
        with firm.unit_of_work() as uow:  # reported (the report command is issue 6's)
            app = uow.get(Application, number)
            assert app is not None
            uow.put(app.replace(stage="reported"))
            uow.commit()
        sync(firm, chain.firm, city, chain.city, tmp_path)

        # Offline on both sides: the firm edits, the city receives the reported data.
        # (The firm's use case refuses editing a reported application since issue 16;
        # the merge must still settle such a write, e.g. from a second PC of the firm
        # that had not seen the report, so it is written directly.)
        with firm.unit_of_work() as uow:
            late = uow.get(Application, number)
            assert late is not None
            uow.put(late.replace(person_name="李四（改）"))
            uow.commit()
        with city.unit_of_work() as uow:
            receive_application(uow, number)
            uow.commit()

        # The city sees receipt then edit; the firm edit then receipt; the province both.
        sync(firm, chain.firm, city, chain.city, tmp_path)
        sync(city, chain.city, province, chain.province, tmp_path)

        states = [_state(s, number) for s in (firm, city, province)]
        app, ledger = states[0]
        assert app is not None
        assert (app.stage, app.person_name) == ("received", "李四")
        assert [(f, kept, lost) for _, f, kept, lost, _, _ in ledger] == [
            (
                "person_name",
                json.dumps("李四", ensure_ascii=False),
                json.dumps("李四（改）", ensure_ascii=False),
            )
        ]
        assert states[1] == states[0]
        assert states[2] == states[0]

        with firm.unit_of_work() as uow:  # and the firm can no longer edit the round
            try:
                edit_application(uow, number, {"person_name": "again"})
            except InvalidState:
                pass
            else:
                raise AssertionError("a received round was editable")
