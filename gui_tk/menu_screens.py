"""Which screen each menu item opens today.

One :func:`register` line per menu item and edition; every item of every edition
has its screen (``tests/gui/test_windows.py`` checks it).
"""

from __future__ import annotations

from regsync.core.model import Role
from regsync.gui_tk.applications import (
    ApplicationsScreen,
    PrintFormsScreen,
    QueryScreen,
    ReportScreen,
)
from regsync.gui_tk.backup import BackupScreen
from regsync.gui_tk.city_review import ForwardScreen, ReviewScreen
from regsync.gui_tk.conflicts import ConflictsScreen
from regsync.gui_tk.enrolment_status import EnrolmentStatusScreen
from regsync.gui_tk.enrolments import EnrolmentsScreen
from regsync.gui_tk.enterprise_registry import EnterprisesScreen
from regsync.gui_tk.exchange import (
    BundleExportScreen,
    BundleImportScreen,
    OnlineSyncScreen,
    PackageImportScreen,
)
from regsync.gui_tk.filings import ExamResultsScreen
from regsync.gui_tk.leave_province import ProvinceLeaveScreen
from regsync.gui_tk.navigation import register
from regsync.gui_tk.own_enterprise import EnterpriseInfoScreen, StatusScreen
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
from regsync.gui_tk.records import (
    CertificateHistoryScreen,
    CertificatesScreen,
    ContinuingEducationScreen,
    Grade2PersonsScreen,
    LeaveProvinceScreen,
)
from regsync.gui_tk.register_filing import FiledRegistrationsScreen
from regsync.gui_tk.registered import RegisteredPersonsScreen
from regsync.gui_tk.registry_screens import CancellationsScreen, ConductScreen
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
        register(role, "nav.online_sync", OnlineSyncScreen)
    register(Role.CITY, "nav.leave_province", LeaveProvinceScreen)
    register(Role.CITY, "nav.grade2_persons", Grade2PersonsScreen)
    for role in (Role.CITY, Role.PROVINCE):
        register(role, "nav.registered_persons", RegisteredPersonsScreen)
        register(role, "nav.cert_current", CertificatesScreen)
        register(role, "nav.cert_history", CertificateHistoryScreen)
        register(role, "nav.exam_results", ExamResultsScreen)
        register(role, "nav.continuing_education", ContinuingEducationScreen)
        register(role, "nav.enterprises", EnterprisesScreen)
    register(Role.PROVINCE, "nav.cancellations", CancellationsScreen)
    register(Role.PROVINCE, "nav.conduct", ConductScreen)
    register(Role.PROVINCE, "nav.leave_province", ProvinceLeaveScreen)
    register(Role.PROVINCE, "nav.grade2_persons", FiledRegistrationsScreen)
    for role in (Role.ENTERPRISE, Role.CITY, Role.PROVINCE):
        register(role, "nav.bundle_import", BundleImportScreen)
        register(role, "nav.bundle_export", BundleExportScreen)
        register(role, "nav.conflicts", ConflictsScreen)
    for role in Role:
        register(role, "nav.backup", BackupScreen)
    for role in (Role.CITY, Role.PROVINCE):
        register(role, "nav.enrolments", EnrolmentsScreen)
    for role in (Role.ENTERPRISE, Role.CITY):
        register(role, "nav.enrol_status", EnrolmentStatusScreen)
