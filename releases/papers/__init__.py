"""The papers SECAS writes to the Panel and its sub-committees, generated from the record as at a date:
the "SEC Releases update" and the "Approval to implement". Assembled into a plain dict (assemble.py),
then set as DOCX (docx.py, the RID's Word builder) and as PDF (pdf.py, the RID's WeasyPrint setup).
"""
