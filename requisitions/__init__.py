"""From requisition to money paid: the region's requisition (rekvisition), the officer's
payment decision (beslut om utbetalning) or refusal, the second officer's release of the
disbursement (utbetalning), and the payment files for the agency's finance system."""
