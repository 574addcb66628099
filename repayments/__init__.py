"""Money coming back: what a region owes (its own reported unused amount, and the agency's
recovery claims, återkrav), the OCR references that identify them, repayments received
(registered by hand or imported from the bank, never booked silently when they do not
match), and the ledger that proves each region's case reconciles and closes at zero."""
