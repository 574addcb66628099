"""What the agency publishes and reports: open data on the allocation, the officers'
overview of a grant, the economic report to Kammarkollegiet (with the agency's own
requisition and administration costs), the report on the mission to the ministry, and the
case dossier for auditors and archiving."""
