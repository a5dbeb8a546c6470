"""Files: JSON, Excel (.xlsx/.xlsm/.xls) and PDF. No Qt here."""
