"""What imports the partnerships' records, from their lists' columns (`dcis.imports`):
companies (their contacts from the contacts' list, a reference list), groupings, trade shows
and the help given to companies. Market opportunities do not import: their status follows the
partnerships office's decisions, one by one."""

from dcis.imports import RecordImporter

from .models import Assistance, Company, Grouping, TradeShow
from .tables import AssistanceTable, CompanyTable, GroupingTable, TradeShowTable

# « receives opportunities » is worked out from the charter and whether the company is active.
COMPANIES = RecordImporter(Company, CompanyTable, columns={"receives": None})
GROUPINGS = RecordImporter(Grouping, GroupingTable)
TRADE_SHOWS = RecordImporter(TradeShow, TradeShowTable)
ASSISTANCE = RecordImporter(Assistance, AssistanceTable)
