"""Which screen each menu item opens today.

Issues 6 and 7 add their screens here (one :func:`register` line each); every item
not listed opens a placeholder that names the issue bringing it.
"""

from __future__ import annotations

from regsync.core.model import Role
from regsync.gui_tk.applications import (
    ApplicationsScreen,
    PrintFormsScreen,
    QueryScreen,
    ReportScreen,
)
from regsync.gui_tk.city_review import ForwardScreen, ReviewScreen
from regsync.gui_tk.enterprise import EnterpriseInfoScreen, StatusScreen
from regsync.gui_tk.exchange import BundleExportScreen, BundleImportScreen, PackageImportScreen
from regsync.gui_tk.navigation import register
from regsync.gui_tk.personal import (
    AmendEntryScreen,
    ChangeEntryScreen,
    DeclareScreen,
    InitialEntryScreen,
    RenewalEntryScreen,
    SampleScreen,
)
from regsync.gui_tk.persons import PersonsScreen
from regsync.gui_tk.province import AcceptScreen, ApproveScreen, IssueScreen
from regsync.gui_tk.receiving import ReceiveScreen
from regsync.gui_tk.registered import RegisteredPersonsScreen
from regsync.gui_tk.summary import SummaryScreen


def register_all() -> None:
    """Attach the screens whose use cases exist (idempotent)."""
    register(Role.PERSONAL, "nav.personal_info", PersonsScreen)
    register(Role.PERSONAL, "nav.entry_initial", InitialEntryScreen)
    register(Role.PERSONAL, "nav.entry_change", ChangeEntryScreen)
    register(Role.PERSONAL, "nav.entry_renewal", RenewalEntryScreen)
    register(Role.PERSONAL, "nav.entry_amend", AmendEntryScreen)
    register(Role.PERSONAL, "nav.sample_print", SampleScreen)
    register(Role.PERSONAL, "nav.declare", DeclareScreen)
    register(Role.ENTERPRISE, "nav.enterprise_persons", PersonsScreen)
    register(Role.ENTERPRISE, "nav.applications", ApplicationsScreen)
    register(Role.ENTERPRISE, "nav.enterprise_info", EnterpriseInfoScreen)
    register(Role.ENTERPRISE, "nav.registered_query", StatusScreen)
    register(Role.ENTERPRISE, "nav.data_receive", PackageImportScreen)
    register(Role.ENTERPRISE, "nav.data_report", ReportScreen)
    register(Role.ENTERPRISE, "nav.print_forms", PrintFormsScreen)
    register(Role.ENTERPRISE, "nav.report_status", QueryScreen)
    register(Role.CITY, "nav.receive", ReceiveScreen)
    register(Role.CITY, "nav.review", ReviewScreen)
    register(Role.CITY, "nav.forward", ForwardScreen)
    register(Role.CITY, "nav.query", QueryScreen)
    register(Role.PROVINCE, "nav.accept", AcceptScreen)
    register(Role.PROVINCE, "nav.approve", ApproveScreen)
    register(Role.PROVINCE, "nav.issue", IssueScreen)
    for role in (Role.ENTERPRISE, Role.CITY):
        register(role, "nav.print_summary", SummaryScreen)
    for role in (Role.CITY, Role.PROVINCE):
        register(role, "nav.registered_persons", RegisteredPersonsScreen)
    for role in (Role.ENTERPRISE, Role.CITY, Role.PROVINCE):
        register(role, "nav.bundle_import", BundleImportScreen)
        register(role, "nav.bundle_export", BundleExportScreen)
